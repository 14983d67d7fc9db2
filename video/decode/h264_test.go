//go:build cgo && !nolibav

package decode

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// needTool skips (loudly) when a tool is missing, and fails under CI=true.
func needTool(tb testing.TB, name string) {
	tb.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is missing and CI=true: %v", name, err)
		}
		tb.Skipf("SKIPPED: %s is not installed (Debian: apt-get install ffmpeg): %v", name, err)
	}
}

// clip makes (or reads from testdata) a small clip and splits it.
func clip(tb testing.TB, codec Codec, w, h, frames int) ([][]byte, []bool) {
	tb.Helper()
	needTool(tb, "ffmpeg")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := MakeClip(ctx, codec, w, h, 25, frames)
	require.NoError(tb, err)
	units, keys := SplitAccessUnits(codec, b)
	require.Len(tb, units, frames)
	return units, keys
}

func TestDecodesEveryFrame(t *testing.T) {
	for _, codec := range []Codec{H264, H265} {
		t.Run(string(codec), func(t *testing.T) {
			units, keys := clip(t, codec, 176, 144, 30)
			require.True(t, keys[0])
			d := newDecoder(t, codec)
			t.Log(d.Name())
			for i, u := range units {
				pts := time.Duration(i) * 40 * time.Millisecond
				pic, err := d.Decode(context.Background(), Unit{Data: u, Key: keys[i], PTS: pts, Want: i%2 == 0})
				require.NoError(t, err, "frame %d", i)
				if i%2 != 0 {
					require.Nil(t, pic)
					continue
				}
				require.NotNil(t, pic, "frame %d", i)
				require.Equal(t, pts, pic.PTS)
				require.Equal(t, 176, pic.Image.Rect.Dx())
				require.Equal(t, 144, pic.Image.Rect.Dy())
			}
		})
	}
}

// TestSameAsFFmpeg: the pictures are libavcodec's, byte for byte what
// ffmpeg decodes from the same stream.
func TestSameAsFFmpeg(t *testing.T) {
	for _, codec := range []Codec{H264, H265} {
		t.Run(string(codec), func(t *testing.T) {
			units, keys := clip(t, codec, 160, 90, 12)
			stream := bytes.Join(units, nil)
			format := map[Codec]string{H264: "h264", H265: "hevc"}[codec]
			cmd := exec.Command("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", "1",
				"-f", format, "-i", "-", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-")
			cmd.Stdin = bytes.NewReader(stream)
			want, err := cmd.Output()
			require.NoError(t, err)
			var got []byte
			d := newDecoder(t, codec)
			for i, u := range units {
				pic, err := d.Decode(context.Background(), Unit{Data: u, Key: keys[i], PTS: time.Duration(i), Want: true})
				require.NoError(t, err)
				require.NotNil(t, pic)
				got = append(append(append(got, pic.Image.Y...), pic.Image.Cb...), pic.Image.Cr...)
			}
			if runtime.GOOS == "linux" {
				require.Equal(t, len(units), d.(*childDecoder).rr.shared, "pictures come through shared memory")
			}
			require.Equal(t, len(want), len(got))
			require.True(t, bytes.Equal(want, got), "pictures differ from ffmpeg's")
		})
	}
}

// TestGarbageThenGoodUnits: garbage and damaged units give errors (or
// nothing), the child survives, and the next key frame decodes.
func TestGarbageThenGoodUnits(t *testing.T) {
	units, keys := clip(t, H264, 176, 144, 30)
	d := newDecoder(t, H264)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	// Good start.
	for i := 0; i < 5; i++ {
		_, err := d.Decode(ctx, Unit{Data: units[i], Key: keys[i], PTS: time.Duration(i), Want: true})
		require.NoError(t, err)
	}
	bad := [][]byte{
		nil, {0, 0, 1}, {0, 0, 0, 1, 0x65}, garbage(10), garbage(5000),
		append([]byte{0, 0, 0, 1}, garbage(3000)...),
		append(bytes.Clone(units[5][:len(units[5])/2]), garbage(200)...), // a damaged P frame
		append([]byte{0, 0, 0, 1, 0x67}, garbage(50)...),                 // a bogus SPS
	}
	errs := 0
	for i, b := range bad {
		_, err := d.Decode(ctx, Unit{Data: b, PTS: time.Duration(100 + i), Want: true})
		require.NotErrorIs(t, err, ErrCrashed)
		if err != nil {
			errs++
			t.Logf("bad unit %d: %v", i, err)
		}
	}
	require.GreaterOrEqual(t, errs, 4, "damaged units are reported")
	// The second key frame (frame 25) and what follows decode again.
	require.True(t, keys[25])
	for i := 25; i < 30; i++ {
		pic, err := d.Decode(ctx, Unit{Data: units[i], Key: keys[i], PTS: time.Duration(i), Want: true})
		require.NoError(t, err, "frame %d", i)
		require.NotNil(t, pic)
		require.Equal(t, time.Duration(i), pic.PTS)
	}
}

// TestOtherPixelFormats: 4:2:2, 4:4:4, full-range and 10-bit streams
// come out as 8-bit 4:2:0 (swscale) in their own range, close to ffmpeg's
// own conversion.
func TestOtherPixelFormats(t *testing.T) {
	needTool(t, "ffmpeg")
	cases := []struct {
		codec      Codec
		enc, pix   string
		w, h       int
		formatName string
		full       bool
	}{
		{H264, "libx264", "yuv422p", 96, 64, "h264", false},
		{H264, "libx264", "yuv444p", 96, 64, "h264", false},
		{H264, "libx264", "yuvj420p", 96, 64, "h264", true},
		{H264, "libx264", "yuvj422p", 96, 64, "h264", true},
		{H265, "libx265", "yuv420p10le", 96, 64, "hevc", false},
	}
	for _, c := range cases {
		t.Run(string(c.codec)+"_"+c.pix, func(t *testing.T) {
			args := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi",
				"-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=25", c.w, c.h), "-frames:v", "3",
				"-pix_fmt", c.pix, "-c:v", c.enc, "-preset", "ultrafast", "-bf", "0"}
			if c.enc == "libx265" {
				args = append(args, "-x265-params", "log-level=error")
			}
			stream, err := exec.Command("ffmpeg", append(args, "-f", c.formatName, "-")...).Output()
			require.NoError(t, err)
			units, keys := SplitAccessUnits(c.codec, stream)
			require.Len(t, units, 3)
			cmd := exec.Command("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-f", c.formatName, "-i", "-",
				"-frames:v", "1", "-f", "rawvideo", "-pix_fmt", map[bool]string{false: "yuv420p", true: "yuvj420p"}[c.full], "-")
			cmd.Stdin = bytes.NewReader(stream)
			want, err := cmd.Output()
			require.NoError(t, err)

			d := newDecoder(t, c.codec)
			pic, err := d.Decode(context.Background(), Unit{Data: units[0], Key: keys[0], Want: true})
			require.NoError(t, err)
			require.NotNil(t, pic)
			m := pic.Image
			require.Equal(t, image.Pt(c.w, c.h), m.Rect.Size())
			require.Equal(t, image.YCbCrSubsampleRatio420, m.SubsampleRatio)
			require.Equal(t, c.full, pic.FullRange)
			got := append(append(append([]byte(nil), m.Y...), m.Cb...), m.Cr...)
			require.Len(t, got, len(want))
			// Scalers differ in rounding and chroma filtering: compare on average.
			var sum int
			for i := range got {
				d := int(got[i]) - int(want[i])
				sum += max(d, -d)
			}
			mean := float64(sum) / float64(len(got))
			t.Logf("mean |ours - ffmpeg| = %.2f", mean)
			require.Less(t, mean, 3.0)
		})
	}
}
