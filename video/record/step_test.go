package record

import (
	"os/exec"
	"path/filepath"
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
	needFFmpeg(t)
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

			p := ffprobe(t, path)
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
