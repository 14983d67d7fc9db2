package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func aisEvent(mmsi uint32, at time.Time) gcs.AISEvent {
	return gcs.AISEvent{MMSI: mmsi, Vessel: &gcs.AISVessel{MMSI: mmsi, LastHeard: at, Position: &gcs.AISPosition{Lat: 36, Lon: -5, Time: at}}}
}

// targetEvent is a target with AIS data (whose stream snapshot keeps it).
func targetEvent(mmsi uint32, at time.Time) gcs.TargetEvent {
	id := gcs.VesselID(fmt.Sprintf("t%d", mmsi))
	return gcs.TargetEvent{ID: id, Target: &gcs.Target{ID: id, MMSI: mmsi, AIS: aisEvent(mmsi, at).Vessel}}
}

// startRecorder runs r until the test ends (or stop is called).
func startRecorder(t *testing.T, r *AISRecorder) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { r.Run(ctx) })
	stop = func() { cancel(); wg.Wait() }
	t.Cleanup(stop)
	return stop
}

func TestAISRecorderThinsPerVesselAndWritesBatches(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	ev := &gcs.Events{}
	r := &AISRecorder{Store: s, Events: ev, Every: 10 * time.Second, Flush: 5 * time.Millisecond}
	startRecorder(t, r)
	added := func(n uint64) {
		require.Eventually(t, func() bool { return r.Added() == n }, 10*time.Second, time.Millisecond)
	}
	// Targets first: the stream's snapshot keeps them, the recorder gets
	// them whenever it subscribes; after them, it hears the AIS events.
	ev.Publish(targetEvent(1, raised0), targetEvent(2, raised0))
	added(2)
	ev.Publish(aisEvent(1, raised0.Add(2*time.Second)), aisEvent(2, raised0.Add(10*time.Second)))
	added(3) // 1's point 2 s after its last is thinned out
	ev.Publish(aisEvent(1, raised0.Add(12*time.Second)))
	added(4)
	// Gone from the AIS picture, then back: its next point is kept.
	ev.Publish(gcs.AISEvent{MMSI: 1}, aisEvent(3, raised0))
	added(5)
	ev.Publish(aisEvent(1, raised0.Add(13*time.Second)))
	added(6)
	ev.Publish(gcs.AISEvent{MMSI: 4, Vessel: &gcs.AISVessel{MMSI: 4}}) // no position yet
	ev.Publish(aisEvent(5, raised0))
	added(7)

	tr, err := s.AISHistory().Track(ctx, 1, time.Time{})
	require.NoError(t, err)
	require.Len(t, tr, 3)
	require.Equal(t, raised0.Add(13*time.Second), tr[2].At)
	require.Zero(t, r.Errors())
}

func TestAISRecorderWritesWhatItHoldsWhenStoppedAndPrunes(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	old := []AISPoint{aisPoint(9, raised0.Add(-48*time.Hour), 1), aisPoint(9, raised0.Add(-time.Hour), 1)}
	_, err := s.AISHistory().Add(ctx, old)
	require.NoError(t, err)
	ev := &gcs.Events{}
	r := &AISRecorder{Store: s, Events: ev, Flush: time.Hour, Retention: 24 * time.Hour,
		Now: func() time.Time { return raised0 }}
	stop := startRecorder(t, r)
	// A target, which the stream's snapshot keeps, whether the recorder
	// subscribed already or not.
	ev.Publish(targetEvent(7, raised0))
	require.Eventually(t, func() bool {
		tr, err := s.AISHistory().Track(ctx, 9, time.Time{})
		return err == nil && len(tr) == 1
	}, 10*time.Second, time.Millisecond, "the point older than the retention is pruned at start")
	stop()
	require.Equal(t, uint64(1), r.Added())
	tr, err := s.AISHistory().Track(ctx, 7, time.Time{})
	require.NoError(t, err)
	require.Len(t, tr, 1)
}
