package live

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
	sqlstore "skerry/internal/store"
	"skerry/web/live/livetest"
	"skerry/web/view"
)

// TestEveryChangeComesFromTheEventStream: the hub has no ticker and no
// handler pushes into it, yet an order given by a front end other than
// HTTP (the demo script calls gcs.Commander.Order), a new operation and a
// saved plan reach a console, each from the core's event stream.
func TestEveryChangeComesFromTheEventStream(t *testing.T) {
	db, err := sqlstore.Open(filepath.Join(t.TempDir(), "skerry.db"))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	var plans gcs.PlanStore
	e := newHubEnv(t, envOptions{hub: func(h *Hub) { plans = gcs.AnnouncePlans(db.Plans(), h.Events) }})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "LOITER"})
	waitVehicles(t, e.hub, 1)
	c := livetest.Dial(t, e.ws, nil, false)
	m := c.Next()
	require.Equal(t, MsgSnapshot, m.Type)
	require.JSONEq(t, "[]", string(livetest.Decode[struct{ Plans json.RawMessage }](t, m.Data).Plans), "the plans the store had")

	up := &gcstest.Uplink{Answer: func(gcs.VehicleID, gcs.Command) error { return nil }}
	cmd := &gcs.Commander{Fleet: e.fleet, Uplink: up, Events: e.hub.Events}
	out, err := cmd.Order(context.Background(), []gcs.VehicleID{"l1-1"}, gcs.Command{Kind: gcs.CmdHold}, "")
	require.NoError(t, err)
	m, _ = c.Until(func(m livetest.Msg) bool { return m.Type == MsgResult })
	res := livetest.Decode[resultData](t, m.Data)
	require.Equal(t, out.ID, res.RequestID)
	require.Len(t, res.Results, 1)
	require.True(t, res.Results[0].OK)

	op, err := gcs.NewOperation(gcs.Operation{Name: "harbour watch"})
	require.NoError(t, err)
	e.ops.Set(op)
	m, _ = c.Until(func(m livetest.Msg) bool { return m.Type == MsgOperation })
	require.Equal(t, "harbour watch", livetest.Decode[view.Operation](t, m.Data).Name)

	_, err = plans.Save(context.Background(), gcs.StoredPlan{Name: "east breakwater", Kind: "drawn", Plan: []byte(hopPlan)})
	require.NoError(t, err)
	m, _ = c.Until(func(m livetest.Msg) bool { return m.Type == MsgPlans })
	list := livetest.Decode[[]view.SavedPlan](t, m.Data)
	require.Len(t, list, 1)
	require.Equal(t, "east breakwater", list[0].Name)
}

// TestHubThatFellBehindStartsItsConsolesAgain: when the hub falls more
// than its bound behind the core's stream, it counts what it lost and
// every console gets a fresh snapshot, then what came after.
func TestHubThatFellBehindStartsItsConsolesAgain(t *testing.T) {
	e := newHubEnv(t, envOptions{hub: func(h *Hub) { h.Events.QueueSize = 2 }})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "LOITER"})
	waitVehicles(t, e.hub, 1)
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)

	blocked, release := make(chan struct{}), make(chan struct{})
	go e.hub.do(func() { close(blocked); <-release }) // the hub is busy
	<-blocked
	for _, id := range []string{"o1", "o2", "o3", "o4", "o5"} { // o3 is one too many
		e.hub.Events.Publish(gcs.OrderEvent{ID: id, Kind: gcs.CmdHold})
	}
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "RTL"})
	e.fleet.Vehicles() // on the stream
	close(release)

	m := c.Next()
	require.Equal(t, MsgSnapshot, m.Type, "the console starts again from the picture")
	require.Equal(t, uint64(2), m.Seq, "no gap in the console's sequence")
	require.Equal(t, "LOITER", livetest.Decode[snapshotOf](t, m.Data).Vehicles[0].Mode, "the picture when the hub fell behind")
	for _, want := range []string{"o4", "o5"} {
		m = c.Next()
		require.Equal(t, MsgResult, m.Type)
		require.Equal(t, want, livetest.Decode[resultData](t, m.Data).RequestID)
	}
	m = c.Next()
	require.Equal(t, "RTL", livetest.Decode[gcs.Vehicle](t, m.Data).Mode)
	require.Equal(t, uint64(3), e.hub.Metrics().QueueDrops, "o1, o2, o3 were lost")
}

// TestHubLeavesNoGoroutineAfterClose runs a fleet and a hub in a bubble:
// synctest fails the test if a goroutine is left blocked after Close.
func TestHubLeavesNoGoroutineAfterClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		events := &gcs.Events{}
		f := &gcs.Fleet{Events: events}
		require.NoError(t, f.Initialize())
		h := &Hub{Events: events}
		require.NoError(t, h.Initialize())
		observe(f, "l1-1", gcs.Identity{Mode: "LOITER"})
		f.Vehicles()
		synctest.Wait() // the hub has read the stream
		require.Equal(t, 1, h.Metrics().Vehicles)
		h.Close()
		f.Close()
	})
}

// hopPlan is a small Skerry GeoJSON plan: take off, one waypoint, return.
const hopPlan = `{"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":null,"properties":{"kind":"plan","version":1,"name":"hop"}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[-5.4380,36.1270,40]},"properties":{"kind":"takeoff"}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[-5.4370,36.1275,40]},"properties":{"kind":"waypoint"}},
 {"type":"Feature","geometry":null,"properties":{"kind":"rtl"}}]}`
