package live

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live/livetest"
	"skerry/web/view"
)

// hubEnv is a real fleet, a hub and an HTTP server serving its feed at
// GET /ws.
type hubEnv struct {
	fleet *gcs.Fleet
	ops   *gcs.OperationStore
	hub   *Hub
	srv   *httptest.Server
	ws    string // ws:// URL of /ws
}

// envOptions tune newHubEnv.
type envOptions struct {
	hub       func(*Hub)
	smallBufs bool // shrink the server's socket buffers
}

func newHubEnv(t testing.TB, o envOptions) *hubEnv {
	events := &gcs.Events{}
	f := &gcs.Fleet{TickPeriod: time.Hour, Events: events}
	require.NoError(t, f.Initialize())
	ops := &gcs.OperationStore{Events: events}
	h := &Hub{Events: events}
	if o.hub != nil {
		o.hub(h)
	}
	require.NoError(t, h.Initialize())
	mux := http.NewServeMux()
	mux.Handle("GET /ws", h)
	srv := httptest.NewUnstartedServer(mux)
	if o.smallBufs {
		srv.Listener = smallBufListener{srv.Listener}
	}
	srv.Start()
	t.Cleanup(func() {
		h.Close()
		srv.Close()
		f.Close()
	})
	return &hubEnv{fleet: f, ops: ops, hub: h, srv: srv, ws: "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"}
}

// smallBufListener gives accepted connections small socket buffers, so a
// client that does not read stalls the server's writes quickly.
type smallBufListener struct{ net.Listener }

func (l smallBufListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4096)
		_ = tc.SetReadBuffer(4096)
	}
	return c, err
}

func observe(f *gcs.Fleet, id gcs.VehicleID, u gcs.Update) {
	f.Observe(gcs.Observation{Vehicle: id, Link: "l1", SystemID: 1, At: time.Now(), Update: u})
}

func position(lat float64) gcs.Update {
	return gcs.GlobalPosition{Position: gcs.Position{Lat: lat, Lon: -5.4}}
}

// snapshotOf decodes a snapshot's data.
type snapshotOf struct {
	Vehicles  []gcs.Vehicle   `json:"vehicles"`
	Alerts    []gcs.Alert     `json:"alerts"`
	Operation *view.Operation `json:"operation"`
}

func vehicleAt(id gcs.VehicleID, lat float64) func(livetest.Msg) bool {
	return func(m livetest.Msg) bool {
		if m.Type != MsgVehicle {
			return false
		}
		var v gcs.Vehicle
		_ = json.Unmarshal(m.Data, &v)
		return v.ID == id && v.Position.Lat == lat
	}
}

// hubHas tells whether the hub's picture has the vehicle at lat.
func hubHas(h *Hub, id gcs.VehicleID, lat float64) bool {
	var v gcs.Vehicle
	h.do(func() {
		if e := h.vehicles[id]; e != nil {
			_ = json.Unmarshal(e.payload(), &v)
		}
	})
	return v.Position.Lat == lat
}

func waitVehicles(t testing.TB, h *Hub, n int) {
	require.Eventually(t, func() bool { return h.Metrics().Vehicles == n }, 10*time.Second, 5*time.Millisecond)
}

func TestSnapshotThenDeltasInOrder(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "LOITER"})
	observe(e.fleet, "l1-2", gcs.Identity{Mode: "GUIDED"})
	waitVehicles(t, e.hub, 2)

	c := livetest.Dial(t, e.ws, nil, false)
	m := c.Next()
	require.Equal(t, MsgSnapshot, m.Type)
	require.Equal(t, uint64(1), m.Seq)
	snap := livetest.Decode[snapshotOf](t, m.Data)
	require.Len(t, snap.Vehicles, 2)
	require.Equal(t, "LOITER", snap.Vehicles[0].Mode)
	require.Empty(t, snap.Alerts)

	observe(e.fleet, "l1-1", position(36.1))
	m, _ = c.Until(vehicleAt("l1-1", 36.1))
	require.Equal(t, "LOITER", livetest.Decode[gcs.Vehicle](t, m.Data).Mode)

	observe(e.fleet, "l1-2", gcs.BatteryUpdate{Battery: gcs.Battery{Remaining: 10, Voltage: 13.9}})
	m, _ = c.Until(func(m livetest.Msg) bool { return m.Type == MsgAlert })
	a := livetest.Decode[gcs.Alert](t, m.Data)
	require.Equal(t, "l1-2/battery_critical", a.ID)
	require.True(t, a.Active)
	observe(e.fleet, "l1-2", gcs.BatteryUpdate{Battery: gcs.Battery{Remaining: 90}})
	m, _ = c.Until(func(m livetest.Msg) bool { return m.Type == MsgAlert })
	require.False(t, livetest.Decode[gcs.Alert](t, m.Data).Active)

	// A new operation reaches connected consoles.
	op, err := gcs.NewOperation(gcs.Operation{Name: "harbour watch"})
	require.NoError(t, err)
	e.ops.Set(op)
	m, _ = c.Until(func(m livetest.Msg) bool { return m.Type == MsgOperation })
	require.Equal(t, "harbour watch", livetest.Decode[view.Operation](t, m.Data).Name)
}

func TestStalledReaderGetsCoalescedLatestState(t *testing.T) {
	e := newHubEnv(t, envOptions{smallBufs: true})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO"})
	waitVehicles(t, e.hub, 1)
	c := livetest.Dial(t, e.ws, nil, true)
	require.Equal(t, MsgSnapshot, c.Next().Type)

	// The reader stalls while the vehicle changes 1,000 times, each
	// change reaching the hub on its own.
	for i := 1; i <= 1000; i++ {
		observe(e.fleet, "l1-1", position(float64(i)/100))
		for !hubHas(e.hub, "l1-1", float64(i)/100) {
		}
	}
	v, ok := e.fleet.Vehicle("l1-1")
	require.True(t, ok)
	require.Equal(t, 10.0, v.Position.Lat)

	_, n := c.Until(vehicleAt("l1-1", 10.0))
	require.Less(t, n, 500, "1,000 changes should be coalesced into far fewer messages")
	require.Positive(t, e.hub.Metrics().Coalesced)
	t.Logf("1000 changes arrived as %d messages", n)
}

func TestResyncGivesNewSnapshot(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO"})
	waitVehicles(t, e.hub, 1)
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)
	observe(e.fleet, "l1-1", position(1.5))
	c.Until(vehicleAt("l1-1", 1.5))

	c.Send(`{"type":"resync"}`)
	m, _ := c.Until(func(m livetest.Msg) bool { return m.Type == MsgSnapshot })
	snap := livetest.Decode[snapshotOf](t, m.Data)
	require.Len(t, snap.Vehicles, 1)
	require.Equal(t, 1.5, snap.Vehicles[0].Position.Lat)
}

func TestReconnectingClientStartsFromSnapshot(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO"})
	waitVehicles(t, e.hub, 1)
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)
	require.NoError(t, c.Conn.Close())
	require.Eventually(t, func() bool { return e.hub.Metrics().Clients == 0 }, 10*time.Second, 5*time.Millisecond)

	// Missed while away: a state change and a new vehicle.
	observe(e.fleet, "l1-1", position(2.5))
	observe(e.fleet, "l1-2", gcs.Identity{Mode: "LAND"})
	waitVehicles(t, e.hub, 2)
	require.Eventually(t, func() bool {
		v, _ := e.fleet.Vehicle("l1-1")
		return v.Position.Lat == 2.5
	}, 10*time.Second, 5*time.Millisecond)

	c = livetest.Dial(t, e.ws, nil, false)
	m := c.Next()
	require.Equal(t, MsgSnapshot, m.Type)
	require.Equal(t, uint64(1), m.Seq, "sequence numbers are per connection")
	snap := livetest.Decode[snapshotOf](t, m.Data)
	require.Len(t, snap.Vehicles, 2)
	if snap.Vehicles[0].Position.Lat != 2.5 { // the hub may not have the change yet
		c.Until(vehicleAt("l1-1", 2.5))
	}
}

func TestGatherSendsABurstAsOneState(t *testing.T) {
	e := newHubEnv(t, envOptions{hub: func(h *Hub) { h.Gather = 200 * time.Millisecond }})
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO"}) // a burst: identity, position, attitude
	observe(e.fleet, "l1-1", position(36.1))
	observe(e.fleet, "l1-1", gcs.AttitudeUpdate{Attitude: gcs.Attitude{Yaw: 90}})
	m := c.Next()
	require.Equal(t, MsgVehicle, m.Type)
	v := livetest.Decode[gcs.Vehicle](t, m.Data)
	require.Equal(t, 36.1, v.Position.Lat, "the first state sent already carries the whole burst")
	require.Equal(t, gcs.Reading(90), v.Attitude.Yaw)
}
