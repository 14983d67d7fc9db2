package bench

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/web/live"
)

func TestHistBucketsRoundTrip(t *testing.T) {
	for _, us := range []uint64{0, 1, 127, 128, 129, 130, 255, 256, 1000, 12345, 1 << 30} {
		i := histBucket(us)
		require.LessOrEqual(t, us, histUpper(i), "%d µs", us)
		if i > 0 {
			require.Greater(t, us, histUpper(i-1), "%d µs", us)
		}
		require.LessOrEqual(t, float64(histUpper(i)-us), float64(us)/64+1, "%d µs: bucket too wide", us)
	}
}

func TestHistQuantilesAndMerge(t *testing.T) {
	var a, b latencyHist
	for ms := 1; ms <= 1000; ms++ { // 1..1000 ms, half in each histogram
		h := &a
		if ms%2 == 0 {
			h = &b
		}
		h.add(time.Duration(ms) * time.Millisecond)
	}
	b.add(-time.Millisecond)
	a.merge(&b)
	s := a.summary()
	require.Equal(t, uint64(1001), s.N)
	require.Equal(t, uint64(1), s.Negative)
	require.Equal(t, time.Second, s.Max)
	for _, c := range []struct {
		got, want time.Duration
	}{{s.P50, 500 * time.Millisecond}, {s.P90, 900 * time.Millisecond}, {s.P99, 990 * time.Millisecond}} {
		require.InDelta(t, float64(c.want), float64(c.got), float64(c.want)/50)
	}
	var empty latencyHist
	require.Equal(t, Latencies{}, empty.summary())
}

func TestHistDelta(t *testing.T) {
	h0 := live.Histogram{Bounds: []float64{0.001, 0.01, 0.1}, Counts: []uint64{5, 0, 0, 0}, Sum: time.Millisecond}
	h1 := live.Histogram{Bounds: h0.Bounds, Counts: []uint64{5, 90, 10, 0}, Sum: time.Millisecond + 100*5*time.Millisecond}
	l := histDelta(h0, h1)
	require.Equal(t, uint64(100), l.N)
	require.Equal(t, 10*time.Millisecond, l.P50)
	require.Equal(t, 100*time.Millisecond, l.P99)
	require.Equal(t, 100*time.Millisecond, l.Max)
	require.Equal(t, 5*time.Millisecond, l.Mean)
	require.Equal(t, Latencies{}, histDelta(h1, h1))
}
