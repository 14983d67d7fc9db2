package video

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/decode"
	"skerry/video/videotest"
)

func TestMain(m *testing.M) {
	decode.ChildMain()
	code := m.Run()
	videotest.Cleanup()
	os.Exit(code)
}

// rig is a fleet, its events and a manager ingesting configured streams,
// with every health report kept.
type rig struct {
	t      *testing.T
	fleet  *gcs.Fleet
	events *gcs.Events
	m      *Manager

	mu     sync.Mutex
	health map[string][]gcs.StreamHealthUpdate // by vehicle/key
}

// newRig starts a manager for configured streams (vehicle → URLs); the
// vehicles exist from the start. tune adjusts the manager before it
// starts.
func newRig(t *testing.T, streams map[gcs.VehicleID][]string, tune func(*Manager)) *rig {
	t.Helper()
	r := &rig{t: t, events: &gcs.Events{}, health: map[string][]gcs.StreamHealthUpdate{}}
	r.fleet = &gcs.Fleet{Events: r.events}
	require.NoError(t, r.fleet.Initialize())
	t.Cleanup(r.fleet.Close)
	r.m = &Manager{Events: r.events, Configured: streams, StallTimeout: 2 * time.Second,
		RetryMin: 200 * time.Millisecond, RetryMax: time.Second, HealthPeriod: 200 * time.Millisecond,
		DataDir: t.TempDir(), Sink: r.sink}
	if tune != nil {
		tune(r.m)
	}
	require.NoError(t, r.m.Initialize())
	t.Cleanup(r.m.Close)
	for id := range streams {
		r.addVehicle(id)
	}
	return r
}

func (r *rig) addVehicle(id gcs.VehicleID) {
	r.fleet.Observe(gcs.Observation{Vehicle: id, Link: "test", SystemID: 1, At: time.Now(),
		Update: gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "LOITER", SystemStatus: "active"}})
}

func (r *rig) sink(o gcs.Observation) {
	if u, ok := o.Update.(gcs.StreamHealthUpdate); ok {
		r.mu.Lock()
		k := fmt.Sprintf("%s/%s", o.Vehicle, u.Key)
		r.health[k] = append(r.health[k], u)
		r.mu.Unlock()
	}
	r.fleet.Observe(o)
}

// last returns the newest health of a stream (zero before any).
func (r *rig) last(id gcs.VehicleID, key string) gcs.StreamHealth {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.health[fmt.Sprintf("%s/%s", id, key)]
	if len(h) == 0 {
		return gcs.StreamHealth{}
	}
	return h[len(h)-1].Health
}

// seen reports whether any health of a stream so far satisfies ok.
func (r *rig) seen(id gcs.VehicleID, key string, ok func(gcs.StreamHealth) bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, u := range r.health[fmt.Sprintf("%s/%s", id, key)] {
		if ok(u.Health) {
			return true
		}
	}
	return false
}

// waitHealth waits until the newest health of a stream satisfies ok.
func (r *rig) waitHealth(id gcs.VehicleID, key string, within time.Duration, what string, ok func(gcs.StreamHealth) bool) gcs.StreamHealth {
	r.t.Helper()
	var h gcs.StreamHealth
	require.Eventually(r.t, func() bool { h = r.last(id, key); return ok(h) }, within, 50*time.Millisecond,
		"%s/%s: %s; last health %+v", id, key, what, r.last(id, key))
	return h
}

// playing waits for a stream to have delivered frames frames.
func (r *rig) playing(id gcs.VehicleID, key string, frames uint64) gcs.StreamHealth {
	r.t.Helper()
	return r.waitHealth(id, key, 15*time.Second, fmt.Sprintf("at least %d frames", frames), func(h gcs.StreamHealth) bool {
		return h.State == "playing" && h.Frames >= frames
	})
}

// watch subscribes to a stream, retrying until the manager knows it.
func (r *rig) watch(ctx context.Context, id gcs.VehicleID, key string) <-chan gcs.VideoUnit {
	r.t.Helper()
	var ch <-chan gcs.VideoUnit
	require.Eventually(r.t, func() bool {
		var err error
		ch, err = r.m.Watch(ctx, id, key)
		return err == nil
	}, 10*time.Second, 20*time.Millisecond)
	return ch
}

// decodes reports whether this build decodes codec; tests that need
// pictures of it skip (loudly) when it does not.
func decodes(t *testing.T, codec decode.Codec) bool {
	d, err := decode.New(codec, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Logf("NOTE: %s pictures are not checked: %v (decode.Support: %s)", codec, err, decode.Support())
		return false
	}
	d.Close()
	return true
}
