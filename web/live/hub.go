package live

import (
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"skerry/gcs"
)

// Hub is the consoles' live feed: it follows the core through one
// subscription to its event stream (gcs.Events) and nothing else, and
// fans every change out to the websocket clients of GET /ws (see
// PROTOCOL.md). One goroutine owns the fan-out state (the
// clients and a mirror of what they are shown); each client has a writer
// goroutine and a reader goroutine. A slow client only ever makes its own
// queue longer: vehicle states are coalesced, everything else is bounded,
// and a client over the bound or stuck in a write is dropped.
//
// Zero values of the exported fields mean the documented defaults. Call
// Initialize before use and Close when done.
type Hub struct {
	// Events is the core's event stream, the hub's only source: vehicle
	// states, alerts, every order's results (whoever gave it), the
	// operation, the saved plans, vessel contacts and detections;
	// required.
	Events *gcs.Events
	// Log receives connects, drops and errors; nil discards.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	// AllowedOrigins are the origins allowed besides the page's own and
	// loopback ones (http://127.0.0.1:*, http://localhost:*, http://[::1]:*),
	// e.g. "https://console.example.org"; "*" allows any origin.
	AllowedOrigins []string
	// MaxQueue bounds a client's queue of messages that are not
	// coalesced (alerts, results, replies); a client over it is dropped
	// with close code 1013 (default 256).
	MaxQueue int
	// WriteTimeout bounds one write to a client; a client that does not
	// take a message within it is dropped (default 10 s).
	WriteTimeout time.Duration
	// MaxRate caps the states of one vehicle sent to one client per
	// second (0: no cap). A client may ask for a lower cap with
	// ?max_rate=N.
	MaxRate float64
	// PingPeriod is how often clients are pinged; a client that answers
	// nothing for two periods is dropped (default 30 s).
	PingPeriod time.Duration
	// RecentAlerts is how many cleared alerts a snapshot carries (default 200).
	RecentAlerts int
	// ReadLimit bounds a client message; a larger one closes the
	// connection with code 1009 (default 64 KiB).
	ReadLimit int64
	// Gather is how long the hub lets the core's events gather after the
	// first before it fans them out: frames a vehicle sends close together (a
	// position, attitude and HUD burst) then go out as one message, not as
	// several, each to every console. It delays a change by up to Gather;
	// when every state went out whole, 5 ms sent a tenth fewer messages
	// and cut the p99 latency by a third at 250 vehicles and 100 consoles
	// on 2 cores (BENCHMARKS.md); with deltas it is not needed there.
	// Default 0: every change is handed on at once, as PROTOCOL.md
	// promises.
	Gather time.Duration
	// UnsentLimit bounds the bytes the kernel holds unsent for one client
	// (TCP_NOTSENT_LOWAT on Linux; bytes in flight are not counted). A
	// client that reads slower than the station writes then makes the
	// writes wait, so its vehicle states coalesce in the hub instead of
	// ageing in a socket buffer of megabytes (default 16 KiB; negative:
	// the kernel's own buffering).
	UnsentLimit int

	sub      *gcs.EventSub
	reqs     chan func()
	done     chan struct{}
	finished chan struct{}
	wg       sync.WaitGroup // client goroutines
	stats    hubStats
	once     sync.Once

	// Owned by the hub goroutine.
	clients  map[*wsClient]struct{}
	vehicles map[gcs.VehicleID]*outEntry // the latest state of each
	slots    map[gcs.VehicleID]int       // a small number per vehicle ever seen, for the outboxes
	keySlots map[string]int              // the same for each contact and stream's detections ever seen
	vessels  map[gcs.VesselID]hubVessel  // the latest state of each contact
	alerts   map[string]gcs.Alert
	op       *gcs.Operation
	plans    json.RawMessage // saved plans' summaries; nil: none announced
	snap     []byte          // cached snapshot data; nil when stale

	// The maritime picture's targets and incidents, owned by the hub
	// goroutine.
	targets   map[gcs.VesselID]hubTarget
	incidents map[string]hubIncident
}

// Initialize checks the configuration, subscribes to the event stream,
// takes its first snapshot and starts the hub goroutine.
func (h *Hub) Initialize() error {
	if h.Events == nil {
		return errors.New("live: Hub needs the core's Events")
	}
	h.defaults()
	h.stats.init()
	h.reqs = make(chan func())
	h.done = make(chan struct{})
	h.finished = make(chan struct{})
	h.clients = map[*wsClient]struct{}{}
	h.vehicles = map[gcs.VehicleID]*outEntry{}
	h.slots = map[gcs.VehicleID]int{}
	h.keySlots = map[string]int{}
	h.vessels = map[gcs.VesselID]hubVessel{}
	h.targets, h.incidents = map[gcs.VesselID]hubTarget{}, map[string]hubIncident{}
	h.alerts = map[string]gcs.Alert{}
	h.sub = h.Events.Subscribe()
	h.handle(h.sub.Next()) // the stream's snapshot: the picture to start from
	go h.run()
	return nil
}

func (h *Hub) defaults() {
	if h.Log == nil {
		h.Log = slog.New(slog.DiscardHandler)
	}
	if h.Now == nil {
		h.Now = time.Now
	}
	if h.MaxQueue <= 0 {
		h.MaxQueue = 256
	}
	if h.WriteTimeout <= 0 {
		h.WriteTimeout = 10 * time.Second
	}
	if h.PingPeriod <= 0 {
		h.PingPeriod = 30 * time.Second
	}
	if h.RecentAlerts <= 0 {
		h.RecentAlerts = 200
	}
	if h.ReadLimit <= 0 {
		h.ReadLimit = 64 << 10
	}
	if h.UnsentLimit == 0 {
		h.UnsentLimit = 16 << 10
	}
}

// Close disconnects every client (close code 1001) and stops the hub; it
// may be called more than once.
func (h *Hub) Close() {
	h.once.Do(func() { close(h.done) })
	<-h.finished
	h.wg.Wait()
}

func (h *Hub) run() {
	defer close(h.finished)
	defer h.sub.Cancel()
	gather := time.NewTimer(time.Hour)
	gather.Stop()
	defer gather.Stop()
	var gathering <-chan time.Time // set while changes gather
	for {
		select {
		case <-h.sub.C():
			if h.Gather <= 0 {
				h.handle(h.sub.Next())
			} else if gathering == nil {
				gather.Reset(h.Gather)
				gathering = gather.C
			}
		case <-gathering:
			gathering = nil
			h.handle(h.sub.Next())
		case req := <-h.reqs:
			req()
		case <-h.done:
			for c := range h.clients {
				h.drop(c, closeGoingAway, "station shutting down", "")
			}
			return
		}
	}
}

// do runs fn on the hub goroutine and waits; false once the hub is closed.
func (h *Hub) do(fn func()) bool {
	ran := make(chan struct{})
	select {
	case h.reqs <- func() { fn(); close(ran) }:
	case <-h.done:
		return false
	}
	<-ran
	return true
}

// broadcast queues a message that is not coalesced on every client,
// dropping those over their bound.
func (h *Hub) broadcast(e *outEntry) {
	for c := range h.clients {
		if !c.out.push(e, noVehicle) {
			h.drop(c, closeTryAgainLater, "too slow: more than "+itoa(h.MaxQueue)+" messages waiting", "queue_full")
		}
	}
}

// slot returns the vehicle's number, given when the hub first sees it and
// kept for good (a vehicle that comes back has its old one).
func (h *Hub) slot(id gcs.VehicleID) int {
	n, ok := h.slots[id]
	if !ok {
		n = len(h.slots) + len(h.keySlots)
		h.slots[id] = n
	}
	return n
}

// keySlot is slot for the other states that coalesce in the outboxes:
// vessel contacts and streams' detections, named by key. Slots are never
// reused: an outbox may still hold a state at a forgotten one.
func (h *Hub) keySlot(key string) int {
	n, ok := h.keySlots[key]
	if !ok {
		n = len(h.slots) + len(h.keySlots)
		h.keySlots[key] = n
	}
	return n
}

// register adds a client and queues its first snapshot.
func (h *Hub) register(c *wsClient) bool {
	return h.do(func() {
		h.wg.Add(2) // on the hub goroutine, so before Close waits
		h.sendSnapshot(c)
		h.clients[c] = struct{}{}
		h.stats.clients.Store(int64(len(h.clients)))
	})
}

// resync queues a fresh snapshot for c.
func (h *Hub) resync(c *wsClient) {
	h.do(func() {
		if _, ok := h.clients[c]; ok {
			h.sendSnapshot(c)
		}
	})
}

// unregister forgets a client whose connection ended; reason, when not
// empty, counts it as dropped.
func (h *Hub) unregister(c *wsClient, reason string) {
	h.do(func() {
		if _, ok := h.clients[c]; ok {
			h.remove(c, reason)
		}
	})
}

// drop closes a client with a close frame (sent once its writer is free)
// and forgets it. reason labels the drop in the metrics ("" for a normal
// close).
func (h *Hub) drop(c *wsClient, code int, text, reason string) {
	if n := c.out.close(code, text); reason != "" {
		h.stats.queueDrops.Add(uint64(n))
	}
	h.remove(c, reason)
}

func (h *Hub) remove(c *wsClient, reason string) {
	delete(h.clients, c)
	h.stats.clients.Store(int64(len(h.clients)))
	if reason != "" {
		h.stats.dropped(reason)
		h.Log.Warn("websocket client dropped", "remote", c.remote, "reason", reason)
	}
}
