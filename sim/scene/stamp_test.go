package scene

import (
	"bytes"
	"image"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// stampTimes are capture times to burn: ordinary, with every bit pattern
// the cells see (all ones in the low bits, alternating, the epoch).
var stampTimes = []time.Time{
	time.UnixMilli(0),
	time.UnixMilli(1),
	time.UnixMilli(1<<48 - 1),
	time.UnixMilli(0x5555_5555_5555),
	time.UnixMilli(0xAAAA_AAAA_AAAA),
	time.Date(2026, 12, 6, 17, 21, 33, 123e6, time.UTC),
}

// renderedFrame is a 1280×720 frame of the bay with t stamped.
func renderedFrame(t testing.TB, r *Renderer, i int, at time.Time) *image.YCbCr {
	img := r.NewFrame()
	p := Pose{Lat: 36.12, Lon: -5.425, Alt: 120, Heading: 90, GimbalPitch: -2 - float64(i%4)*8, HFOV: 60}
	r.Render(img, p, time.Duration(i)*40*time.Millisecond, at)
	return img
}

func TestStampRoundTrip(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	r := NewRenderer(w, 1280, 720)
	for i, at := range stampTimes {
		img := renderedFrame(t, r, i, at)
		got, ok := ReadStamp(img)
		require.True(t, ok)
		require.True(t, got.Equal(at), "%v != %v", got, at)

		var buf bytes.Buffer
		require.NoError(t, jpeg.Encode(&buf, img, &jpeg.Options{Quality: 75}))
		dec, err := jpeg.Decode(&buf)
		require.NoError(t, err)
		yc, isYCbCr := dec.(*image.YCbCr)
		require.True(t, isYCbCr)
		got, ok = ReadStamp(yc)
		require.True(t, ok, "after JPEG")
		require.True(t, got.Equal(at), "after JPEG: %v != %v", got, at)
	}
	_, ok := ReadStamp(image.NewYCbCr(image.Rect(0, 0, 1280, 720), image.YCbCrSubsampleRatio420))
	require.False(t, ok, "a black frame holds no stamp")
	_, ok = ReadStamp(image.NewYCbCr(image.Rect(0, 0, 100, 100), image.YCbCrSubsampleRatio420))
	require.False(t, ok, "too small for one")
}

// TestStampSurvivesX264 encodes stamped frames with ffmpeg's libx264
// (ultrafast, CRF 23 and 28, as the camera simulator streams), decodes
// them back and reads every stamp.
func TestStampSurvivesX264(t *testing.T) {
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ffmpeg is missing")
		}
		t.Skip("SKIPPED LOUDLY: ffmpeg is not installed; the stamp is not checked through H.264")
	}
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	r := NewRenderer(w, 1280, 720)
	const frames = 24
	var raw bytes.Buffer
	var want []time.Time
	for i := 0; i < frames; i++ {
		at := stampTimes[len(stampTimes)-1].Add(time.Duration(i)*40*time.Millisecond + time.Duration(i*i*7919)%1000*time.Millisecond)
		if i < len(stampTimes) {
			at = stampTimes[i]
		}
		want = append(want, at)
		img := renderedFrame(t, r, i, at)
		raw.Write(img.Y)
		raw.Write(img.Cb)
		raw.Write(img.Cr)
	}
	for _, crf := range []string{"23", "28"} {
		t.Run("crf"+crf, func(t *testing.T) {
			h264 := filepath.Join(t.TempDir(), "out.h264")
			enc := exec.Command(ffmpeg, "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1280x720", "-r", "25", "-i", "-",
				"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-crf", crf, "-y", h264)
			enc.Stdin = bytes.NewReader(raw.Bytes())
			out, err := enc.CombinedOutput()
			require.NoError(t, err, "%s", out)
			dec := exec.Command(ffmpeg, "-loglevel", "error", "-i", h264, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-")
			yuv, err := dec.Output()
			require.NoError(t, err)
			rd := bytes.NewReader(yuv)
			for i := 0; i < frames; i++ {
				img := image.NewYCbCr(image.Rect(0, 0, 1280, 720), image.YCbCrSubsampleRatio420)
				for _, plane := range [][]uint8{img.Y, img.Cb, img.Cr} {
					_, err := io.ReadFull(rd, plane)
					require.NoError(t, err, "frame %d", i)
				}
				got, ok := ReadStamp(img)
				require.True(t, ok, "frame %d", i)
				require.True(t, got.Equal(want[i]), "frame %d: %v != %v", i, got, want[i])
			}
		})
	}
}
