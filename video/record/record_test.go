package record

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"skerry/video/videotest"
	"strconv"
	"testing"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/stretchr/testify/require"
)

// frame is one encoded frame to record.
type frame struct {
	data []byte
	key  bool
}

// h26xClip encodes a clip with ffmpeg, with access unit delimiters, and
// splits it into access units at them with mediacommon's Annex B reader.
func h26xClip(t *testing.T, codec string, w, h, n int) []frame {
	t.Helper()
	enc := map[string][]string{
		"h264": {"-c:v", "libx264", "-x264-params", "aud=1:repeat-headers=1", "-f", "h264"},
		"h265": {"-c:v", "libx265", "-x265-params", "aud=1:repeat-headers=1:log-level=error", "-f", "hevc"},
	}[codec]
	args := append([]string{"-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi",
		"-i", "testsrc2=size=" + strconv.Itoa(w) + "x" + strconv.Itoa(h) + ":rate=25",
		"-frames:v", strconv.Itoa(n), "-pix_fmt", "yuv420p", "-g", "25", "-bf", "0", "-preset", "ultrafast"}, enc...)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ffmpeg", append(args, "-")...).Output()
	require.NoError(t, err)

	var nalus h264.AnnexB
	require.NoError(t, nalus.Unmarshal(out))
	isAUD := func(n []byte) bool {
		if codec == "h265" {
			return n[0]>>1&0x3f == 35
		}
		return n[0]&0x1f == 9
	}
	isKey := func(n []byte) bool {
		if codec == "h265" {
			t := n[0] >> 1 & 0x3f
			return t >= 16 && t <= 21
		}
		return n[0]&0x1f == 5
	}
	var frames []frame
	for _, n := range nalus {
		if isAUD(n) {
			frames = append(frames, frame{})
		}
		require.NotEmpty(t, frames, "the stream starts with a delimiter")
		f := &frames[len(frames)-1]
		f.data = append(append(f.data, 0, 0, 0, 1), n...)
		f.key = f.key || isKey(n)
	}
	require.Len(t, frames, n)
	return frames
}

// jpegClip makes n JPEG frames of a moving bar.
func jpegClip(t *testing.T, w, h, n int) []frame {
	t.Helper()
	var frames []frame
	for i := 0; i < n; i++ {
		m := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				c := color.RGBA{R: uint8(x), G: uint8(y), B: 80, A: 255}
				if (x+4*i)%w < 10 {
					c = color.RGBA{255, 255, 255, 255}
				}
				m.Set(x, y, c)
			}
		}
		var b bytes.Buffer
		require.NoError(t, jpeg.Encode(&b, m, nil))
		frames = append(frames, frame{data: b.Bytes(), key: true})
	}
	return frames
}

// TestRecordReadsBack records clips starting before a key frame, and
// checks with ffprobe, midway and after Close, that the file holds the
// frames from the first key frame on, at their capture times.
func TestRecordReadsBack(t *testing.T) {
	videotest.NeedTools(t, "ffmpeg", "ffprobe")
	cases := []struct {
		codec, probeName string
		w, h             int
		frames           func(t *testing.T) []frame
		skip             int // frames before the first key frame
	}{
		{"h264", "h264", 320, 240, func(t *testing.T) []frame { return h26xClip(t, "h264", 320, 240, 100)[10:] }, 15},
		{"h265", "hevc", 256, 144, func(t *testing.T) []frame { return h26xClip(t, "h265", 256, 144, 75)[10:] }, 15},
		{"mjpeg", "mjpeg", 160, 120, func(t *testing.T) []frame { return jpegClip(t, 160, 120, 60) }, 0},
	}
	for _, c := range cases {
		t.Run(c.codec, func(t *testing.T) {
			frames := c.frames(t)
			path := filepath.Join(t.TempDir(), "rec.mp4")
			r, err := Create(path, Track{Codec: c.codec})
			require.NoError(t, err)
			t0 := time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC)
			step := 40 * time.Millisecond
			for i, f := range frames {
				require.NoError(t, r.Write(f.data, f.key, t0.Add(time.Duration(i)*step)), "frame %d", i)
				if i == len(frames)*3/4 {
					// Midway, the file reads already: whole fragments so far,
					// and after Flush every frame but the newest.
					p := videotest.FFprobe(t, path)
					require.Equal(t, c.probeName, p.Codec)
					require.NoError(t, r.Flush())
					p = videotest.FFprobe(t, path)
					require.Equal(t, i-c.skip, p.Frames)
					require.Equal(t, c.probeName, p.Codec)
					require.Positive(t, p.Frames)
				}
			}
			require.Equal(t, c.skip, r.Skipped())
			require.NoError(t, r.Close())
			st, err := os.Stat(path)
			require.NoError(t, err)
			require.Equal(t, st.Size(), r.Bytes())

			p := videotest.FFprobe(t, path)
			written := len(frames) - c.skip
			require.Equal(t, c.probeName, p.Codec)
			require.Equal(t, c.w, p.W)
			require.Equal(t, c.h, p.H)
			require.Equal(t, written, p.Frames)
			require.InDelta(t, (time.Duration(written) * step).Seconds(), p.Duration, 0.05)
			// And every frame decodes cleanly.
			out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-").CombinedOutput()
			require.NoError(t, err)
			require.Empty(t, string(out))
		})
	}
}
