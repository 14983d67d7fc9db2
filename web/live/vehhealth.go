package live

import (
	"encoding/json"
	"reflect"

	"skerry/gcs"
)

// streamHealthKey names the patch of a vehicle_delta that carries its
// streams' health and recording only. Ingest reports every watched
// stream's health once a second; sending the whole "cameras" member for
// it would repeat every camera's and stream's announcement each time.
var streamHealthKey = memberKey("stream_health")

// patchNeeded tells whether the delta of members m carries the
// stream_health patch: health changed and "cameras" is not sent whole.
func patchNeeded(m memberMask) bool {
	return m&healthMember != 0 && m&(1<<camerasMember) == 0
}

// streamHealth is one stream's entry of the patch.
type streamHealth struct {
	Health    *gcs.StreamHealth `json:"health"`
	Recording *gcs.Recording    `json:"recording"`
}

// healthPatch is the stream_health patch of r's state: every stream's
// health and recording (null when absent) by key, made once. Every
// stream is in it, so a patch coalesced over several states is whole.
func (r *vehicleRecord) healthPatch() []byte {
	r.healthOnce.Do(func() {
		p := map[string]streamHealth{}
		for _, c := range r.state.Cameras {
			for _, s := range c.Streams {
				p[s.Key] = streamHealth{s.Health, s.Recording}
			}
		}
		b, err := json.Marshal(p) // map keys sorted: the same state, the same bytes
		if err != nil {           // cameras encoded, so their health does
			b = []byte("{}")
		}
		r.health = b
	})
	return r.health
}

// sameCameraShape reports whether two camera lists differ at most in
// their streams' health and recording.
func sameCameraShape(a, b []gcs.VehicleCamera) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		ca, cb := a[i], b[i]
		if len(ca.Streams) != len(cb.Streams) {
			return false
		}
		ca.Streams, cb.Streams = nil, nil
		if !reflect.DeepEqual(ca, cb) {
			return false
		}
		for j := range a[i].Streams {
			sa, sb := a[i].Streams[j], b[i].Streams[j]
			sa.Health, sa.Recording, sb.Health, sb.Recording = nil, nil, nil, nil
			if sa != sb {
				return false
			}
		}
	}
	return true
}
