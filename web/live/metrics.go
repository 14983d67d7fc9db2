package live

import (
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// writeBuckets are the upper bounds, in seconds, of the write latency
// histogram; one write carries every message ready at the time.
var writeBuckets = []float64{0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5}

// ageBuckets are the upper bounds, in seconds, of the state age histogram.
var ageBuckets = []float64{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5}

// histogram is a Prometheus histogram safe to touch from any goroutine.
type histogram struct {
	bounds []float64       // upper bounds in seconds
	counts []atomic.Uint64 // one per bound, then +Inf
	sumNs  atomic.Uint64
}

func newHistogram(bounds []float64) *histogram {
	return &histogram{bounds: bounds, counts: make([]atomic.Uint64, len(bounds)+1)}
}

func (h *histogram) observe(d time.Duration) {
	h.counts[sort.SearchFloat64s(h.bounds, d.Seconds())].Add(1)
	h.sumNs.Add(uint64(max(d, 0).Nanoseconds()))
}

// Histogram is a copy of a histogram: Counts[i] observations were at most
// Bounds[i] seconds (and above the bound before); the last count is above
// every bound.
type Histogram struct {
	Bounds []float64
	Counts []uint64
	Sum    time.Duration
}

// snapshot copies the histogram (empty before Hub.Initialize).
func (h *histogram) snapshot() Histogram {
	if h == nil {
		return Histogram{}
	}
	c := Histogram{Bounds: h.bounds, Counts: make([]uint64, len(h.counts)), Sum: time.Duration(h.sumNs.Load())}
	for i := range h.counts {
		c.Counts[i] = h.counts[i].Load()
	}
	return c
}

// Total returns how many observations the histogram holds.
func (h Histogram) Total() uint64 {
	var n uint64
	for _, c := range h.Counts {
		n += c
	}
	return n
}

// hubStats are the hub's counters; every field is safe to touch from any
// goroutine.
type hubStats struct {
	clients      atomic.Int64
	vehicles     atomic.Int64
	sent         atomic.Uint64
	received     atomic.Uint64
	coalesced    atomic.Uint64
	deltas       atomic.Uint64
	queueDrops   atomic.Uint64
	snapshots    atomic.Uint64
	encodeErrors atomic.Uint64

	writes *histogram // time per socket write
	ages   *histogram // vehicle states: frame received to socket written

	mu    sync.Mutex
	drops map[string]uint64
}

func (s *hubStats) dropped(reason string) {
	s.mu.Lock()
	if s.drops == nil {
		s.drops = map[string]uint64{}
	}
	s.drops[reason]++
	s.mu.Unlock()
}

func (s *hubStats) init() {
	s.writes = newHistogram(writeBuckets)
	s.ages = newHistogram(ageBuckets)
}

// Metrics is a copy of the hub's counters.
type Metrics struct {
	Clients          int               // connected now
	Vehicles         int               // in the hub's picture
	MessagesSent     uint64            // written to clients
	MessagesReceived uint64            // read from clients
	Coalesced        uint64            // vehicle states replaced before they were sent
	Deltas           uint64            // vehicle states sent as a vehicle_delta (part of MessagesSent)
	QueueDrops       uint64            // messages discarded (dropped clients' queues, changes the hub missed)
	Snapshots        uint64            // snapshots queued (connects and resyncs)
	EncodeErrors     uint64            // values the hub could not encode
	Writes           uint64            // socket writes, each carrying what was ready (MessagesSent/Writes per write)
	DroppedClients   map[string]uint64 // by reason: queue_full, write_timeout, write_error, message_too_big
	// StateAge is how old the vehicle states were when their socket write
	// ended: from the station's receipt of the newest MAVLink frame in
	// each (its last_seen) to the write. Time in the client's socket and
	// the client itself comes on top.
	StateAge Histogram
	// WriteTime is how long the socket writes took, each carrying what
	// was ready (one write of up to 64 KiB, or one larger message).
	WriteTime Histogram
}

// Metrics returns a copy of the hub's counters.
func (h *Hub) Metrics() Metrics {
	s := &h.stats
	m := Metrics{Clients: int(s.clients.Load()), Vehicles: int(s.vehicles.Load()), MessagesSent: s.sent.Load(),
		MessagesReceived: s.received.Load(), Coalesced: s.coalesced.Load(), Deltas: s.deltas.Load(), QueueDrops: s.queueDrops.Load(),
		Snapshots: s.snapshots.Load(), EncodeErrors: s.encodeErrors.Load(), DroppedClients: map[string]uint64{}}
	m.WriteTime = s.writes.snapshot()
	m.Writes = m.WriteTime.Total()
	m.StateAge = s.ages.snapshot()
	s.mu.Lock()
	for k, v := range s.drops {
		m.DroppedClients[k] = v
	}
	s.mu.Unlock()
	return m
}

func itoa(n int) string { return strconv.Itoa(n) }
