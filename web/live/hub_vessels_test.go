package live

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
	"skerry/web/live/livetest"
)

var seenAt = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func newVessels(t *testing.T, e *hubEnv) *gcs.Vessels {
	t.Helper()
	vs := &gcs.Vessels{Events: e.hub.Events, Store: &gcstest.VesselStore{}, Now: func() time.Time { return seenAt }}
	require.NoError(t, vs.Initialize())
	t.Cleanup(vs.Close)
	return vs
}

func boat(id gcs.VesselID, lat float64, seen int) gcs.VesselUpdate {
	at := seenAt.Add(time.Duration(seen) * time.Second)
	return gcs.VesselUpdate{Vessel: gcs.Vessel{ID: id, Lat: lat, Lon: -5.4, ErrorM: 10, Course: 90, Speed: gcs.Unknown, Length: 12,
		Score: 0.9, LastSeen: at, SeenBy: []gcs.Sighting{{Vehicle: "l1-1", Stream: "c100s1", At: at, Box: [4]int{1, 2, 3, 4}}}}}
}

func vesselLat(t *testing.T, raw json.RawMessage) (gcs.VesselID, float64) {
	v := livetest.Decode[gcs.Vessel](t, raw)
	return v.ID, v.Lat
}

func TestVesselsAndDetectionsGoThroughTheFeed(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	vs := newVessels(t, e)
	vs.Update(boat("v1", 36.1, 0))
	_, err := vs.List(t.Context()) // applied
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		n := 0
		e.hub.do(func() { n = len(e.hub.vessels) })
		return n == 1
	}, 10*time.Second, time.Millisecond)

	c := livetest.Dial(t, e.ws, nil, false)
	m := c.Next()
	require.Equal(t, MsgSnapshot, m.Type)
	var snap struct{ Vessels []map[string]json.RawMessage }
	require.NoError(t, json.Unmarshal(m.Data, &snap))
	require.Len(t, snap.Vessels, 1)
	require.NotContains(t, snap.Vessels[0], "track")
	require.JSONEq(t, `null`, string(snap.Vessels[0]["speed"]))
	require.Contains(t, c.Vessels, "v1")

	vs.Update(boat("v1", 36.2, 2))
	vs.Update(boat("v2", 36.3, 3))
	m, _ = c.Until(func(m livetest.Msg) bool {
		if m.Type != MsgVessel {
			return false
		}
		id, _ := vesselLat(t, m.Data)
		return id == "v2"
	})
	id, lat := vesselLat(t, c.Vessels["v1"])
	require.Equal(t, gcs.VesselID("v1"), id)
	require.Equal(t, 36.2, lat, "upserted by id")
	require.Len(t, c.Vessels, 2)

	vs.Detected(gcs.Detections{Vehicle: "l1-1", Stream: "c100s1", Captured: seenAt, Width: 1280, Height: 720,
		Boxes: []gcs.DetectionBox{{X: 100, Y: 200, W: 40, H: 16, Score: 0.75, Vessel: "v1"}, {X: 5, Y: 6, W: 7, H: 8, Score: 0.5}}})
	vs.Detected(gcs.Detections{Vehicle: "l1-1", Stream: "c100s2", Captured: seenAt, Width: 640, Height: 480})
	m, _ = c.Until(func(m livetest.Msg) bool { return m.Type == MsgDetections })
	require.JSONEq(t, `{"vehicle":"l1-1","stream":"c100s1","captured":"2026-12-06T12:00:00Z","width":1280,"height":720,
		"boxes":[{"x":100,"y":200,"w":40,"h":16,"score":0.75,"vessel":"v1"},{"x":5,"y":6,"w":7,"h":8,"score":0.5}]}`, string(m.Data))
	m = c.Next()
	require.Equal(t, MsgDetections, m.Type)
	require.JSONEq(t, `{"vehicle":"l1-1","stream":"c100s2","captured":"2026-12-06T12:00:00Z","width":640,"height":480,"boxes":[]}`, string(m.Data))

	c.Send(`{"type":"resync"}`)
	m, _ = c.Until(func(m livetest.Msg) bool { return m.Type == MsgSnapshot })
	var again struct {
		Vessels []gcs.Vessel
		Other   map[string]json.RawMessage `json:"-"`
	}
	require.NoError(t, json.Unmarshal(m.Data, &again))
	require.Len(t, again.Vessels, 2)
	require.Equal(t, gcs.VesselID("v2"), again.Vessels[0].ID, "most recently seen first")
	require.NotContains(t, string(m.Data), "detections", "transient: not in the snapshot")
}

// TestSlowConsoleNeverHoldsTheHubForDetections: a console that stops
// reading gets each stream's latest detections and each contact's latest
// state when it reads again; it is not dropped for them, and the others
// get everything.
func TestSlowConsoleNeverHoldsTheHubForDetections(t *testing.T) {
	const streams, contacts, frames, maxQueue = 3, 5, 600, 8
	e := newHubEnv(t, envOptions{smallBufs: true, hub: func(h *Hub) { h.MaxQueue = maxQueue }})
	vs := newVessels(t, e)
	stalled := livetest.Dial(t, e.ws, nil, true)
	fast := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, fast.Next().Type)
	require.Eventually(t, func() bool { return e.hub.Metrics().Clients == 2 }, 10*time.Second, 5*time.Millisecond)

	boxes := make([]gcs.DetectionBox, 40) // some 2 kB a frame
	for i := range boxes {
		boxes[i] = gcs.DetectionBox{X: i, Y: i, W: 10, H: 10, Score: 0.5}
	}
	for f := 1; f <= frames; f++ {
		vs.Detected(gcs.Detections{Vehicle: "l1-1", Stream: fmt.Sprint("c100s", f%streams), Captured: seenAt.Add(time.Duration(f) * time.Millisecond),
			Width: 1280, Height: 720, Boxes: boxes})
		if f%10 == 0 {
			vs.Update(boat(gcs.VesselID(fmt.Sprint("v", (f/10)%contacts)), float64(f)/100, f))
		}
		total, queued := maxPending(e.hub)
		require.LessOrEqual(t, total, 1+streams+contacts+maxQueue)
		require.LessOrEqual(t, queued, maxQueue)
	}
	// The fast console ends with the last frame of each stream.
	last := map[string]time.Time{}
	fast.Until(func(m livetest.Msg) bool {
		if m.Type == MsgDetections {
			d := livetest.Decode[gcs.Detections](t, m.Data)
			last[d.Stream] = d.Captured
		}
		return len(last) == streams && last["c100s0"].Equal(seenAt.Add(frames*time.Millisecond))
	})
	require.Zero(t, e.hub.Metrics().DroppedClients["queue_full"], "detections and contacts never fill a queue")
	require.Equal(t, 2, e.hub.Metrics().Clients)

	// The stalled console catches up with the latest.
	got := map[string]time.Time{}
	stalled.Until(func(m livetest.Msg) bool {
		if m.Type == MsgDetections {
			d := livetest.Decode[gcs.Detections](t, m.Data)
			got[d.Stream] = d.Captured
		}
		return got["c100s0"].Equal(seenAt.Add(frames * time.Millisecond))
	})
	// And each contact's latest state (the tracker's updates reach the
	// hub in their own time: perhaps after the last detections).
	latest := func() bool {
		for i := range contacts {
			raw, ok := stalled.Vessels[fmt.Sprint("v", i)]
			if !ok {
				return false
			}
			if _, lat := vesselLat(t, raw); lat < float64(frames-50)/100 {
				return false
			}
		}
		return true
	}
	if !latest() {
		stalled.Until(func(livetest.Msg) bool { return latest() })
	}
	require.Zero(t, e.hub.Metrics().DroppedClients["queue_full"])
}
