package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"skerry/gcs"
)

// stampBook remembers the burnt-in capture time of every analysed frame,
// and when the analysis hook had it (before detection), by the station's
// capture time of it, so that a contact's update can be timed from the
// moment the simulator rendered the frame it comes from. Safe for
// concurrent use.
type stampBook struct {
	mu     sync.Mutex
	stamps map[frameKey]frameTimes
	added  int
}

// frameTimes are a frame's burnt-in capture time and when the analysis
// hook had it.
type frameTimes struct{ stamp, hooked time.Time }

// frameKey names one frame: its stream and the station's capture time.
type frameKey struct {
	vehicle  gcs.VehicleID
	stream   string
	captured int64 // Unix nanoseconds
}

// stampKeep is how long a frame's stamp is kept.
const stampKeep = 2 * time.Minute

func (b *stampBook) put(vehicle gcs.VehicleID, stream string, captured, stamp, hooked time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stamps == nil {
		b.stamps = map[frameKey]frameTimes{}
	}
	b.stamps[frameKey{vehicle, stream, captured.UnixNano()}] = frameTimes{stamp, hooked}
	if b.added++; b.added%1000 == 0 {
		for k, t := range b.stamps {
			if stamp.Sub(t.stamp) > stampKeep {
				delete(b.stamps, k)
			}
		}
	}
}

func (b *stampBook) get(vehicle gcs.VehicleID, stream string, captured time.Time) (frameTimes, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.stamps[frameKey{vehicle, stream, captured.UnixNano()}]
	return t, ok
}

// contactConsole is a console on the station's live feed (GET /ws,
// web/live/PROTOCOL.md) that times every `vessel` message it receives
// against the capture of the newest frame the contact was seen in (its
// last_seen, and the sighting that has it). Safe for concurrent use.
type contactConsole struct {
	conn   *websocket.Conn
	stamps *stampBook
	done   chan struct{}

	mu       sync.Mutex
	on       bool
	updates  uint64
	stamped  uint64
	bad      uint64
	delay    latencyHist
	fromHook latencyHist // from the analysis hook having the frame
	contacts map[gcs.VesselID]bool
	streams  map[streamRef]bool // the streams whose sightings made updates while on
	// latest is each stream's newest sighting in an update since the
	// console connected (the station's capture time).
	latest map[streamRef]time.Time
	// near, when set, is how far a position is from the nearest boat of
	// the simulator's world at a capture time; onBoat counts the updates
	// within onBoatM of one while on, and boats their contacts.
	near   func(lat, lon float64, at time.Time) float64
	onBoat uint64
	boats  map[gcs.VesselID]bool
}

// onBoatM is how near a boat a contact must be to count as that boat.
const onBoatM = 100

// startContactConsole connects a console to the station at base.
// near may be nil.
func startContactConsole(ctx context.Context, base string, stamps *stampBook, near func(lat, lon float64, at time.Time) float64) (*contactConsole, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	ws := url.URL{Scheme: "ws", Host: u.Host, Path: "/ws"}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, ws.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	c := &contactConsole{conn: conn, stamps: stamps, done: make(chan struct{}), contacts: map[gcs.VesselID]bool{},
		streams: map[streamRef]bool{}, latest: map[streamRef]time.Time{}, near: near, boats: map[gcs.VesselID]bool{}}
	go c.read()
	return c, nil
}

// read takes messages until the connection closes.
func (c *contactConsole) read() {
	defer close(c.done)
	for {
		_, b, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		c.take(b, time.Now())
	}
}

// take handles one message received at now.
func (c *contactConsole) take(b []byte, now time.Time) {
	var m struct {
		Type string          `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Type != "vessel" {
		if err != nil {
			c.count(func() { c.bad++ })
		}
		return
	}
	var v gcs.Vessel
	if err := json.Unmarshal(m.Data, &v); err != nil || v.LastSeen.IsZero() {
		c.count(func() { c.bad++ })
		return
	}
	captured, stamped, hooked := v.LastSeen, false, time.Time{}
	for _, s := range v.SeenBy {
		if s.At.Equal(v.LastSeen) {
			if t, ok := c.stamps.get(s.Vehicle, s.Stream, s.At); ok {
				captured, stamped, hooked = t.stamp, true, t.hooked
			}
			break
		}
	}
	onBoat := c.near != nil && c.near(v.Lat, v.Lon, captured) <= onBoatM
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range v.SeenBy {
		if r := (streamRef{s.Vehicle, s.Stream}); s.At.After(c.latest[r]) {
			c.latest[r] = s.At
		}
	}
	if !c.on {
		return
	}
	c.updates++
	c.contacts[v.ID] = true
	if onBoat {
		c.onBoat++
		c.boats[v.ID] = true
	}
	for _, s := range v.SeenBy {
		if s.At.Equal(v.LastSeen) {
			c.streams[streamRef{s.Vehicle, s.Stream}] = true // the sighting that made this update
		}
	}
	if stamped {
		c.stamped++
		c.fromHook.add(now.Sub(hooked))
	}
	c.delay.add(now.Sub(captured))
}

func (c *contactConsole) count(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
}

// sighted returns the station's capture time of a stream's newest
// sighting that reached a console in a contact's update (zero: none).
func (c *contactConsole) sighted(r streamRef) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.latest[r]
}

func (c *contactConsole) start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on, c.updates, c.stamped, c.bad, c.delay, c.fromHook = true, 0, 0, 0, latencyHist{}, latencyHist{}
	c.contacts, c.streams, c.onBoat, c.boats = map[gcs.VesselID]bool{}, map[streamRef]bool{}, 0, map[gcs.VesselID]bool{}
}

// contactFigures is what the console measured.
type contactFigures struct {
	updates, stamped, bad, onBoat uint64
	contacts, boats               int
	streams                       map[streamRef]bool
	delay, fromHook               latencyHist
}

func (c *contactConsole) stop() contactFigures {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on = false
	return contactFigures{updates: c.updates, stamped: c.stamped, bad: c.bad, onBoat: c.onBoat,
		contacts: len(c.contacts), streams: c.streams, boats: len(c.boats), delay: c.delay, fromHook: c.fromHook}
}

func (c *contactConsole) close() {
	_ = c.conn.Close()
	<-c.done
}
