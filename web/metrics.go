package web

import (
	"bytes"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// writeBuckets are the upper bounds, in seconds, of the write latency
// histogram.
var writeBuckets = []float64{0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5}

// hubStats are the hub's counters; every field is safe to touch from any
// goroutine.
type hubStats struct {
	clients    atomic.Int64
	vehicles   atomic.Int64
	sent       atomic.Uint64
	received   atomic.Uint64
	coalesced  atomic.Uint64
	queueDrops atomic.Uint64
	snapshots  atomic.Uint64

	writeCounts [11]atomic.Uint64 // one per bucket, then +Inf
	writeSumNs  atomic.Uint64

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

func (s *hubStats) observeWrite(d time.Duration) {
	sec := d.Seconds()
	i := sort.SearchFloat64s(writeBuckets, sec)
	s.writeCounts[i].Add(1)
	s.writeSumNs.Add(uint64(d.Nanoseconds()))
}

// HubMetrics is a copy of the hub's counters.
type HubMetrics struct {
	Clients          int               // connected now
	Vehicles         int               // in the hub's picture
	MessagesSent     uint64            // written to clients
	MessagesReceived uint64            // read from clients
	Coalesced        uint64            // vehicle states replaced before they were sent
	QueueDrops       uint64            // messages discarded (dropped clients' queues, changes the hub missed)
	Snapshots        uint64            // snapshots queued (connects and resyncs)
	DroppedClients   map[string]uint64 // by reason: queue_full, write_timeout, write_error, message_too_big
}

// Metrics returns a copy of the hub's counters.
func (h *Hub) Metrics() HubMetrics {
	s := &h.stats
	m := HubMetrics{Clients: int(s.clients.Load()), Vehicles: int(s.vehicles.Load()), MessagesSent: s.sent.Load(),
		MessagesReceived: s.received.Load(), Coalesced: s.coalesced.Load(), QueueDrops: s.queueDrops.Load(),
		Snapshots: s.snapshots.Load(), DroppedClients: map[string]uint64{}}
	s.mu.Lock()
	for k, v := range s.drops {
		m.DroppedClients[k] = v
	}
	s.mu.Unlock()
	return m
}

// metrics serves GET /metrics in the Prometheus text format 0.0.4.
func (s *Server) metrics(w http.ResponseWriter, _ *http.Request) {
	var b bytes.Buffer
	if s.Stats != nil {
		stats := s.Stats()
		names := make([]string, 0, len(stats))
		for k := range stats {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			metric(&b, "skerry_"+metricName(k), "counter", "Station counter "+k+".", float64(stats[k]))
		}
	}
	if s.Hub != nil {
		s.Hub.writeMetrics(&b)
	} else if s.Fleet != nil {
		metric(&b, "skerry_vehicles", "gauge", "Vehicles the fleet knows.", float64(len(s.Fleet.IDs())))
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

func (h *Hub) writeMetrics(b *bytes.Buffer) {
	m := h.Metrics()
	metric(b, "skerry_vehicles", "gauge", "Vehicles the fleet knows.", float64(m.Vehicles))
	metric(b, "skerry_ws_clients", "gauge", "Websocket clients connected.", float64(m.Clients))
	metric(b, "skerry_ws_messages_sent_total", "counter", "Messages written to websocket clients.", float64(m.MessagesSent))
	metric(b, "skerry_ws_messages_received_total", "counter", "Messages read from websocket clients.", float64(m.MessagesReceived))
	metric(b, "skerry_ws_coalesced_total", "counter", "Vehicle states replaced by a newer one before they were sent.", float64(m.Coalesced))
	metric(b, "skerry_ws_queue_drops_total", "counter", "Messages discarded: queues of dropped clients and changes the hub missed.", float64(m.QueueDrops))
	metric(b, "skerry_ws_snapshots_total", "counter", "Snapshots queued for connects and resyncs.", float64(m.Snapshots))
	fmt.Fprintf(b, "# HELP skerry_ws_dropped_clients_total Websocket clients dropped, by reason.\n# TYPE skerry_ws_dropped_clients_total counter\n")
	reasons := []string{"message_too_big", "queue_full", "write_error", "write_timeout"}
	for _, r := range reasons {
		fmt.Fprintf(b, "skerry_ws_dropped_clients_total{reason=%q} %d\n", r, m.DroppedClients[r])
	}
	s := &h.stats
	fmt.Fprintf(b, "# HELP skerry_ws_write_seconds Time to write one message to a websocket client.\n# TYPE skerry_ws_write_seconds histogram\n")
	var cum uint64
	for i, le := range writeBuckets {
		cum += s.writeCounts[i].Load()
		fmt.Fprintf(b, "skerry_ws_write_seconds_bucket{le=%q} %d\n", strconv.FormatFloat(le, 'g', -1, 64), cum)
	}
	cum += s.writeCounts[len(writeBuckets)].Load()
	fmt.Fprintf(b, "skerry_ws_write_seconds_bucket{le=\"+Inf\"} %d\n", cum)
	fmt.Fprintf(b, "skerry_ws_write_seconds_sum %s\n", strconv.FormatFloat(float64(s.writeSumNs.Load())/1e9, 'g', -1, 64))
	fmt.Fprintf(b, "skerry_ws_write_seconds_count %d\n", cum)
}

func metric(b *bytes.Buffer, name, typ, help string, v float64) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n%s %s\n", name, help, name, typ, name, strconv.FormatFloat(v, 'g', -1, 64))
}

// metricName turns a counter name into a Prometheus metric name.
func metricName(s string) string {
	var b strings.Builder
	for i, r := range s {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || (i > 0 && r >= '0' && r <= '9')
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
