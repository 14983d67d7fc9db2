package video

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/videotest"
)

// TestFaults runs several streams at once and breaks them one by one: a
// server restart, a stream that goes quiet, corrupt packets, a wrong path,
// a closed port and a non-RTSP address. The steady stream on another
// vehicle keeps playing through all of it.
func TestFaults(t *testing.T) {
	restarting := videotest.NewH264(t, videotest.Options{})
	quiet := videotest.NewMJPEG(t)
	corrupt := videotest.NewMJPEG(t)
	corrupt264 := videotest.NewH264(t, videotest.Options{})
	steady := videotest.NewMJPEG(t)
	r := newRig(t, map[gcs.VehicleID][]string{
		"v1": {restarting.URL, quiet.URL, corrupt.URL, corrupt264.URL,
			strings.Replace(corrupt.URL, videotest.Path, "/nope", 1), videotest.ClosedPort(t), "http://127.0.0.1:1/cam"},
		"v2": {steady.URL},
	}, func(m *Manager) { m.Transport = TransportTCP })
	for _, key := range []string{"manual1", "manual2", "manual3", "manual4"} {
		r.playing("v1", key, 10)
	}
	before := r.playing("v2", "manual1", 10).Frames

	t.Run("wrong path", func(t *testing.T) {
		h := r.waitHealth("v1", "manual5", 10*time.Second, "404", func(h gcs.StreamHealth) bool { return h.Error != "" })
		require.Equal(t, "404 Not Found", h.Error)
		require.Contains(t, []string{"retrying", "connecting"}, h.State)
	})
	t.Run("connection refused", func(t *testing.T) {
		h := r.waitHealth("v1", "manual6", 10*time.Second, "refused", func(h gcs.StreamHealth) bool { return h.Error != "" })
		require.Equal(t, "connection refused", h.Error)
	})
	t.Run("not rtsp", func(t *testing.T) {
		h := r.waitHealth("v1", "manual7", 10*time.Second, "stopped", func(h gcs.StreamHealth) bool { return h.State == "stopped" })
		require.Contains(t, h.Error, "only rtsp:// and rtsps://")
	})
	t.Run("server restart", func(t *testing.T) {
		was := r.last("v1", "manual1")
		restarting.Restart(500 * time.Millisecond)
		h := r.waitHealth("v1", "manual1", 15*time.Second, "frames after the restart", func(h gcs.StreamHealth) bool {
			return h.State == "playing" && h.Restarts > was.Restarts && h.Frames > was.Frames+10
		})
		require.Positive(t, h.Restarts)
	})
	t.Run("stream stops", func(t *testing.T) {
		quiet.Quiet(true)
		r.waitHealth("v1", "manual2", 10*time.Second, "retrying after a stall", func(h gcs.StreamHealth) bool {
			return h.State == "retrying" && strings.Contains(h.Error, "stalled")
		})
		require.True(t, r.seen("v1", "manual2", func(h gcs.StreamHealth) bool { return h.State == "stalled" }), "the stall was reported")
		was := r.last("v1", "manual2")
		quiet.Quiet(false)
		r.waitHealth("v1", "manual2", 15*time.Second, "frames after the stall", func(h gcs.StreamHealth) bool {
			return h.State == "playing" && h.Frames > was.Frames+10
		})
	})
	t.Run("corrupt packets", func(t *testing.T) {
		for _, ca := range []struct {
			key string
			src *videotest.Server
		}{{"manual3", corrupt}, {"manual4", corrupt264}} {
			was := r.last("v1", ca.key)
			ca.src.Corrupt(10)
			r.waitHealth("v1", ca.key, 10*time.Second, "errors counted and frames going on", func(h gcs.StreamHealth) bool {
				return h.DecodeErrors >= was.DecodeErrors+10 && h.Frames > was.Frames+20 && h.State == "playing"
			})
		}
	})
	h := r.playing("v2", "manual1", before+50)
	require.Zero(t, h.Restarts, "the steady stream never restarted")
	require.Zero(t, h.DecodeErrors)
}
