package store

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func aisPoint(mmsi uint32, at time.Time, lat float64) AISPoint {
	sog := 12.5
	return AISPoint{MMSI: mmsi, At: at, Lat: lat, Lon: -5.4, SOG: &sog}
}

func TestAISHistoryAddsInBatchesAndReadsTracks(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	h := s.AISHistory()
	var pts []AISPoint
	// 300 points (more than a statement's batch) for 3 vessels.
	for i := range 100 {
		for v := range uint32(3) {
			pts = append(pts, aisPoint(224000000+v, raised0.Add(time.Duration(i)*5*time.Second), 36+float64(i)*1e-3))
		}
	}
	n, err := h.Add(ctx, pts)
	require.NoError(t, err)
	require.Equal(t, 300, n)
	n, err = h.Add(ctx, pts[:10])
	require.NoError(t, err)
	require.Zero(t, n, "points already kept are ignored")

	bad := []AISPoint{
		{MMSI: 0, At: raised0, Lat: 1},
		{MMSI: gcs.MaxMMSI + 1, At: raised0, Lat: 1},
		{MMSI: 1, At: raised0, Lat: 91},
		{MMSI: 1, At: raised0, Lon: math.NaN()},
		{MMSI: 1, At: time.Time{}},
		{MMSI: 1, At: raised0, SOG: ptr(math.Inf(1))},
		aisPoint(1, raised0, 0), // the only good one
	}
	n, err = h.Add(ctx, bad)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	n, err = h.Add(ctx, nil)
	require.NoError(t, err)
	require.Zero(t, n)
	require.NoError(t, s.Close())

	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	h = s2.AISHistory()
	tr, err := h.Track(ctx, 224000001, raised0.Add(490*time.Second))
	require.NoError(t, err)
	require.Len(t, tr, 2)
	require.Equal(t, gcs.TrackPoint{At: raised0.Add(490 * time.Second), Lat: 36.098, Lon: -5.4}, tr[0])
	require.True(t, tr[1].At.After(tr[0].At))
	all, err := h.Points(ctx, 224000002, time.Time{})
	require.NoError(t, err)
	require.Len(t, all, 100)
	require.Equal(t, 12.5, *all[0].SOG)
	require.Nil(t, all[0].COG)
	none, err := h.Track(ctx, 999, time.Time{})
	require.NoError(t, err)
	require.NotNil(t, none)
	require.Empty(t, none)
}

func ptr[T any](v T) *T { return &v }

func TestAISPointOf(t *testing.T) {
	_, ok := AISPointOf(&gcs.AISVessel{MMSI: 5})
	require.False(t, ok)
	_, ok = AISPointOf(nil)
	require.False(t, ok)
	v := &gcs.AISVessel{MMSI: 5, LastHeard: raised0, COG: ptr(90.0), Position: &gcs.AISPosition{Lat: 1, Lon: 2}}
	p, ok := AISPointOf(v)
	require.True(t, ok)
	require.Equal(t, AISPoint{MMSI: 5, At: raised0, Lat: 1, Lon: 2, COG: ptr(90.0)}, p, "heard time when the position has none")
	v.Position.Time = raised0.Add(-time.Second)
	p, _ = AISPointOf(v)
	require.Equal(t, raised0.Add(-time.Second), p.At)
}

func TestPruneHistoryPrunesAISPointsAndContacts(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	h := s.AISHistory()
	var pts []AISPoint
	for i := range pruneBatch + 500 { // more than one pruning transaction
		pts = append(pts, aisPoint(uint32(1+i%7), raised0.Add(time.Duration(i)*time.Second), 36))
	}
	_, err := h.Add(ctx, pts)
	require.NoError(t, err)
	require.NoError(t, s.Vessels().SaveVessel(ctx, sampleVessel("old", raised0), nil))
	require.NoError(t, s.Vessels().SaveVessel(ctx, sampleVessel("new", raised0.Add(24*time.Hour)), nil))

	cut := raised0.Add(time.Duration(pruneBatch+100) * time.Second)
	points, contacts, err := s.PruneHistory(ctx, cut)
	require.NoError(t, err)
	require.Equal(t, pruneBatch+100, points)
	require.Equal(t, 1, contacts)
	var left int
	require.NoError(t, s.db.QueryRow(`SELECT count(*) FROM ais_track`).Scan(&left))
	require.Equal(t, 400, left)
	tr, err := h.Track(ctx, 1, time.Time{})
	require.NoError(t, err)
	require.False(t, tr[0].At.Before(cut))

	n, err := h.Prune(ctx, time.Time{})
	require.NoError(t, err)
	require.Zero(t, n)
	n, err = h.Prune(ctx, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.Equal(t, 400, n, "a time past what the history holds prunes all")
}
