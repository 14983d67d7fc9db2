package bench_test

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/internal/bench"
)

// TestVideoTimesContactUpdates runs a short video benchmark with one
// camera drone sent to a slow boat (the simulator sped up so that it gets
// there soon): the station must make a contact of what the drone sees and
// the console time its updates. Speeds are not asserted. MJPEG keeps the
// station free of the H.264 decoder.
func TestVideoTimesContactUpdates(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	t.Setenv(childEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	res, err := bench.Video(ctx, bench.VideoConfig{
		Streams: 1, SimCommand: []string{exe, "sim"}, Width: 640, Height: 360, Codec: "mjpeg",
		Speedup: 8, MaxBoatSpeed: 2.5, Approach: 3 * time.Minute, Warmup: time.Second, Duration: 8 * time.Second,
		Log: slog.New(slog.DiscardHandler), Progress: testWriter{t},
	})
	require.NoError(t, err)
	require.Len(t, res.Watching, 1)
	require.NotEmpty(t, res.Watching[0].Boat, "the drone was given a boat")
	require.Positive(t, res.Analysed, "frames were analysed")
	require.Positive(t, res.Contacts, "the station made a contact of the boat")
	require.Equal(t, 1, res.Seeing, "from the drone's stream")
	require.Positive(t, res.OnBoat, "where a boat is")
	d := res.ToContact
	require.Positive(t, d.N, "contact updates were timed")
	require.Positive(t, res.Stamped, "some from the burnt-in capture time")
	require.LessOrEqual(t, res.Stamped, d.N)
	require.Positive(t, d.P50)
	require.LessOrEqual(t, d.P50, d.P90)
	require.LessOrEqual(t, d.P90, d.Max)
	require.Zero(t, d.Negative, "no update precedes its capture")
}

// testWriter writes progress to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
