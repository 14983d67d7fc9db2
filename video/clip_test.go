package video

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/videotest"
)

// newestCaptured reads a viewer's units for a while and returns the
// newest capture time: by then the pre-roll holds that unit.
func newestCaptured(t *testing.T, ch <-chan gcs.VideoUnit, n int) time.Time {
	t.Helper()
	var last time.Time
	for i := 0; i < n; i++ {
		select {
		case u := <-ch:
			last = maxTime(last, u.Captured)
		case <-time.After(10 * time.Second):
			t.Fatalf("unit %d did not come", i)
		}
	}
	return last
}

// TestClip plays a real RTSP source into a manager and cuts clips of the
// last seconds, as an incident's evidence asks around a sighting: ffprobe
// reads them, in the stream's codec and size, about as long as asked
// (from the key frame before the span's start), the first frame a key
// frame, and ffmpeg decodes every frame without an error.
func TestClip(t *testing.T) {
	videotest.NeedTools(t, "ffmpeg", "ffprobe")
	cases := []struct {
		name, probeName string
		source          func(t *testing.T) string
		w, h            int
		keyEvery        float64 // seconds between key frames
	}{
		{"h264", "h264", func(t *testing.T) string { return videotest.NewH264(t, videotest.Options{}).URL }, 1280, 720, 1},
		{"mjpeg", "mjpeg", func(t *testing.T) string { return videotest.NewMJPEG(t).URL }, videotest.MJPEGWidth, videotest.MJPEGHeight, 1.0 / videotest.FPS},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, map[gcs.VehicleID][]string{"v1": {c.source(t)}}, func(m *Manager) { m.Transport = TransportTCP })
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ch := r.watch(ctx, "v1", "manual1")
			// About 4 s of video: the span asked for is all kept.
			newest := newestCaptured(t, ch, 4*videotest.FPS)
			const span = 2500 * time.Millisecond
			from, to := newest.Add(-span), newest
			data, mime, err := r.m.Clip(ctx, "v1", "manual1", from, to)
			require.NoError(t, err)
			require.Equal(t, "video/mp4", mime)
			path := filepath.Join(t.TempDir(), "clip.mp4")
			require.NoError(t, os.WriteFile(path, data, 0o644))

			p := videotest.FFprobe(t, path)
			t.Logf("clip of %s asked for %s: %d bytes, ffprobe: %+v", c.name, span, len(data), p)
			require.Equal(t, c.probeName, p.Codec)
			require.Equal(t, c.w, p.W)
			require.Equal(t, c.h, p.H)
			firstKey, firstPic := videotest.FirstFrame(t, path)
			require.True(t, firstKey, "the clip starts on a key frame: %+v %s", p, firstPic)
			if c.name == "h264" {
				require.Equal(t, "I", firstPic)
			}
			// From the key frame at or before from (up to a key frame
			// interval earlier) to the frame at to, which lasts a frame.
			frame := 1.0 / videotest.FPS
			require.GreaterOrEqual(t, p.Duration, span.Seconds()-frame)
			require.LessOrEqual(t, p.Duration, span.Seconds()+c.keyEvery+2*frame)
			require.InDelta(t, p.Duration*videotest.FPS, float64(p.Frames), 3, "about a frame per 1/%d s", videotest.FPS)
			out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-").CombinedOutput()
			require.NoError(t, err)
			require.Empty(t, string(out), "every frame decodes cleanly")
		})
	}
}

// TestClipRefuses: what is not kept, or not asked properly, gives an
// error wrapping gcs.ErrNoClip.
func TestClipRefuses(t *testing.T) {
	url := videotest.NewMJPEG(t).URL
	r := newRig(t, map[gcs.VehicleID][]string{"v1": {url}}, func(m *Manager) { m.Transport = TransportTCP })
	off := newRig(t, map[gcs.VehicleID][]string{"v2": {url}}, func(m *Manager) { m.Transport = TransportTCP; m.PreRoll = -1 })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	newest := newestCaptured(t, r.watch(ctx, "v1", "manual1"), videotest.FPS)
	newestOff := newestCaptured(t, off.watch(ctx, "v2", "manual1"), videotest.FPS)
	cases := []struct {
		name     string
		m        *Manager
		vehicle  gcs.VehicleID
		stream   string
		from, to time.Time
		says     string
	}{
		{"unknown vehicle", r.m, "v9", "manual1", newest.Add(-time.Second), newest, "no such"},
		{"unknown stream", r.m, "v1", "manual7", newest.Add(-time.Second), newest, "no such"},
		{"to before from", r.m, "v1", "manual1", newest, newest.Add(-time.Second), "empty"},
		{"empty span", r.m, "v1", "manual1", newest, newest, "empty"},
		{"no times", r.m, "v1", "manual1", time.Time{}, time.Time{}, "empty"},
		{"long before what is kept", r.m, "v1", "manual1", newest.Add(-time.Hour), newest.Add(-59 * time.Minute), "spans"},
		{"after what is kept", r.m, "v1", "manual1", newest.Add(time.Hour), newest.Add(61 * time.Minute), "spans"},
		{"no pre-roll", off.m, "v2", "manual1", newestOff.Add(-time.Second), newestOff, "no pre-roll"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, mime, err := c.m.Clip(ctx, c.vehicle, c.stream, c.from, c.to)
			require.Error(t, err)
			require.True(t, errors.Is(err, gcs.ErrNoClip), "%v", err)
			require.Contains(t, err.Error(), c.says)
			require.Nil(t, data)
			require.Empty(t, mime)
		})
	}
	// A span longer than what is kept is clamped to it.
	data, _, err := r.m.Clip(ctx, "v1", "manual1", newest.Add(-time.Hour), newest)
	require.NoError(t, err)
	require.NotEmpty(t, data)
}
