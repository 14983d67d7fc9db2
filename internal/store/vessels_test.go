package store

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

var (
	seen0 = time.Date(2026, 12, 6, 12, 0, 0, 123456789, time.UTC)
	crop  = []byte("\xff\xd8\xff\xe0 crop \xff\xd9")
)

func sampleVessel(id gcs.VesselID, at time.Time) gcs.Vessel {
	return gcs.Vessel{ID: id, Lat: 36.12, Lon: -5.41, ErrorM: 9.5, Course: 271, Speed: 3.2, Length: gcs.Unknown, Score: 0.87,
		FirstSeen: at, LastSeen: at,
		SeenBy: []gcs.Sighting{{Vehicle: "sim1-1", Stream: "c100s1", At: at, Box: [4]int{1, 2, 3, 4}}},
		Track:  []gcs.TrackPoint{{At: at, Lat: 36.12, Lon: -5.41, ErrorM: 9.5}}}
}

func TestVesselsKeepStateTrackAndPictureAcrossReopening(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	vt := s.Vessels()
	for i := range 5 {
		at := seen0.Add(time.Duration(2*i) * time.Second)
		v := sampleVessel("v1", at)
		v.FirstSeen = at // the store keeps the earliest
		v.Lat += float64(i) * 1e-4
		v.Track[0].Lat = v.Lat
		var pic []byte
		if i == 1 {
			pic = crop
		}
		require.NoError(t, vt.SaveVessel(ctx, v, pic))
	}
	again := sampleVessel("v1", seen0.Add(8*time.Second))
	again.Lat = 36.1204
	require.NoError(t, vt.SaveVessel(ctx, again, nil), "a point already kept is ignored")
	other := sampleVessel("v2", seen0.Add(time.Second))
	other.Track = nil
	require.NoError(t, vt.SaveVessel(ctx, other, nil))
	require.NoError(t, s.Close())

	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	vt = s2.Vessels()
	v, err := vt.Vessel(ctx, "v1")
	require.NoError(t, err)
	require.Equal(t, seen0, v.FirstSeen)
	require.Equal(t, seen0.Add(8*time.Second), v.LastSeen)
	require.InDelta(t, 36.1204, v.Lat, 1e-9)
	require.Equal(t, gcs.Reading(271), v.Course)
	require.False(t, v.Length.Known(), "unknown stays unknown")
	require.Equal(t, "/api/vessels/v1/snapshot.jpg", v.Snapshot)
	require.Len(t, v.SeenBy, 1)
	require.Len(t, v.Track, 5)
	for i, p := range v.Track {
		require.Equal(t, seen0.Add(time.Duration(2*i)*time.Second), p.At, "oldest first")
	}
	pic, err := vt.VesselSnapshot(ctx, "v1")
	require.NoError(t, err)
	require.Equal(t, crop, pic)

	list, err := vt.Vessels(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, gcs.VesselID("v1"), list[0].ID, "most recently seen first")
	require.Nil(t, list[0].Track)
	require.Empty(t, list[1].Snapshot)
	recent, err := vt.VesselsSince(ctx, seen0.Add(5*time.Second))
	require.NoError(t, err)
	require.Len(t, recent, 1)

	_, err = vt.Vessel(ctx, "nope")
	require.ErrorIs(t, err, gcs.ErrNoVessel)
	_, err = vt.VesselSnapshot(ctx, "v2")
	require.ErrorIs(t, err, gcs.ErrNoVessel)
	require.Error(t, vt.SaveVessel(ctx, gcs.Vessel{ID: "a/b"}, nil))

	n, err := vt.Prune(ctx, seen0.Add(5*time.Second))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = vt.Vessel(ctx, "v2")
	require.ErrorIs(t, err, gcs.ErrNoVessel)
	var points int
	require.NoError(t, s2.db.QueryRow(`SELECT count(*) FROM vessel_track WHERE vessel = 'v2'`).Scan(&points))
	require.Zero(t, points)
}

// TestVesselsBehindTheUseCase: gcs.Vessels over the real store, closed and
// started again on the reopened file, recalls its recent contacts.
func TestVesselsBehindTheUseCase(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	clock := gcstest.NewClock(seen0)
	vs := &gcs.Vessels{Store: s.Vessels(), Now: clock.Now}
	require.NoError(t, vs.Initialize())
	for i := range 30 {
		u := gcs.VesselUpdate{Vessel: sampleVessel(gcs.VesselID(fmt.Sprint("v", i%3)), seen0.Add(time.Duration(i)*time.Second))}
		if i == 4 {
			u.Snapshot = crop
		}
		vs.Update(u)
	}
	bad := gcs.VesselUpdate{Vessel: sampleVessel("v9", seen0)}
	bad.Vessel.Lat = math.NaN()
	vs.Update(bad)
	vs.Close()
	require.Zero(t, vs.Stats().StoreErrors)
	require.NoError(t, s.Close())

	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	clock.Advance(time.Minute)
	vs = &gcs.Vessels{Store: s2.Vessels(), Now: clock.Now}
	require.NoError(t, vs.Initialize())
	defer vs.Close()
	require.Equal(t, 3, vs.Stats().Contacts)
	list, err := vs.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 3)
	v, err := vs.Get(ctx, "v1")
	require.NoError(t, err)
	require.Len(t, v.Track, 10, "its 10 reports, 3 s apart: each one a point")
	require.Equal(t, seen0.Add(time.Second), v.FirstSeen)
	pic, err := vs.Snapshot(ctx, "v1")
	require.NoError(t, err)
	require.Equal(t, crop, pic)
	_, err = vs.Get(ctx, "v9")
	require.ErrorIs(t, err, gcs.ErrNoVessel, "the invalid update was never stored")
}
