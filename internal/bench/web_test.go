package bench_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/internal/bench"
	"skerry/internal/cli"
)

// childEnv makes the test binary act as the skerry binary: the web
// benchmark starts the simulator and the clients as child processes.
const childEnv = "SKERRY_BENCH_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestWebMeasures runs a small web benchmark and checks that it measured
// something real; speeds are not asserted.
func TestWebMeasures(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	t.Setenv(childEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := bench.Web(ctx, bench.WebConfig{
		Vehicles: 4, Clients: 3, Warmup: time.Second, Duration: 2 * time.Second,
		SimCommand: []string{exe, "sim"}, ClientsCommand: []string{exe, "bench", "web-clients"},
		Log: slog.New(slog.DiscardHandler), Progress: io.Discard,
	})
	require.NoError(t, err)
	require.Equal(t, 4, res.Seen)
	require.Positive(t, res.FramesPerVehicleSec)
	cl := res.Clients
	require.Equal(t, 3, cl.Clients)
	require.Positive(t, cl.MsgsPerSecMin, "every client received messages")
	require.Positive(t, cl.BytesPerSecMin)
	require.Equal(t, 4, cl.VehiclesMin, "every client heard of every vehicle")
	require.Positive(t, cl.Latency.N)
	require.Positive(t, cl.Latency.P50)
	require.LessOrEqual(t, cl.Latency.P50, cl.Latency.P99)
	require.LessOrEqual(t, cl.Latency.P99, cl.Latency.Max)
	require.Less(t, cl.Latency.Max, time.Minute, "a latency from the same clock is finite")
	require.Zero(t, cl.Latency.Negative)
	require.Zero(t, cl.SeqGaps)
	require.Empty(t, cl.Disconnects)
	require.Zero(t, cl.BadMessages)
	require.Positive(t, res.HubSent)
	require.Positive(t, res.StationCPU)
	require.Positive(t, res.StationPeakRSS)
}
