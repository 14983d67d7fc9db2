// Package livetest is a console for tests of the live feed (GET /ws, see
// web/live/PROTOCOL.md): it checks that sequence numbers leave no gap,
// applies vehicle_delta messages as the browser console does, so that a
// test sees every vehicle state whole, and keeps the vessel contacts
// (snapshot, then vessel upserts by id).
//
// It reads the wire protocol by its documented names and imports nothing
// of web/live, so the feed's own tests can use it as well as the tests
// of the station's composition.
package livetest

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Message types a client follows (PROTOCOL.md).
const (
	typeSnapshot       = "snapshot"
	typeVehicle        = "vehicle"
	typeVehicleDelta   = "vehicle_delta"
	typeVehicleRemoved = "vehicle_removed"
	typeVessel         = "vessel"
)

// Msg is a server message as a client sees it.
type Msg struct {
	Type string          `json:"type"` // snapshot, vehicle, alert, result...
	Seq  uint64          `json:"seq"`  // 1, 2, 3... per connection
	Data json.RawMessage `json:"data"` // the message's data, as sent
	// Delta is set on a vehicle message that came as a vehicle_delta:
	// Data is then the whole state with the delta applied.
	Delta bool `json:"-"`
	// Sent is the vehicle_delta's data as sent, when Delta.
	Sent json.RawMessage `json:"-"`
}

// Client is one console connection.
type Client struct {
	// Conn is the websocket, for tests that write or close it themselves.
	Conn *websocket.Conn
	// Vehicles are the states so far, by id, by member.
	Vehicles map[string]map[string]json.RawMessage
	// Vessels are the contacts so far, by id, as sent.
	Vessels map[string]json.RawMessage

	t   testing.TB
	seq uint64
}

// Dial connects to url (ws://.../ws) with header; the connection is closed
// when the test ends. smallBufs gives the client small read buffers, so
// that a client that stops reading stalls the station's writes soon.
func Dial(t testing.TB, url string, header http.Header, smallBufs bool) *Client {
	t.Helper()
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
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	_ = res.Body.Close()
	t.Cleanup(func() { _ = conn.Close() })
	return &Client{t: t, Conn: conn, Vehicles: map[string]map[string]json.RawMessage{}, Vessels: map[string]json.RawMessage{}}
}

// Next reads one message and checks it follows the previous one; it fails
// the test when none comes within 10 s.
func (c *Client) Next() Msg {
	c.t.Helper()
	m, err := c.TryNext()
	if err != nil {
		c.t.Fatalf("reading the feed: %v", err)
	}
	return m
}

// TryNext is Next, returning the read's error instead of failing.
func (c *Client) TryNext() (Msg, error) {
	_ = c.Conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var m Msg
	if err := c.Conn.ReadJSON(&m); err != nil {
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
func (c *Client) follow(m *Msg) {
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
	case typeSnapshot:
		var snap struct{ Vehicles, Vessels []json.RawMessage }
		_ = json.Unmarshal(m.Data, &snap)
		clear(c.Vehicles)
		for _, raw := range snap.Vehicles {
			v := members(raw)
			c.Vehicles[id(v)] = v
		}
		clear(c.Vessels)
		for _, raw := range snap.Vessels {
			c.Vessels[id(members(raw))] = raw
		}
	case typeVessel:
		c.Vessels[id(members(m.Data))] = m.Data
	case typeVehicle:
		v := members(m.Data)
		c.Vehicles[id(v)] = v
	case typeVehicleRemoved:
		delete(c.Vehicles, id(members(m.Data)))
	case typeVehicleDelta:
		d := members(m.Data)
		v, ok := c.Vehicles[id(d)]
		if !ok {
			c.t.Errorf("vehicle_delta for %q, a vehicle not sent before", id(d))
			return
		}
		if err := ApplyDelta(v, d); err != nil {
			c.t.Errorf("vehicle_delta: %v", err)
		}
		whole, err := json.Marshal(v)
		if err != nil {
			c.t.Errorf("vehicle_delta: %v", err)
		}
		m.Type, m.Data, m.Delta, m.Sent = typeVehicle, whole, true, m.Data
	}
}

// Until reads messages until cond holds for one; it returns that one and
// how many it read.
func (c *Client) Until(cond func(Msg) bool) (Msg, int) {
	c.t.Helper()
	for n := 1; ; n++ {
		m := c.Next()
		if cond(m) {
			return m, n
		}
	}
}

// Send writes a client message.
func (c *Client) Send(v string) {
	c.t.Helper()
	if err := c.Conn.WriteMessage(websocket.TextMessage, []byte(v)); err != nil {
		c.t.Fatalf("send %s: %v", v, err)
	}
}

// Decode decodes a message's data, failing the test if it cannot.
func Decode[T any](t testing.TB, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decode %T from %s: %v", v, raw, err)
	}
	return v
}
