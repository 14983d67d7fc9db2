package gcs_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

var jpeg = []byte("\xff\xd8\xff\xe0 a crop \xff\xd9")

// contactAt is contact id at lat, lon, seen at t.
func contactAt(id gcs.VesselID, t time.Time, lat, lon float64) gcs.VesselUpdate {
	return gcs.VesselUpdate{Vessel: gcs.Vessel{ID: id, Lat: lat, Lon: lon, ErrorM: 8, Course: 90, Speed: 4, Length: gcs.Unknown,
		Score: 0.8, LastSeen: t, SeenBy: []gcs.Sighting{{Vehicle: "sim1-1", Stream: "c100s1", At: t, Box: [4]int{10, 20, 30, 12}}}}}
}

func newVessels(t *testing.T, store gcs.VesselStore, clock *gcstest.Clock, cfg func(*gcs.Vessels)) (*gcs.Vessels, *gcs.Events) {
	t.Helper()
	ev := &gcs.Events{}
	vs := &gcs.Vessels{Events: ev, Now: clock.Now}
	if store != nil {
		vs.Store = store
	}
	if cfg != nil {
		cfg(vs)
	}
	require.NoError(t, vs.Initialize())
	t.Cleanup(vs.Close)
	return vs, ev
}

func TestVesselsKeepStateThinnedTrackAndPicture(t *testing.T) {
	clock := &gcstest.Clock{}
	store := &gcstest.VesselStore{}
	vs, ev := newVessels(t, store, clock, nil)
	sub := ev.Subscribe()
	defer sub.Cancel()
	sub.Next() // the first snapshot

	t0 := clock.Now()
	for i := range 21 { // 10 s at 2 Hz
		u := contactAt("v1", t0.Add(time.Duration(i)*500*time.Millisecond), 36.1+float64(i)*1e-5, -5.4)
		if i == 3 {
			u.Snapshot = jpeg
		}
		vs.Update(u)
	}
	vs.Update(contactAt("v2", t0.Add(time.Second), 36.2, -5.3))

	ctx := context.Background()
	v, err := vs.Get(ctx, "v1")
	require.NoError(t, err)
	require.Equal(t, t0, v.FirstSeen, "first seen is the first report's")
	require.Equal(t, t0.Add(10*time.Second), v.LastSeen)
	require.InDelta(t, 36.1002, v.Lat, 1e-9)
	require.Equal(t, "/api/vessels/v1/snapshot.jpg", v.Snapshot)
	require.Len(t, v.Track, 6, "one point per 2 s: 0, 2, 4, 6, 8, 10 s")
	for i, p := range v.Track {
		require.Equal(t, t0.Add(time.Duration(2*i)*time.Second), p.At)
	}

	list, err := vs.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, gcs.VesselID("v1"), list[0].ID, "newest seen first")
	require.Nil(t, list[0].Track, "lists carry no tracks")

	pic, err := vs.Snapshot(ctx, "v1")
	require.NoError(t, err)
	require.Equal(t, jpeg, pic)
	_, err = vs.Snapshot(ctx, "v2")
	require.ErrorIs(t, err, gcs.ErrNoVessel)
	_, err = vs.Get(ctx, "v9")
	require.ErrorIs(t, err, gcs.ErrNoVessel)

	// The store has the thinned history and the picture.
	sv, err := store.Vessel(ctx, "v1")
	require.NoError(t, err)
	require.Len(t, sv.Track, 6)
	require.Equal(t, v.LastSeen, sv.LastSeen)
	sp, err := store.VesselSnapshot(ctx, "v1")
	require.NoError(t, err)
	require.Equal(t, jpeg, sp)

	// The stream announced the latest states, coalesced, without tracks.
	got := map[gcs.VesselID]*gcs.Vessel{}
	for _, e := range sub.Next() {
		if ve, ok := e.(gcs.VesselEvent); ok {
			require.Nil(t, ve.Vessel.Track)
			got[ve.Vessel.ID] = ve.Vessel
		}
	}
	require.Len(t, got, 2)
	require.Equal(t, v.LastSeen, got["v1"].LastSeen)
	require.Equal(t, 21, int(vs.Stats().Updates)+int(vs.Stats().Coalesced)-1, "every update applied or coalesced")
}

func TestVesselsTrackIsBoundedInMemory(t *testing.T) {
	clock := &gcstest.Clock{}
	store := &gcstest.VesselStore{}
	vs, _ := newVessels(t, store, clock, func(vs *gcs.Vessels) { vs.TrackPoints = 10; vs.TrackSpan = 60 * time.Second })
	t0 := clock.Now()
	for i := range 40 {
		vs.Update(contactAt("v1", t0.Add(time.Duration(3*i)*time.Second), 36.1, -5.4))
		if i == 20 {
			v, err := vs.Get(context.Background(), "v1")
			require.NoError(t, err)
			require.Len(t, v.Track, 10, "TrackPoints")
		}
	}
	v, err := vs.Get(context.Background(), "v1")
	require.NoError(t, err)
	require.Len(t, v.Track, 10)
	require.Equal(t, v.LastSeen, v.Track[9].At)
	require.LessOrEqual(t, v.LastSeen.Sub(v.Track[0].At), 60*time.Second, "TrackSpan")
	sv, err := store.Vessel(context.Background(), "v1")
	require.NoError(t, err)
	require.Len(t, sv.Track, 40, "the store keeps the whole history")
}

func TestVesselsSkipInvalidUpdates(t *testing.T) {
	clock := &gcstest.Clock{}
	store := &gcstest.VesselStore{}
	vs, ev := newVessels(t, store, clock, nil)
	now := clock.Now()
	bad := func(f func(*gcs.VesselUpdate)) gcs.VesselUpdate {
		u := contactAt("v1", now, 36.1, -5.4)
		f(&u)
		return u
	}
	cases := map[string]gcs.VesselUpdate{
		"empty id":        bad(func(u *gcs.VesselUpdate) { u.Vessel.ID = "" }),
		"id with a slash": bad(func(u *gcs.VesselUpdate) { u.Vessel.ID = "../etc" }),
		"huge id":         bad(func(u *gcs.VesselUpdate) { u.Vessel.ID = gcs.VesselID(fmt.Sprintf("%0100d", 1)) }),
		"NaN lat":         bad(func(u *gcs.VesselUpdate) { u.Vessel.Lat = math.NaN() }),
		"Inf lon":         bad(func(u *gcs.VesselUpdate) { u.Vessel.Lon = math.Inf(1) }),
		"lat 214":         bad(func(u *gcs.VesselUpdate) { u.Vessel.Lat = 214.7 }),
		"NaN error":       bad(func(u *gcs.VesselUpdate) { u.Vessel.ErrorM = math.NaN() }),
		"negative error":  bad(func(u *gcs.VesselUpdate) { u.Vessel.ErrorM = -1 }),
		"error 1e9 m":     bad(func(u *gcs.VesselUpdate) { u.Vessel.ErrorM = 1e9 }),
		"score 3":         bad(func(u *gcs.VesselUpdate) { u.Vessel.Score = 3 }),
		"speed 900 m/s":   bad(func(u *gcs.VesselUpdate) { u.Vessel.Speed = 900 }),
		"course 400":      bad(func(u *gcs.VesselUpdate) { u.Vessel.Course = 400 }),
		"length 5 km":     bad(func(u *gcs.VesselUpdate) { u.Vessel.Length = 5000 }),
		"no time":         bad(func(u *gcs.VesselUpdate) { u.Vessel.LastSeen = time.Time{} }),
		"first after":     bad(func(u *gcs.VesselUpdate) { u.Vessel.FirstSeen = now.Add(time.Hour) }),
		"not a JPEG":      bad(func(u *gcs.VesselUpdate) { u.Snapshot = []byte("<html>") }),
		"huge snapshot":   bad(func(u *gcs.VesselUpdate) { u.Snapshot = make([]byte, gcs.MaxVesselSnapshot+1) }),
	}
	for name, u := range cases {
		t.Run(name, func(t *testing.T) {
			require.Error(t, gcs.CheckVesselUpdate(&u))
		})
		vs.Update(u)
	}
	good := contactAt("v1", now, 36.1, -5.4)
	good.Vessel.Speed, good.Vessel.Course = gcs.Unknown, gcs.Unknown
	vs.Update(good)
	list, err := vs.List(context.Background())
	require.NoError(t, err)
	require.Len(t, list, 1, "only the valid one")
	require.Equal(t, uint64(len(cases)), vs.Stats().Invalid)
	stored, err := store.Vessels(context.Background())
	require.NoError(t, err)
	require.Len(t, stored, 1)
	snap := ev.Subscribe().Next()[0].(gcs.SnapshotEvent)
	require.Len(t, snap.Vessels, 1)
}

func TestVesselsSkipStaleUpdatesAndSurviveAFailingStore(t *testing.T) {
	clock := &gcstest.Clock{}
	store := &gcstest.VesselStore{Fail: gcstest.ErrBroken}
	vs, _ := newVessels(t, nil, clock, func(vs *gcs.Vessels) { vs.Store = store })
	now := clock.Now()
	vs.Update(contactAt("v1", now, 36.1, -5.4))
	vs.Update(contactAt("v1", now.Add(-time.Second), 36.5, -5.4))
	v, err := vs.Get(context.Background(), "v1")
	require.NoError(t, err)
	require.Equal(t, 36.1, v.Lat, "an older report does not move the contact back")
	require.Equal(t, uint64(1), vs.Stats().Stale)
	require.Equal(t, uint64(2), vs.Stats().StoreErrors, "the recall and the save: logged and counted; the contact stays in memory")
}

func TestVesselsComeBackAfterARestart(t *testing.T) {
	clock := &gcstest.Clock{}
	store := &gcstest.VesselStore{}
	ctx := context.Background()
	first, _ := newVessels(t, store, clock, nil)
	t0 := clock.Now()
	old := contactAt("old", t0, 36.0, -5.4)
	old.Snapshot = jpeg
	first.Update(old)
	clock.Advance(2 * time.Hour)
	for i := range 3 {
		first.Update(contactAt("recent", clock.Now().Add(time.Duration(2*i)*time.Second), 36.1, -5.4))
	}
	first.Close()

	second, ev := newVessels(t, store, clock, nil)
	snap := ev.Subscribe().Next()[0].(gcs.SnapshotEvent)
	require.Len(t, snap.Vessels, 1, "the recent contact is announced again")
	require.Equal(t, gcs.VesselID("recent"), snap.Vessels[0].ID)
	require.Equal(t, 1, second.Stats().Contacts)

	v, err := second.Get(ctx, "recent")
	require.NoError(t, err)
	require.Len(t, v.Track, 3)
	v, err = second.Get(ctx, "old")
	require.NoError(t, err, "from the store")
	require.Len(t, v.Track, 1)
	require.Equal(t, "/api/vessels/old/snapshot.jpg", v.Snapshot)
	pic, err := second.Snapshot(ctx, "old")
	require.NoError(t, err)
	require.Equal(t, jpeg, pic)
	list, err := second.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, gcs.VesselID("recent"), list[0].ID)

	// The recalled contact goes on where it was.
	second.Update(contactAt("recent", clock.Now().Add(10*time.Second), 36.1, -5.4))
	v, err = second.Get(ctx, "recent")
	require.NoError(t, err)
	require.Len(t, v.Track, 4)
	require.Equal(t, clock.Now(), v.FirstSeen)
}

func TestVesselsForgetTheOldestBeyondTheBound(t *testing.T) {
	clock := &gcstest.Clock{}
	store := &gcstest.VesselStore{}
	vs, _ := newVessels(t, store, clock, func(vs *gcs.Vessels) { vs.Contacts = 2 })
	for i := range 3 {
		vs.Update(contactAt(gcs.VesselID(fmt.Sprint("v", i)), clock.Now().Add(time.Duration(i)*time.Second), 36.1, -5.4))
	}
	list, err := vs.List(context.Background())
	require.NoError(t, err)
	require.Len(t, list, 3, "the forgotten one comes from the store")
	require.Equal(t, 2, vs.Stats().Contacts)
	_, err = vs.Get(context.Background(), "v0")
	require.NoError(t, err)
}

// gateStore holds SaveVessel until released, so a test can keep the owner
// goroutine busy.
type gateStore struct {
	gcstest.VesselStore
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

func (g *gateStore) SaveVessel(ctx context.Context, v gcs.Vessel, snap []byte) error {
	g.once.Do(func() {
		close(g.entered)
		<-g.release
	})
	return g.VesselStore.SaveVessel(ctx, v, snap)
}

func TestVesselUpdatesNeverWaitForABusyOwner(t *testing.T) {
	clock := &gcstest.Clock{}
	g := &gateStore{entered: make(chan struct{}), release: make(chan struct{})}
	vs, _ := newVessels(t, g, clock, func(vs *gcs.Vessels) { vs.Queue = 2 })
	now := clock.Now()
	vs.Update(contactAt("busy", now, 36.1, -5.4))
	<-g.entered // the owner is stuck storing it
	withPic := contactAt("a", now, 36.1, -5.4)
	withPic.Snapshot = jpeg
	vs.Update(withPic)
	vs.Update(contactAt("b", now, 36.1, -5.4))
	vs.Update(contactAt("a", now.Add(time.Second), 36.2, -5.4)) // full: coalesces with a's
	vs.Update(contactAt("c", now, 36.1, -5.4))                  // full, none waiting: dropped
	st := vs.Stats()
	require.Equal(t, uint64(1), st.Coalesced)
	require.Equal(t, uint64(1), st.Dropped)
	close(g.release)

	ctx := context.Background()
	a, err := vs.Get(ctx, "a")
	require.NoError(t, err)
	require.Equal(t, 36.2, a.Lat, "the latest state")
	require.Equal(t, "/api/vessels/a/snapshot.jpg", a.Snapshot, "the picture the replaced update brought stays")
	_, err = vs.Get(ctx, "c")
	require.ErrorIs(t, err, gcs.ErrNoVessel)
}

func TestDetectionsAreAnnouncedNotKept(t *testing.T) {
	clock := &gcstest.Clock{}
	vs, ev := newVessels(t, nil, clock, nil)
	sub := ev.Subscribe()
	defer sub.Cancel()
	sub.Next()
	d := gcs.Detections{Vehicle: "sim1-1", Stream: "c100s1", Captured: clock.Now(), Width: 1280, Height: 720,
		Boxes: []gcs.DetectionBox{{X: 100, Y: 200, W: 40, H: 16, Score: 0.9, Vessel: "v1"}}}
	vs.Detected(d)
	d.Boxes[0].X = 1270 // outside the frame
	vs.Detected(d)
	vs.Detected(gcs.Detections{Vehicle: "sim1-1", Stream: "c100s1", Width: 1280, Height: 720,
		Boxes: []gcs.DetectionBox{{X: 1, Y: 1, W: 2, H: 2, Score: math.NaN()}}})
	vs.Detected(gcs.Detections{Stream: "c100s1", Width: 1280, Height: 720})
	vs.Detected(gcs.Detections{Vehicle: "sim1-1", Stream: "c100s1", Width: -1, Height: 720})
	evs := sub.Next()
	require.Len(t, evs, 1)
	de := evs[0].(gcs.DetectionsEvent)
	require.Equal(t, 100, de.Detections.Boxes[0].X, "the event holds its own copy")
	require.Equal(t, uint64(4), vs.Stats().Invalid)
	require.Equal(t, uint64(1), vs.Stats().Detections)
	snap := ev.Subscribe().Next()[0].(gcs.SnapshotEvent)
	require.Empty(t, snap.Vessels)
}

func TestVesselsAfterClose(t *testing.T) {
	vs, _ := newVessels(t, nil, &gcstest.Clock{}, nil)
	vs.Close()
	vs.Close()
	_, err := vs.List(context.Background())
	require.Error(t, err)
	vs.Update(contactAt("v1", time.Now(), 1, 1)) // does not block or panic
}

func TestVesselStatsCounters(t *testing.T) {
	c := gcs.VesselStats{Updates: 3, Dropped: 1, Contacts: 2}.Counters()
	require.Equal(t, uint64(3), c["vessel_updates"])
	require.Equal(t, uint64(1), c["vessel_updates_dropped"])
	require.Equal(t, uint64(2), c["vessel_contacts"])
	require.Len(t, c, 8)
}

func TestVesselsNeverInitializedDoNotHang(t *testing.T) {
	var vs gcs.Vessels
	vs.Update(contactAt("v1", time.Now(), 1, 1))
	vs.Detected(gcs.Detections{Vehicle: "a", Stream: "s", Width: 1, Height: 1})
	_, err := vs.List(context.Background())
	require.Error(t, err)
	_, err = vs.Get(context.Background(), "v1")
	require.Error(t, err)
	vs.Close()
	require.Equal(t, uint64(1), vs.Stats().Dropped)
}

func TestVesselsListSince(t *testing.T) {
	clock := &gcstest.Clock{}
	store := &gcstest.VesselStore{}
	vs, _ := newVessels(t, store, clock, func(vs *gcs.Vessels) { vs.Contacts = 1 })
	t0 := clock.Now()
	vs.Update(contactAt("old", t0, 36.1, -5.4))
	vs.Update(contactAt("new", t0.Add(time.Minute), 36.1, -5.4))
	list, err := vs.ListSince(context.Background(), t0.Add(time.Second))
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, gcs.VesselID("new"), list[0].ID)
	list, err = vs.ListSince(context.Background(), t0)
	require.NoError(t, err)
	require.Len(t, list, 2, "the one only in the store too")
}
