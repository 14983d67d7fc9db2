package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"skerry/web/live"
)

// metricsHandler serves GET /metrics through Prometheus's client library:
// the station's and the hub's counters under their skerry_ names, the Go
// runtime's and the process's.
func (s *Server) metricsHandler() http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), stationCollector{s})
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorLog: promLogger{s}, ErrorHandling: promhttp.ContinueOnError})
}

// promLogger hands the client library's errors to the server's log.
type promLogger struct{ s *Server }

func (l promLogger) Println(v ...any) { l.s.log().Error("metrics", "err", v) }

// stationCollector reads the counters at each scrape. It is unchecked (it
// describes nothing up front): the station counters are named by what the
// adapters report.
type stationCollector struct{ s *Server }

// Describe implements prometheus.Collector; see stationCollector.
func (stationCollector) Describe(chan<- *prometheus.Desc) {}

// Collect implements prometheus.Collector.
func (c stationCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.s
	if s.Stats != nil {
		stats := s.Stats()
		names := make([]string, 0, len(stats))
		for k := range stats {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			ch <- counter("skerry_"+metricName(k), "Station counter "+k+".", float64(stats[k]))
		}
	}
	if s.Gauges != nil {
		levels := s.Gauges()
		names := make([]string, 0, len(levels))
		for k := range levels {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			ch <- gauge("skerry_"+metricName(k), "Station level "+k+".", levels[k])
		}
	}
	switch {
	case s.Hub != nil:
		collectHub(ch, s.Hub.Metrics())
	case s.API != nil && s.API.Fleet != nil:
		ch <- gauge("skerry_vehicles", "Vehicles the fleet knows.", float64(len(s.API.Fleet.IDs())))
	}
}

// collectHub sends the hub's metrics.
func collectHub(ch chan<- prometheus.Metric, m live.Metrics) {
	ch <- gauge("skerry_vehicles", "Vehicles the fleet knows.", float64(m.Vehicles))
	ch <- gauge("skerry_ws_clients", "Websocket clients connected.", float64(m.Clients))
	ch <- counter("skerry_ws_messages_sent_total", "Messages written to websocket clients.", float64(m.MessagesSent))
	ch <- counter("skerry_ws_messages_received_total", "Messages read from websocket clients.", float64(m.MessagesReceived))
	ch <- counter("skerry_ws_coalesced_total", "Vehicle states replaced by a newer one before they were sent.", float64(m.Coalesced))
	ch <- counter("skerry_ws_vehicle_deltas_total", "Vehicle states sent as only the members that changed (vehicle_delta).", float64(m.Deltas))
	ch <- counter("skerry_ws_queue_drops_total", "Messages discarded: queues of dropped clients and changes the hub missed.", float64(m.QueueDrops))
	ch <- counter("skerry_ws_snapshots_total", "Snapshots queued for connects and resyncs.", float64(m.Snapshots))
	ch <- counter("skerry_ws_encode_errors_total", "Values the hub could not encode (logged; a vehicle state keeps the one before).", float64(m.EncodeErrors))
	dropped := prometheus.NewDesc("skerry_ws_dropped_clients_total", "Websocket clients dropped, by reason.", []string{"reason"}, nil)
	for _, r := range []string{"message_too_big", "queue_full", "write_error", "write_timeout"} {
		ch <- prometheus.MustNewConstMetric(dropped, prometheus.CounterValue, float64(m.DroppedClients[r]), r)
	}
	ch <- histogramMetric("skerry_ws_write_seconds", "Time to write to a websocket client what was ready (one socket write of up to 64 KiB, or one larger message).", m.WriteTime)
	ch <- histogramMetric("skerry_ws_state_age_seconds", "Age of the vehicle states written to websocket clients: from the station's receipt of the newest MAVLink frame in the state to the end of the socket write.", m.StateAge)
}

func counter(name, help string, v float64) prometheus.Metric {
	return prometheus.MustNewConstMetric(prometheus.NewDesc(name, help, nil, nil), prometheus.CounterValue, v)
}

func gauge(name, help string, v float64) prometheus.Metric {
	return prometheus.MustNewConstMetric(prometheus.NewDesc(name, help, nil, nil), prometheus.GaugeValue, v)
}

// histogramMetric turns a histogram copy into Prometheus's cumulative form.
func histogramMetric(name, help string, h live.Histogram) prometheus.Metric {
	buckets := make(map[float64]uint64, len(h.Bounds))
	var cum uint64
	for i, le := range h.Bounds {
		cum += h.Counts[i]
		buckets[le] = cum
	}
	return prometheus.MustNewConstHistogram(prometheus.NewDesc(name, help, nil, nil), h.Total(), h.Sum.Seconds(), buckets)
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
