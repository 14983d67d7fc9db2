package maritime

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestHistoryThinsAndBounds(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	var h history
	for s := 0; s < 600; s++ { // one point a second for ten minutes
		h.add(gcs.TrackPoint{At: t0.Add(time.Duration(s) * time.Second), Lat: float64(s)}, 5*time.Second, 5*time.Minute)
	}
	require.NotEmpty(t, h.points)
	last := h.points[len(h.points)-1]
	require.Equal(t, 599.0, last.Lat, "the history ends at the latest position")
	require.LessOrEqual(t, len(h.points), 5*60/5+2, "about one point per step within the span")
	require.GreaterOrEqual(t, len(h.points), 5*60/5-2)
	require.False(t, h.points[0].At.Before(last.At.Add(-5*time.Minute)), "nothing older than the span")
	h.add(gcs.TrackPoint{At: t0, Lat: -1}, 5*time.Second, 5*time.Minute)
	last = h.points[len(h.points)-1]
	require.Equal(t, 599.0, last.Lat, "an older point is ignored")
}

func TestJoinedPrefersCamera(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	var cam, ais history
	for s := 0; s < 10; s++ {
		ais.add(gcs.TrackPoint{At: t0.Add(time.Duration(s*10) * time.Second), Lat: 1}, time.Second, time.Hour)
	}
	for s := 5; s < 10; s++ {
		cam.add(gcs.TrackPoint{At: t0.Add(time.Duration(s*10) * time.Second), Lat: 2}, time.Second, time.Hour)
	}
	j := joined(&cam, &ais)
	require.Len(t, j, 10)
	require.Equal(t, 1.0, j[0].Lat)
	require.Equal(t, 2.0, j[9].Lat)
	require.Len(t, joined(nil, &ais), 10)
	require.Len(t, joined(&cam, nil), 5)
	require.Nil(t, joined(nil, nil))
}
