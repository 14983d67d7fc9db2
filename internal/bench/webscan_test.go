package bench

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// testVehicleMessage is a vehicle message as the hub frames it, with a
// path last_seen differing from the vehicle's and texts that look like
// JSON.
func testVehicleMessage(t testing.TB, seq uint64) ([]byte, gcs.Vehicle) {
	at := time.Date(2026, 11, 25, 12, 0, 0, 123456789, time.UTC)
	v := gcs.Vehicle{ID: "b1-17", Link: "b1", SystemID: 17, Type: "quadrotor", Mode: "AUTO", LastSeen: at,
		Position: gcs.Position{Lat: 36.13, Lon: -5.442, AltAMSL: 33.5, AltRel: 30},
		Paths:    []gcs.PathStatus{{Link: "b1", Remote: "127.0.0.1:5", Up: true, LastSeen: at.Add(-time.Second), Rate: 58.8}},
		Messages: []gcs.StatusText{{At: at, Text: `odd "last_seen":"x" {[}] \ text`}, {At: at, Text: "ArduCopter V4.5.7"}}}
	for i := range 13 {
		v.Health.Sensors = append(v.Health.Sensors, gcs.Sensor{Name: fmt.Sprint("sensor_", i), Enabled: true, Healthy: true})
	}
	data, err := json.Marshal(v)
	require.NoError(t, err)
	return fmt.Appendf(nil, `{"type":"vehicle","seq":%d,"data":%s}`, seq, data), v
}

func TestScanMessageVehicle(t *testing.T) {
	msg, v := testVehicleMessage(t, 4711)
	m, err := scanMessage(msg)
	require.NoError(t, err)
	require.Equal(t, "vehicle", string(m.typ))
	require.Equal(t, uint64(4711), m.seq)
	require.Equal(t, string(v.ID), string(m.id))
	at, err := time.Parse(time.RFC3339Nano, string(m.lastSeen))
	require.NoError(t, err)
	require.True(t, at.Equal(v.LastSeen), "got %s", at)
}

func TestScanMessageOthers(t *testing.T) {
	cases := []struct {
		name, msg, typ string
		seq            uint64
		bad            bool
	}{
		{"snapshot", `{"type":"snapshot","seq":1,"data":{"vehicles":[{"id":"a","last_seen":"x"}],"alerts":[],"operation":null}}`, "snapshot", 1, false},
		{"null data", `{"type":"operation","seq":9,"data":null}`, "operation", 9, false},
		{"spaces", ` { "seq" : 12 , "type" : "pong" , "data" : { "id" : "4\"2" } } `, "pong", 12, false},
		{"members later", `{"type":"alert","seq":3,"data":{},"extra":[1,{"a":"]"}]}`, "alert", 3, false},
		{"truncated", `{"type":"vehicle","seq":3,"data":{"id":"a`, "", 0, true},
		{"not an object", `[1,2]`, "", 0, true},
		{"bad seq", `{"type":"x","seq":"1"}`, "", 0, true},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			m, err := scanMessage([]byte(ca.msg))
			if ca.bad {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, ca.typ, string(m.typ))
			require.Equal(t, ca.seq, m.seq)
		})
	}
	m, err := scanMessage([]byte(cases[0].msg))
	require.NoError(t, err)
	require.Empty(t, m.lastSeen, "a snapshot's vehicles are not top-level members of data")
}

func BenchmarkScanMessage(b *testing.B) {
	msg, _ := testVehicleMessage(b, 1)
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if _, err := scanMessage(msg); err != nil {
			b.Fatal(err)
		}
	}
}

func TestScanTailTakesTheShortWayAndAgrees(t *testing.T) {
	msg, v := testVehicleMessage(t, 7)
	m, ok := scanTail(msg)
	require.True(t, ok)
	full, err := scanFull(msg)
	require.NoError(t, err)
	require.Equal(t, full, m)
	require.Equal(t, string(v.ID), string(m.id))
	require.Equal(t, v.LastSeen.Format(time.RFC3339Nano), string(m.lastSeen))
}

func TestScanTailDeclines(t *testing.T) {
	for _, msg := range []string{
		`{"type":"vehicle","seq":1,"data":{"link":"a","id":"x","last_seen":"t"}}`,     // id not first
		`{"type":"vehicle","seq":1,"data":{"id":"x","paths":[{"last_seen":"p"}]}}`,    // no top-level last_seen
		`{"type":"vehicle","seq":1,"data":{"id":"x","last_seen":"t"},"more":{"a":1}}`, // data not last
		`{"type":"vehicle","seq":1,"data":null}`,
		`{"seq":1,"data":{"id":"x","last_seen":"t"}}`, // no type before data
	} {
		_, ok := scanTail([]byte(msg))
		require.False(t, ok, msg)
	}
	// Declined messages still scan in full.
	m, err := scanMessage([]byte(`{"type":"vehicle","seq":1,"data":{"link":"a","id":"x","last_seen":"t"}}`))
	require.NoError(t, err)
	require.Equal(t, "t", string(m.lastSeen))
}

// FuzzScanTail puts arbitrary text where a vehicle state carries free
// text: the short way must find what the full scan finds.
func FuzzScanTail(f *testing.F) {
	for _, s := range []string{"", `"`, `\`, `\"`, `\\"`, `"last_seen":"x"`, `{[`, `]}`, "é\u2028", `\u0022`} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, text, remote string) {
		at := time.Date(2026, 11, 25, 12, 0, 0, 5, time.UTC)
		v := gcs.Vehicle{ID: "b1-1", Mode: text, LastSeen: at, Conflict: remote,
			Paths:    []gcs.PathStatus{{Remote: remote, LastSeen: at.Add(time.Hour)}},
			Messages: []gcs.StatusText{{Text: text}, {Text: remote}}}
		data, err := json.Marshal(v)
		require.NoError(t, err)
		msg := fmt.Appendf(nil, `{"type":"vehicle","seq":3,"data":%s}`, data)
		m, ok := scanTail(msg)
		require.True(t, ok, "%s", msg)
		require.Equal(t, at.Format(time.RFC3339Nano), string(m.lastSeen))
		require.Equal(t, "b1-1", string(m.id))
		full, err := scanFull(msg)
		require.NoError(t, err)
		require.Equal(t, full, m)
	})
}

func TestScanMessageReadsADelta(t *testing.T) {
	for _, msg := range []string{
		`{"type":"vehicle_delta","seq":9,"data":{"id":"b1-4","position":{"lat":1},"last_seen":"2026-11-26T02:00:00.5Z","paths":[{"last_seen":"p"}]}}`,
		`{"type":"vehicle_delta","seq":9,"data":{"id":"b1-4","paths":[{"last_seen":"p"}],"last_seen":"2026-11-26T02:00:00.5Z"}}`,
	} {
		m, err := scanMessage([]byte(msg))
		require.NoError(t, err)
		require.Equal(t, "vehicle_delta", string(m.typ))
		require.Equal(t, uint64(9), m.seq)
		require.Equal(t, "b1-4", string(m.id))
		require.Equal(t, "2026-11-26T02:00:00.5Z", string(m.lastSeen))
	}
	m, err := scanMessage([]byte(`{"type":"vehicle_delta","seq":10,"data":{"id":"b1-4","mode":"RTL"}}`))
	require.NoError(t, err)
	require.Equal(t, "b1-4", string(m.id))
	require.Empty(t, m.lastSeen, "a delta need not carry last_seen")
}
