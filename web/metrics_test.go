package web

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live"
	"skerry/web/live/livetest"
)

func TestStateAgeCountsFromLastSeen(t *testing.T) {
	e := newFeedEnv(t, nil)
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, live.MsgSnapshot, c.Next().Type)
	// A state whose newest frame arrived 300 ms ago is at least that old
	// when written.
	e.fleet.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", SystemID: 1, At: time.Now().Add(-300 * time.Millisecond),
		Update: gcs.Identity{Mode: "AUTO"}})
	c.Until(func(m livetest.Msg) bool { return m.Type == live.MsgVehicle })
	var age live.Histogram
	require.Eventually(t, func() bool { age = e.hub.Metrics().StateAge; return age.Total() == 1 }, 10*time.Second, 5*time.Millisecond)
	for i, n := range age.Counts {
		if n > 0 && i < len(age.Bounds) {
			require.GreaterOrEqual(t, age.Bounds[i], 0.3, "bucket %d", i)
		}
	}
	require.GreaterOrEqual(t, age.Sum, 300*time.Millisecond)

	code, body := do(t, "GET", e.srv.URL+"/metrics", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, "# TYPE skerry_ws_state_age_seconds histogram\n")
	require.Contains(t, body, `skerry_ws_state_age_seconds_bucket{le="0.2"} 0`)
	require.Contains(t, body, "skerry_ws_state_age_seconds_count 1\n")
}

// TestMetricsThroughPrometheusClient: the station's names as before, and
// the Go runtime's and the process's beside them.
func TestMetricsThroughPrometheusClient(t *testing.T) {
	e := newFeedEnv(t, func(s *Server) {
		s.Stats = func() map[string]uint64 { return map[string]uint64{"telemetry_frames": 42, "parse errors": 3} }
	})
	code, body := do(t, "GET", e.srv.URL+"/metrics", "")
	require.Equal(t, 200, code)
	for _, want := range []string{
		"skerry_telemetry_frames 42\n", "skerry_parse_errors 3\n", "# TYPE skerry_telemetry_frames counter\n",
		"skerry_vehicles 0\n", "skerry_ws_clients 0\n", `skerry_ws_dropped_clients_total{reason="queue_full"} 0`,
		"# TYPE skerry_ws_write_seconds histogram\n", "go_goroutines ", "process_resident_memory_bytes ",
	} {
		require.Contains(t, body, want)
	}
}

func TestMetrics(t *testing.T) {
	e := newFeedEnv(t, func(s *Server) {
		s.Stats = func() map[string]uint64 { return map[string]uint64{"messages_in": 42, "parse-errors": 3} }
	})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "LOITER"})
	waitVehicles(t, e.hub, 1)
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, live.MsgSnapshot, c.Next().Type)

	require.Eventually(t, func() bool { return e.hub.Metrics().MessagesSent == 1 }, 10*time.Second, 5*time.Millisecond)
	code, body := do(t, "GET", e.srv.URL+"/metrics", "")
	require.Equal(t, 200, code)
	for _, want := range []string{
		"skerry_messages_in 42\n", "skerry_parse_errors 3\n", "skerry_vehicles 1\n", "skerry_ws_clients 1\n",
		"skerry_ws_messages_sent_total 1\n", "skerry_ws_coalesced_total 0\n", `skerry_ws_dropped_clients_total{reason="queue_full"} 0`,
		"skerry_ws_queue_drops_total 0\n", `skerry_ws_write_seconds_bucket{le="+Inf"} 1`, "skerry_ws_write_seconds_count 1\n",
		"# TYPE skerry_ws_write_seconds histogram\n",
	} {
		require.Contains(t, body, want)
	}
}

func TestMetricsGauges(t *testing.T) {
	e := newFeedEnv(t, func(s *Server) {
		s.Gauges = func() map[string]float64 { return map[string]float64{"maritime_targets": 12, "open incidents": 2.5} }
	})
	code, body := do(t, "GET", e.srv.URL+"/metrics", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, "# TYPE skerry_maritime_targets gauge\nskerry_maritime_targets 12\n")
	require.Contains(t, body, "skerry_open_incidents 2.5\n")
}
