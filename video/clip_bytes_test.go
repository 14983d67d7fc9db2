package video

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/videotest"
)

// syncBuffer is a log shared by the manager's goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestClipOverItsBytes: a stream whose bitrate does not fit PreRollBytes
// keeps less time, warns once that it drops video early, and a clip
// asked further back is clamped to what is kept, from a key frame.
func TestClipOverItsBytes(t *testing.T) {
	var log syncBuffer
	r := newRig(t, map[gcs.VehicleID][]string{"v1": {videotest.NewH264(t, videotest.Options{}).URL}}, func(m *Manager) {
		m.Transport = TransportTCP
		m.PreRollBytes = 2 << 20 // about two seconds of the test clip
		m.Log = slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelWarn}))
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	newest := newestCaptured(t, r.watch(ctx, "v1", "manual1"), 5*videotest.FPS)
	require.Eventually(t, func() bool { return bytes.Contains([]byte(log.String()), []byte("pre-roll over its bytes")) },
		5*time.Second, 50*time.Millisecond, "the early drops are logged")
	data, mime, err := r.m.Clip(ctx, "v1", "manual1", newest.Add(-4*time.Second), newest)
	require.NoError(t, err)
	require.Equal(t, ClipMIME, mime)
	require.Less(t, len(data), 2<<20+64<<10, "no more than what is kept")

	var units []kept
	var why string
	var keptBytes int
	var early uint64
	s, err := r.m.stream(ctx.Done(), "v1", "manual1")
	require.NoError(t, err)
	require.True(t, s.do(ctx, func(h *hubState) { // no require on the hub's goroutine
		units, why = h.pre.cut(newest.Add(-4*time.Second), newest)
		keptBytes, early = h.pre.bytes, h.pre.early
	}))
	require.LessOrEqual(t, keptBytes, 2<<20)
	require.Positive(t, early)
	require.Empty(t, why)
	require.True(t, units[0].key)
	require.Greater(t, units[0].captured, newest.Add(-4*time.Second), "clamped to what is kept")
	require.Equal(t, 1, bytes.Count([]byte(log.String()), []byte("level=WARN msg=\"pre-roll")), "warned once:\n%s", log.String())
}
