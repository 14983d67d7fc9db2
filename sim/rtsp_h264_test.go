package sim

import (
	"bytes"
	"context"
	"image"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/sim/scene"
)

// decodeH264 decodes access units (Annex B, starting with an IDR) with an
// ffmpeg child into grey frames of w×h, in order.
func decodeH264(t *testing.T, aus [][][]byte, w, h int) []*image.YCbCr {
	var in bytes.Buffer
	for _, au := range aus {
		for _, n := range au {
			in.Write([]byte{0, 0, 0, 1})
			in.Write(n)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", "-v", "error", "-f", "h264", "-i", "pipe:0",
		"-f", "rawvideo", "-pix_fmt", "gray", "pipe:1")
	cmd.Stdin = &in
	out, err := cmd.Output()
	require.NoError(t, err)
	var frames []*image.YCbCr
	for len(out) >= w*h {
		img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		copy(img.Y, out[:w*h])
		frames = append(frames, img)
		out = out[w*h:]
	}
	return frames
}

// TestH264StampMatchesRTCPCaptureTime checks the FIFO pairing of ffmpeg's
// access units with capture times: each decoded frame's burnt-in stamp is
// the capture time its RTP timestamp maps to.
func TestH264StampMatchesRTCPCaptureTime(t *testing.T) {
	needTool(t, "ffmpeg")
	s, _ := startCameraSim(t, CameraConfig{Codec: CodecH264, Width: 640, Height: 360})
	ch := playCamera(t, s.Cameras()[0].URL)
	var aus [][][]byte
	var ntps []time.Time
	for len(aus) < 15 {
		f := nextFrame(t, ch)
		if len(aus) == 0 && !hasNALU(f.au, naluIDR) {
			continue
		}
		aus, ntps = append(aus, f.au), append(ntps, f.ntp)
	}
	frames := decodeH264(t, aus, 640, 360)
	require.Len(t, frames, len(aus))
	checked := 0
	for i, img := range frames {
		if ntps[i].IsZero() { // before the first sender report
			continue
		}
		stamp, ok := scene.ReadStamp(img)
		require.True(t, ok, "frame %d: no stamp", i)
		require.InDelta(t, 0, ntps[i].Sub(stamp).Seconds(), 0.002, "frame %d: stamp %v, RTCP time %v", i, stamp, ntps[i])
		checked++
	}
	require.GreaterOrEqual(t, checked, 10)
}
