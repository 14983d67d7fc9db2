package live

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"skerry/web/live/livetest"
)

// clientMessageCases also seed FuzzDecodeClientMessage.
var clientMessageCases = []struct {
	name, in string
	ok       bool
}{
	{"resync", `{"type":"resync"}`, true},
	{"ping with id", `{"type":"ping","id":"42"}`, true},
	{"unknown members ignored", `{"type":"ping","filter":{"x":1}}`, true},
	{"spaces", " \n{\"type\":\"resync\"}\t", true},
	{"unknown type", `{"type":"subscribe"}`, false},
	{"no type", `{}`, false},
	{"type not a string", `{"type":7}`, false},
	{"array", `[{"type":"ping"}]`, false},
	{"truncated", `{"type":"pi`, false},
	{"two values", `{"type":"ping"} {"type":"ping"}`, false},
	{"null", `null`, false},
	{"empty", ``, false},
	{"long id", `{"type":"ping","id":"` + string(make([]byte, 200)) + `"}`, false},
}

func TestDecodeClientMessage(t *testing.T) {
	for _, ca := range clientMessageCases {
		t.Run(ca.name, func(t *testing.T) {
			_, err := DecodeClientMessage([]byte(ca.in))
			if ca.ok {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
			}
		})
	}
}

func TestFrame(t *testing.T) {
	var m livetest.Msg
	require.NoError(t, json.Unmarshal(frame(nil, MsgPong, 7, nil), &m))
	require.Equal(t, livetest.Msg{Type: MsgPong, Seq: 7, Data: json.RawMessage("null")}, m)
}

func FuzzDecodeClientMessage(f *testing.F) {
	for _, ca := range clientMessageCases {
		f.Add([]byte(ca.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeClientMessage(b)
		if err != nil {
			// The error goes back to the client inside a JSON reply.
			if _, jerr := json.Marshal(replyData{Error: err.Error()}); jerr != nil {
				t.Fatal(jerr)
			}
			return
		}
		if m.Type != ClientResync && m.Type != ClientPing {
			t.Fatalf("accepted type %q", m.Type)
		}
		if len(m.ID) > maxClientID {
			t.Fatalf("accepted an id of %d bytes", len(m.ID))
		}
		if !utf8.ValidString(m.ID) {
			t.Fatalf("id %q is not UTF-8", m.ID)
		}
	})
}
