// Package streamtest gives tests of the video path a gcs.VideoFeed that
// plays real frames: H.264 access units of a clip ffmpeg encodes in the
// test (testsrc2, parameter sets before every key frame), looped at the
// clip's frame rate to every watcher.
package streamtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"skerry/gcs"
)

// Feed is a gcs.VideoFeed serving one stream (Vehicle, Key) that plays
// Units in a loop, at FPS, to every watcher from the first unit (a key
// frame). Like the station's, a watcher that does not keep up loses frames
// up to the next key frame. Set the fields before the first Watch.
type Feed struct {
	Vehicle gcs.VehicleID
	Key     string
	Units   []gcs.VideoUnit // Seq and Captured are set when sent
	FPS     float64         // default 25
	Buffer  int             // each watcher's channel (default 4)
	// Lose, when positive, loses every Lose-th frame before it is sent
	// (its Seq is skipped), as a lossy link would: viewers see gaps.
	Lose int

	watching atomic.Int64
	watches  atomic.Int64
	dropped  atomic.Int64
	mu       sync.Mutex
	rec      *gcs.Recording
}

var _ gcs.VideoFeed = (*Feed)(nil)

// Watching is the number of watchers now; Watches counts every Watch
// that succeeded; Dropped counts frames watchers lost.
func (f *Feed) Watching() int64 { return f.watching.Load() }

// Watches counts the Watch calls that succeeded.
func (f *Feed) Watches() int64 { return f.watches.Load() }

// Dropped counts the frames watchers lost here, before the handler.
func (f *Feed) Dropped() int64 { return f.dropped.Load() }

func (f *Feed) has(id gcs.VehicleID, key string) bool {
	return id == f.Vehicle && key == f.Key && len(f.Units) > 0
}

// Watch plays the stream to a new watcher until ctx ends.
func (f *Feed) Watch(ctx context.Context, id gcs.VehicleID, key string) (<-chan gcs.VideoUnit, error) {
	if !f.has(id, key) {
		return nil, gcs.ErrNoStream
	}
	buf := f.Buffer
	if buf <= 0 {
		buf = 4
	}
	ch := make(chan gcs.VideoUnit, buf)
	f.watching.Add(1)
	f.watches.Add(1)
	go f.play(ctx, ch)
	return ch, nil
}

func (f *Feed) play(ctx context.Context, ch chan<- gcs.VideoUnit) {
	defer f.watching.Add(-1)
	defer close(ch)
	fps := f.FPS
	if fps <= 0 {
		fps = 25
	}
	tick := time.NewTicker(time.Duration(float64(time.Second) / fps))
	defer tick.Stop()
	skip := false
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			u := f.Units[i%len(f.Units)]
			if f.Lose > 0 && (i+1)%f.Lose == 0 {
				continue
			}
			if skip && !u.Key {
				f.dropped.Add(1)
				continue
			}
			skip = false
			u.Seq, u.Captured = uint64(i+1), now
			select {
			case ch <- u:
			default:
				f.dropped.Add(1)
				skip = true
			}
		}
	}
}

// Snapshot has no decoded frames to give.
func (f *Feed) Snapshot(context.Context, gcs.VehicleID, string) ([]byte, time.Time, error) {
	return nil, time.Time{}, gcs.ErrNoFrame
}

// StartRecording pretends to record.
func (f *Feed) StartRecording(_ context.Context, id gcs.VehicleID, key string) (gcs.Recording, error) {
	if !f.has(id, key) {
		return gcs.Recording{}, gcs.ErrNoStream
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rec != nil {
		return *f.rec, gcs.ErrRecording
	}
	f.rec = &gcs.Recording{File: fmt.Sprintf("video/%s-%s-test.mp4", id, key), Started: time.Now()}
	return *f.rec, nil
}

// StopRecording ends the pretended recording.
func (f *Feed) StopRecording(_ context.Context, id gcs.VehicleID, key string) (gcs.Recording, error) {
	if !f.has(id, key) {
		return gcs.Recording{}, gcs.ErrNoStream
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rec == nil {
		return gcs.Recording{}, gcs.ErrNotRecording
	}
	r := *f.rec
	f.rec = nil
	return r, nil
}

// Clip sizes of H264Units.
const (
	ClipWidth  = 640
	ClipHeight = 360
	ClipFPS    = 25
)

// H264Units encodes 3 s of ffmpeg's testsrc2 (640×360, 25 fps, a key frame
// every second with SPS and PPS before it, no B-frames) and returns its
// access units. Without ffmpeg the test is skipped, loudly; with CI=true
// it fails.
func H264Units(t testing.TB) []gcs.VideoUnit {
	t.Helper()
	out := ffmpeg(t, "-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=%d", ClipWidth, ClipHeight, ClipFPS), "-t", "3",
		"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-bf", "0", "-g", fmt.Sprint(ClipFPS),
		"-pix_fmt", "yuv420p", "-f", "h264", "-")
	aus := AccessUnits(NALUnits(out))
	if len(aus) == 0 || !aus[0].Key {
		t.Fatalf("ffmpeg's clip: %d access units, the first not a key frame", len(aus))
	}
	units := make([]gcs.VideoUnit, len(aus))
	for i, au := range aus {
		units[i] = gcs.VideoUnit{Codec: "h264", Key: au.Key, Data: au.Data, Width: ClipWidth, Height: ClipHeight}
	}
	return units
}

// MJPEGUnits encodes 2 s of testsrc2 at 320×240 and 10 fps as JPEG images
// (skipped or failed without ffmpeg, as H264Units).
func MJPEGUnits(t testing.TB) []gcs.VideoUnit {
	t.Helper()
	out := ffmpeg(t, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-t", "2", "-c:v", "mjpeg", "-q:v", "5", "-f", "mjpeg", "-")
	var units []gcs.VideoUnit
	for _, img := range JPEGs(out) {
		units = append(units, gcs.VideoUnit{Codec: "mjpeg", Key: true, Data: img, Width: 320, Height: 240})
	}
	if len(units) == 0 {
		t.Fatal("ffmpeg's MJPEG clip holds no JPEG image")
	}
	return units
}

// JPEGs splits concatenated JPEG images (SOI FF D8 to EOI FF D9; inside
// the entropy-coded data a 0xFF is always followed by 0x00 or a restart
// marker, so an EOI ends its image).
func JPEGs(b []byte) [][]byte {
	var out [][]byte
	for {
		start := bytes.Index(b, []byte{0xff, 0xd8})
		if start < 0 {
			return out
		}
		end := bytes.Index(b[start+2:], []byte{0xff, 0xd9})
		if end < 0 {
			return out
		}
		end += start + 4
		out = append(out, b[start:end])
		b = b[end:]
	}
}

// ffmpeg runs ffmpeg with args and returns what it wrote; without ffmpeg
// the test is skipped, loudly, or fails when CI=true.
func ffmpeg(t testing.TB, args ...string) []byte {
	t.Helper()
	bin, err := exec.LookPath("ffmpeg")
	if err != nil {
		msg := "VIDEO TESTS NOT RUN: ffmpeg (with libx264) is missing: apt-get install ffmpeg"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		fmt.Fprintf(os.Stderr, "\n*** %s ***\n\n", msg)
		t.Skip(msg)
	}
	cmd := exec.Command(bin, append([]string{"-hide_banner", "-loglevel", "error"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, stderr.Bytes())
	}
	return out
}
