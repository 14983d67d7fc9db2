package record

import (
	"os/exec"
	"path/filepath"
	"skerry/video/videotest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRecordStepBack records frames whose capture times step back 1.5 s
// midway, as they do when the station's clock switches from a late first
// packet's arrival to the camera's sender reports, and checks with ffprobe
// that the file is whole and its timeline steady: every frame read back, one
// frame interval apart, so none with a zero or negative duration.
func TestRecordStepBack(t *testing.T) {
	videotest.NeedTools(t, "ffmpeg", "ffprobe")
	const (
		n      = 100
		stepAt = 50
		step   = -1500 * time.Millisecond
		every  = 40 * time.Millisecond
	)
	cases := []struct {
		codec  string
		frames func(t *testing.T) []frame
	}{
		{"h264", func(t *testing.T) []frame { return h26xClip(t, "h264", 160, 120, n) }},
		{"mjpeg", func(t *testing.T) []frame { return jpegClip(t, 64, 48, n) }},
	}
	for _, c := range cases {
		t.Run(c.codec, func(t *testing.T) {
			frames := c.frames(t)
			path := filepath.Join(t.TempDir(), "step.mp4")
			r, err := Create(path, Track{Codec: c.codec})
			require.NoError(t, err)
			t0 := time.Date(2026, 12, 6, 17, 0, 1, 500_000_000, time.UTC)
			for i, f := range frames {
				at := t0.Add(time.Duration(i) * every)
				if i >= stepAt {
					at = at.Add(step)
				}
				require.NoError(t, r.Write(f.data, f.key, at), "frame %d", i)
			}
			require.NoError(t, r.Close())

			p := videotest.FFprobe(t, path)
			require.Equal(t, n, p.Frames)
			require.InDelta(t, (n * every).Seconds(), p.Duration, 0.05, "the step neither shortens nor stretches the file")
			pts := packetTimes(t, path)
			require.Len(t, pts, n)
			for i := range pts {
				require.InDelta(t, (time.Duration(i) * every).Seconds(), pts[i], 1e-3, "frame %d's time", i)
			}
			out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-").CombinedOutput()
			require.NoError(t, err)
			require.Empty(t, string(out))
		})
	}
}

// packetTimes is each packet's presentation time, in seconds, as ffprobe
// reads it.
func packetTimes(t *testing.T, path string) []float64 {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0",
		"-show_entries", "packet=pts_time", "-of", "csv=p=0", path).Output()
	require.NoError(t, err, "ffprobe %s", path)
	var pts []float64
	for _, line := range strings.Fields(string(out)) {
		p, err := strconv.ParseFloat(strings.TrimSuffix(line, ","), 64)
		require.NoError(t, err, line)
		pts = append(pts, p)
	}
	return pts
}

// TestRecordOutOfOrder records frames in the order an encoder with
// B-frames sends them (taken at 0, 3, 1, 2, 6, 4, 5... frame intervals) and
// a small wobble back: the file's time follows the latest capture time, so
// its length is the clip's and its times only go forward.
func TestRecordOutOfOrder(t *testing.T) {
	videotest.NeedTools(t, "ffmpeg", "ffprobe")
	const (
		n     = 100
		every = 40 * time.Millisecond
	)
	frames := h26xClip(t, "h264", 160, 120, n)
	path := filepath.Join(t.TempDir(), "bframes.mp4")
	r, err := Create(path, Track{Codec: "h264"})
	require.NoError(t, err)
	t0 := time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC)
	for i, f := range frames {
		shown := i
		if i > 0 {
			shown = []int{2, -1, -1}[(i-1)%3] + i // P3 B1 B2 P6 B4 B5...
		}
		at := t0.Add(time.Duration(shown) * every)
		if i == 60 {
			at = at.Add(-100 * time.Millisecond) // a wobble back, within stepBack
		}
		require.NoError(t, r.Write(f.data, f.key, at), "frame %d", i)
	}
	require.NoError(t, r.Close())

	p := videotest.FFprobe(t, path)
	require.Equal(t, n, p.Frames)
	require.InDelta(t, (n * every).Seconds(), p.Duration, 0.05, "as long as the clip")
	pts := packetTimes(t, path)
	require.Len(t, pts, n)
	for i := 1; i < n; i++ {
		require.Greater(t, pts[i], pts[i-1], "frame %d's time goes forward", i)
	}
}
