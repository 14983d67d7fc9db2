package livetest

import (
	"encoding/json"
	"fmt"
)

// streamHealthMember is the vehicle_delta member that patches the
// streams' health and recording inside "cameras" (PROTOCOL.md).
const streamHealthMember = "stream_health"

// ApplyDelta applies the members d of a vehicle_delta to a vehicle's
// members v, as PROTOCOL.md tells a console to: each member replaces
// v's whole, null removes it, and stream_health sets the health and
// recording of every stream it names inside v's cameras.
func ApplyDelta(v, d map[string]json.RawMessage) error {
	for k, raw := range d {
		switch {
		case k == streamHealthMember:
			if err := applyStreamHealth(v, raw); err != nil {
				return err
			}
		case string(raw) == "null":
			delete(v, k)
		default:
			v[k] = raw
		}
	}
	return nil
}

func applyStreamHealth(v map[string]json.RawMessage, raw json.RawMessage) error {
	var patch map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &patch); err != nil {
		return fmt.Errorf("stream_health: %w", err)
	}
	var cams []map[string]json.RawMessage
	if err := json.Unmarshal(v["cameras"], &cams); err != nil {
		return fmt.Errorf("stream_health without cameras: %w", err)
	}
	for _, c := range cams {
		var streams []map[string]json.RawMessage
		if err := json.Unmarshal(c["streams"], &streams); err != nil {
			return fmt.Errorf("stream_health: streams: %w", err)
		}
		for _, s := range streams {
			var key string
			_ = json.Unmarshal(s["key"], &key)
			p, ok := patch[key]
			if !ok {
				return fmt.Errorf("stream_health has no entry for stream %q", key)
			}
			for _, name := range []string{"health", "recording"} {
				if val, ok := p[name]; ok && string(val) != "null" {
					s[name] = val
				} else {
					delete(s, name)
				}
			}
		}
		c["streams"], _ = json.Marshal(streams)
	}
	v["cameras"], _ = json.Marshal(cams)
	return nil
}
