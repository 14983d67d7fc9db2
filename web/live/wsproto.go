package live

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"skerry/gcs"
	"skerry/web/view"
)

// Message types the hub sends; PROTOCOL.md describes each.
const (
	MsgSnapshot       = "snapshot"
	MsgVehicle        = "vehicle"
	MsgVehicleDelta   = "vehicle_delta"
	MsgVehicleRemoved = "vehicle_removed" // reserved: the fleet never forgets a vehicle yet
	MsgAlert          = "alert"
	MsgResult         = "result"
	MsgOperation      = "operation"
	MsgPlans          = "plans"
	MsgVessel         = "vessel"
	MsgDetections     = "detections"
	MsgPong           = "pong"
	MsgError          = "error"
)

// Message types a client sends.
const (
	ClientResync = "resync"
	ClientPing   = "ping"
)

// maxClientID bounds the optional id a client puts on its messages.
const maxClientID = 128

// ClientMessage is one message from a console: {"type":"resync"} or
// {"type":"ping","id":"42"}. ID is optional and echoed in the reply.
// Unknown members are ignored, so later consoles can add some.
type ClientMessage struct {
	Type string `json:"type"`
	ID   string `json:"id,omitempty"`
}

// DecodeClientMessage parses one client message. Its error texts are
// meant for the client: they say what was wrong with what it sent.
func DecodeClientMessage(b []byte) (ClientMessage, error) {
	var m ClientMessage
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return m, errors.New("empty message: send a JSON object such as {\"type\":\"resync\"}")
	}
	if b[0] != '{' {
		return m, errors.New("bad JSON: a message is a JSON object such as {\"type\":\"ping\"}")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil {
		return ClientMessage{}, fmt.Errorf("bad JSON: %v", err)
	}
	if dec.More() {
		return ClientMessage{}, errors.New("bad JSON: more than one value in one message")
	}
	if len(m.ID) > maxClientID {
		return ClientMessage{}, fmt.Errorf("id longer than %d bytes", maxClientID)
	}
	switch m.Type {
	case ClientResync, ClientPing:
		return m, nil
	case "":
		return m, errors.New("message has no \"type\": known types are resync and ping")
	}
	return m, fmt.Errorf("unknown message type %q: known types are resync and ping", truncate(m.Type, 64))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// frame encodes {"type":typ,"seq":seq,"data":data}; data is already JSON.
func frame(buf []byte, typ string, seq uint64, data []byte) []byte {
	buf = append(buf, `{"type":"`...)
	buf = append(buf, typ...)
	buf = append(buf, `","seq":`...)
	buf = strconv.AppendUint(buf, seq, 10)
	buf = append(buf, `,"data":`...)
	if len(data) == 0 {
		data = []byte("null")
	}
	buf = append(buf, data...)
	return append(buf, '}')
}

// frameDelta encodes a vehicle_delta of members m of r.
func frameDelta(buf []byte, seq uint64, r *vehicleRecord, m memberMask) []byte {
	buf = append(buf, `{"type":"`+MsgVehicleDelta+`","seq":`...)
	buf = strconv.AppendUint(buf, seq, 10)
	buf = append(buf, `,"data":`...)
	buf = r.appendDelta(buf, m)
	return append(buf, '}')
}

// snapshotData is the data of a snapshot. The maritime picture's targets
// and incidents are further members, added by maritimeSnapshot
// (hub_incidents.go); consoles ignore members they do not know.
type snapshotData struct {
	Vehicles  []json.RawMessage `json:"vehicles"`
	Alerts    []gcs.Alert       `json:"alerts"`
	Operation *view.Operation   `json:"operation"`
	Plans     json.RawMessage   `json:"plans,omitempty"` // saved plans' summaries, as GET /api/plans
	Vessels   []json.RawMessage `json:"vessels"`         // contacts without tracks, most recently seen first
}

// resultData is the data of result.
type resultData struct {
	RequestID string       `json:"request_id"`
	Results   []gcs.Result `json:"results"`
}

// replyData is the data of pong and error.
type replyData struct {
	ID    string `json:"id,omitempty"`
	Error string `json:"error,omitempty"`
}

// encode encodes a value the hub sends. The hub builds these itself and
// they always encode; should one ever fail, the failure is logged and
// counted (skerry_ws_encode_errors_total) and consoles get an error
// message in its place.
func (h *Hub) encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		h.encodeFailed(fmt.Sprintf("%T sent as an error", v), err)
		b, _ = json.Marshal(replyData{Error: "encoding: " + err.Error()})
	}
	return b
}

// encodeFailed logs and counts a value the hub could not encode.
func (h *Hub) encodeFailed(what string, err error) {
	h.stats.encodeErrors.Add(1)
	h.Log.Error("websocket message not encodable", "what", what, "err", err)
}
