package web

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/view"
)

// hubEnv is a real fleet, a hub and an HTTP server serving both.
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
	server    func(*Server)
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
	s := &Server{Fleet: f, Hub: h, Operation: ops}
	if o.server != nil {
		o.server(s)
	}
	srv := httptest.NewUnstartedServer(s.Handler())
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

// wireMsg is a server message as a client sees it.
type wireMsg struct {
	Type string          `json:"type"`
	Seq  uint64          `json:"seq"`
	Data json.RawMessage `json:"data"`
	// Delta is set on a vehicle message that came as a vehicle_delta:
	// Data is then the whole state with the delta applied.
	Delta bool `json:"-"`
}

// wsTestClient reads server messages, checks their sequence numbers and
// applies vehicle_delta messages as a console does, so that tests see
// every vehicle state whole.
type wsTestClient struct {
	t        testing.TB
	conn     *websocket.Conn
	seq      uint64
	vehicles map[string]map[string]json.RawMessage // the states so far, by id, by member
}

func dialWS(t testing.TB, url string, header http.Header, smallBufs bool) *wsTestClient {
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	if smallBufs {
		d.ReadBufferSize = 1024
		d.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetReadBuffer(4096)
			}
			return c, err
		}
	}
	conn, res, err := d.Dial(url, header)
	require.NoError(t, err)
	_ = res.Body.Close()
	t.Cleanup(func() { _ = conn.Close() })
	return &wsTestClient{t: t, conn: conn, vehicles: map[string]map[string]json.RawMessage{}}
}

// next reads one message and checks it follows the previous one.
func (c *wsTestClient) next() wireMsg {
	c.t.Helper()
	m, err := c.tryNext()
	require.NoError(c.t, err)
	return m
}

func (c *wsTestClient) tryNext() (wireMsg, error) {
	_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var m wireMsg
	if err := c.conn.ReadJSON(&m); err != nil {
		return m, err
	}
	if m.Seq != c.seq+1 {
		c.t.Errorf("seq %d after %d: a gap", m.Seq, c.seq)
	}
	c.seq = m.Seq
	c.follow(&m)
	return m, nil
}

// follow keeps the vehicles' states as a console does and turns a
// vehicle_delta into the whole state it leads to.
func (c *wsTestClient) follow(m *wireMsg) {
	members := func(raw json.RawMessage) map[string]json.RawMessage {
		var v map[string]json.RawMessage
		if err := json.Unmarshal(raw, &v); err != nil {
			c.t.Errorf("%s: %v in %s", m.Type, err, raw)
		}
		return v
	}
	id := func(v map[string]json.RawMessage) string {
		var s string
		_ = json.Unmarshal(v["id"], &s)
		return s
	}
	switch m.Type {
	case MsgSnapshot:
		var snap struct{ Vehicles []json.RawMessage }
		_ = json.Unmarshal(m.Data, &snap)
		clear(c.vehicles)
		for _, raw := range snap.Vehicles {
			v := members(raw)
			c.vehicles[id(v)] = v
		}
	case MsgVehicle:
		v := members(m.Data)
		c.vehicles[id(v)] = v
	case MsgVehicleRemoved:
		delete(c.vehicles, id(members(m.Data)))
	case MsgVehicleDelta:
		d := members(m.Data)
		v, ok := c.vehicles[id(d)]
		if !ok {
			c.t.Errorf("vehicle_delta for %q, a vehicle not sent before", id(d))
			return
		}
		for k, raw := range d {
			if string(raw) == "null" {
				delete(v, k)
			} else {
				v[k] = raw
			}
		}
		whole, err := json.Marshal(v)
		if err != nil {
			c.t.Errorf("vehicle_delta: %v", err)
		}
		m.Type, m.Data, m.Delta = MsgVehicle, whole, true
	}
}

// until reads messages until cond holds for one; it returns how many it read.
func (c *wsTestClient) until(cond func(wireMsg) bool) (wireMsg, int) {
	c.t.Helper()
	for n := 1; ; n++ {
		m := c.next()
		if cond(m) {
			return m, n
		}
	}
}

func (c *wsTestClient) send(v string) {
	require.NoError(c.t, c.conn.WriteMessage(websocket.TextMessage, []byte(v)))
}

func decode[T any](t testing.TB, raw json.RawMessage) T {
	var v T
	require.NoError(t, json.Unmarshal(raw, &v))
	return v
}

// snapshotOf decodes a snapshot's data.
type snapshotOf struct {
	Vehicles  []gcs.Vehicle   `json:"vehicles"`
	Alerts    []gcs.Alert     `json:"alerts"`
	Operation *view.Operation `json:"operation"`
}

func vehicleAt(id gcs.VehicleID, lat float64) func(wireMsg) bool {
	return func(m wireMsg) bool {
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

	c := dialWS(t, e.ws, nil, false)
	m := c.next()
	require.Equal(t, MsgSnapshot, m.Type)
	require.Equal(t, uint64(1), m.Seq)
	snap := decode[snapshotOf](t, m.Data)
	require.Len(t, snap.Vehicles, 2)
	require.Equal(t, "LOITER", snap.Vehicles[0].Mode)
	require.Empty(t, snap.Alerts)

	observe(e.fleet, "l1-1", position(36.1))
	m, _ = c.until(vehicleAt("l1-1", 36.1))
	require.Equal(t, "LOITER", decode[gcs.Vehicle](t, m.Data).Mode)

	observe(e.fleet, "l1-2", gcs.BatteryUpdate{Battery: gcs.Battery{Remaining: 10, Voltage: 13.9}})
	m, _ = c.until(func(m wireMsg) bool { return m.Type == MsgAlert })
	a := decode[gcs.Alert](t, m.Data)
	require.Equal(t, "l1-2/battery_critical", a.ID)
	require.True(t, a.Active)
	observe(e.fleet, "l1-2", gcs.BatteryUpdate{Battery: gcs.Battery{Remaining: 90}})
	m, _ = c.until(func(m wireMsg) bool { return m.Type == MsgAlert })
	require.False(t, decode[gcs.Alert](t, m.Data).Active)

	// A new operation reaches connected consoles.
	op, err := gcs.NewOperation(gcs.Operation{Name: "harbour watch"})
	require.NoError(t, err)
	e.ops.Set(op)
	m, _ = c.until(func(m wireMsg) bool { return m.Type == MsgOperation })
	require.Equal(t, "harbour watch", decode[view.Operation](t, m.Data).Name)
}

func TestStalledReaderGetsCoalescedLatestState(t *testing.T) {
	e := newHubEnv(t, envOptions{smallBufs: true})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO"})
	waitVehicles(t, e.hub, 1)
	c := dialWS(t, e.ws, nil, true)
	require.Equal(t, MsgSnapshot, c.next().Type)

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

	_, n := c.until(vehicleAt("l1-1", 10.0))
	require.Less(t, n, 500, "1,000 changes should be coalesced into far fewer messages")
	require.Positive(t, e.hub.Metrics().Coalesced)
	t.Logf("1000 changes arrived as %d messages", n)
}

func TestResyncGivesNewSnapshot(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO"})
	waitVehicles(t, e.hub, 1)
	c := dialWS(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.next().Type)
	observe(e.fleet, "l1-1", position(1.5))
	c.until(vehicleAt("l1-1", 1.5))

	c.send(`{"type":"resync"}`)
	m, _ := c.until(func(m wireMsg) bool { return m.Type == MsgSnapshot })
	snap := decode[snapshotOf](t, m.Data)
	require.Len(t, snap.Vehicles, 1)
	require.Equal(t, 1.5, snap.Vehicles[0].Position.Lat)
}

func TestReconnectingClientStartsFromSnapshot(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO"})
	waitVehicles(t, e.hub, 1)
	c := dialWS(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.next().Type)
	require.NoError(t, c.conn.Close())
	require.Eventually(t, func() bool { return e.hub.Metrics().Clients == 0 }, 10*time.Second, 5*time.Millisecond)

	// Missed while away: a state change and a new vehicle.
	observe(e.fleet, "l1-1", position(2.5))
	observe(e.fleet, "l1-2", gcs.Identity{Mode: "LAND"})
	waitVehicles(t, e.hub, 2)
	require.Eventually(t, func() bool {
		v, _ := e.fleet.Vehicle("l1-1")
		return v.Position.Lat == 2.5
	}, 10*time.Second, 5*time.Millisecond)

	c = dialWS(t, e.ws, nil, false)
	m := c.next()
	require.Equal(t, MsgSnapshot, m.Type)
	require.Equal(t, uint64(1), m.Seq, "sequence numbers are per connection")
	snap := decode[snapshotOf](t, m.Data)
	require.Len(t, snap.Vehicles, 2)
	if snap.Vehicles[0].Position.Lat != 2.5 { // the hub may not have the change yet
		c.until(vehicleAt("l1-1", 2.5))
	}
}

func TestGatherSendsABurstAsOneState(t *testing.T) {
	e := newHubEnv(t, envOptions{hub: func(h *Hub) { h.Gather = 200 * time.Millisecond }})
	c := dialWS(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.next().Type)
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO"}) // a burst: identity, position, attitude
	observe(e.fleet, "l1-1", position(36.1))
	observe(e.fleet, "l1-1", gcs.AttitudeUpdate{Attitude: gcs.Attitude{Yaw: 90}})
	m := c.next()
	require.Equal(t, MsgVehicle, m.Type)
	v := decode[gcs.Vehicle](t, m.Data)
	require.Equal(t, 36.1, v.Position.Lat, "the first state sent already carries the whole burst")
	require.Equal(t, gcs.Reading(90), v.Attitude.Yaw)
}
