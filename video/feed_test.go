package video

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/videotest"
)

// TestNewestWins blocks analysis: the decoder goes on, the mailbox keeps
// only the newest picture and counts the ones overwritten.
func TestNewestWins(t *testing.T) {
	src := videotest.NewMJPEG(t)
	release := make(chan struct{})
	var got atomic.Int64
	var lastSeq atomic.Uint64
	r := newRig(t, map[gcs.VehicleID][]string{"v1": {src.URL}}, func(m *Manager) {
		m.SampleFPS = 10
		m.Analyze = func(f Frame) {
			require.Equal(t, gcs.VehicleID("v1"), f.Vehicle)
			require.Equal(t, "manual1", f.Stream)
			require.Greater(t, f.Seq, lastSeq.Load())
			lastSeq.Store(f.Seq)
			if got.Add(1) == 1 {
				<-release
			}
		}
	})
	h := r.waitHealth("v1", "manual1", 15*time.Second, "skipped pictures", func(h gcs.StreamHealth) bool {
		return h.Skipped >= 5 && h.Sampled >= 8
	})
	require.Equal(t, int64(1), got.Load(), "analysis is still blocked")
	close(release)
	require.Eventually(t, func() bool { return got.Load() >= 2 }, 5*time.Second, 10*time.Millisecond)
	require.Greater(t, h.SampleFPS, 0.0)
	require.Less(t, float64(h.Sampled), 0.6*float64(h.Frames), "about 10 of the stream's 25 frames a second are sampled")
}

// TestSlowViewer: a viewer that never reads loses frames; another viewer
// of the same stream gets every frame.
func TestSlowViewer(t *testing.T) {
	src := videotest.NewMJPEG(t)
	r := newRig(t, map[gcs.VehicleID][]string{"v1": {src.URL}}, func(m *Manager) { m.ViewerQueue = 4 })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	slow := r.watch(ctx, "v1", "manual1")
	fast := r.watch(ctx, "v1", "manual1")
	var prev uint64
	for i := 0; i < 50; i++ {
		select {
		case u := <-fast:
			if prev != 0 {
				require.Equal(t, prev+1, u.Seq, "the fast viewer loses nothing")
			}
			prev = u.Seq
		case <-time.After(5 * time.Second):
			t.Fatal("the fast viewer starved")
		}
	}
	require.Len(t, slow, 4, "the slow viewer's queue is full, not growing")
	cancel()
	require.Eventually(t, func() bool {
		for range fast {
		}
		return true
	}, 5*time.Second, 10*time.Millisecond, "the channel closes when ctx ends")
}

// TestSnapshotAndRecording: a snapshot is the newest sampled picture; a
// recording goes to DataDir/recordings and shows in the health.
func TestSnapshotAndRecording(t *testing.T) {
	src := videotest.NewMJPEG(t)
	r := newRig(t, map[gcs.VehicleID][]string{"v1": {src.URL}}, nil)
	ctx := context.Background()
	_, _, err := r.m.Snapshot(ctx, "v1", "nope")
	require.ErrorIs(t, err, gcs.ErrNoStream)
	r.playing("v1", "manual1", 10)
	require.Eventually(t, func() bool { _, _, err := r.m.Snapshot(ctx, "v1", "manual1"); return err == nil }, 5*time.Second, 20*time.Millisecond)
	_, err = r.m.StopRecording(ctx, "v1", "manual1")
	require.ErrorIs(t, err, gcs.ErrNotRecording)
	rec, err := r.m.StartRecording(ctx, "v1", "manual1")
	if err != nil && !errors.Is(err, gcs.ErrRecording) {
		t.Skipf("SKIPPED: video/record cannot record yet: %v", err)
	}
	require.NoError(t, err)
	require.Regexp(t, `^recordings/v1-manual1-\d{8}T\d{6}\.\d{3}Z\.mp4$`, filepath.ToSlash(rec.File))
	_, err = r.m.StartRecording(ctx, "v1", "manual1")
	require.ErrorIs(t, err, gcs.ErrRecording)
	r.waitHealth("v1", "manual1", 5*time.Second, "recording shown", func(gcs.StreamHealth) bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		l := r.health["v1/manual1"]
		return l[len(l)-1].Recording != nil && l[len(l)-1].Recording.Bytes > 0
	})
	done, err := r.m.StopRecording(ctx, "v1", "manual1")
	require.NoError(t, err)
	info, err := os.Stat(filepath.Join(r.m.DataDir, done.File))
	require.NoError(t, err)
	require.Equal(t, info.Size(), done.Bytes)
}

// TestFollowsCameras: streams announced over MAVLink start, move with
// their URI and stop when the camera no longer has them; configured
// streams are announced when their vehicle appears.
func TestFollowsCameras(t *testing.T) {
	a, b := videotest.NewMJPEG(t), videotest.NewMJPEG(t)
	r := newRig(t, nil, func(m *Manager) { m.Configured = map[gcs.VehicleID][]string{"late": {b.URL}} })
	r.addVehicle("v1")
	cam := func(uri string) gcs.Observation {
		c := gcs.VehicleCamera{Component: 100}
		if uri != "" {
			c.Streams = []gcs.VideoStream{{Key: "c100s1", ID: 1, URI: uri, Source: "mavlink"}}
		}
		return gcs.Observation{Vehicle: "v1", Update: gcs.CameraUpdate{Camera: c}}
	}
	r.sink(cam(a.URL))
	r.playing("v1", "c100s1", 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := r.watch(ctx, "v1", "c100s1")
	r.sink(cam(b.URL))
	for range ch { // the old stream's viewers end with it
	}
	h := r.waitHealth("v1", "c100s1", 10*time.Second, "the new URI plays from zero", func(h gcs.StreamHealth) bool {
		return h.State == "playing" && h.Frames > 0 && h.Frames < 100
	})
	require.Zero(t, h.Restarts)
	r.sink(cam(""))
	r.waitHealth("v1", "c100s1", 10*time.Second, "stopped", func(h gcs.StreamHealth) bool { return h.State == "stopped" })
	_, err := r.m.Watch(ctx, "v1", "c100s1")
	require.ErrorIs(t, err, gcs.ErrNoStream)

	r.addVehicle("late")
	r.playing("late", "manual1", 10)
	v, err := r.fleet.Target("late")
	require.NoError(t, err)
	require.Len(t, v.Cameras, 1)
	require.Equal(t, "configured", v.Cameras[0].Streams[0].Source)
	require.NotNil(t, v.Cameras[0].Streams[0].Health)
}
