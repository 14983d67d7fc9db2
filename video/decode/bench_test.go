//go:build cgo && !nolibav

package decode

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkDecodeH264_720p decodes a 720p25 camera-like clip (every
// picture wanted and copied back) one frame per op, and reports the
// child's CPU time per frame (start-up excluded: b.N frames less 1 frame) beside `ffmpeg -threads
// 1`'s on the same clip (start-up excluded: 100 frames less 1 frame).
func BenchmarkDecodeH264_720p(b *testing.B) {
	benchDecode(b, ClipOptions{Codec: H264, Width: 1280, Height: 720, FPS: 25, Frames: 100})
}

// BenchmarkDecodeH264_720pCamera is the same on a clip like a camera's
// hardware encoder makes (see CameraClip).
func BenchmarkDecodeH264_720pCamera(b *testing.B) {
	benchDecode(b, CameraClip(100))
}

func benchDecode(b *testing.B, o ClipOptions) {
	needTool(b, "ffmpeg")
	ctx := context.Background()
	stream, err := MakeClipWith(ctx, o)
	require.NoError(b, err)
	units, keys := SplitAccessUnits(H264, stream)
	require.Len(b, units, 100)
	// ffmpeg's decoding without its start-up (about 80 ms of CPU).
	ffAll, _, err := timeFFmpeg(ctx, stream, len(units))
	require.NoError(b, err)
	ffOne, _, err := timeFFmpeg(ctx, stream, 1)
	require.NoError(b, err)

	d := newDecoder(b, H264).(*childDecoder)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(units)
		pic, err := d.Decode(ctx, Unit{Data: units[k], Key: keys[k], PTS: time.Duration(i) * 40 * time.Millisecond, Want: true})
		if err != nil || pic == nil {
			b.Fatalf("frame %d: %v", i, err)
		}
	}
	b.StopTimer()
	require.NoError(b, d.Close())
	if b.N < 2 {
		return
	}
	// Start-up and exit out: this child's CPU less a one-frame child's.
	cpu, err := d.cpuTime()
	require.NoError(b, err)
	cpuOne, _, err := timeOurs(ctx, units[:1], keys, true)
	require.NoError(b, err)
	ours := float64(cpu-cpuOne) / float64(b.N-1)
	theirs := float64(ffAll-ffOne) / float64(len(units)-1)
	b.ReportMetric(ours, "child-cpu-ns/frame")
	b.ReportMetric(theirs, "ffmpeg-cpu-ns/frame")
	b.ReportMetric(ours/theirs, "cpu-ratio")
}

// TestCompareWithFFmpeg runs the comparison `skerry bench video` shows,
// on a 720p25 clip, when SKERRY_BENCH_VIDEO=runs (it takes a while).
func TestCompareWithFFmpeg(t *testing.T) {
	if os.Getenv("SKERRY_BENCH_VIDEO") == "" {
		t.Skip("set SKERRY_BENCH_VIDEO=1 (or a number of runs) to compare with ffmpeg")
	}
	needTool(t, "ffmpeg")
	for name, o := range map[string]ClipOptions{
		"ultrafast": {Codec: H264, Width: 1280, Height: 720, FPS: 25, Frames: 250},
		"camera":    CameraClip(250),
	} {
		t.Run(name, func(t *testing.T) { compareRuns(t, o) })
	}
}

func compareRuns(t *testing.T, o ClipOptions) {
	ctx := context.Background()
	stream, err := MakeClipWith(ctx, o)
	require.NoError(t, err)
	runs := 5
	var ours, theirs, ratio []float64
	for range runs {
		c, err := CompareWithFFmpeg(ctx, stream, 0)
		require.NoError(t, err)
		t.Log(c)
		ours = append(ours, float64(c.OursCPU)/1e6)
		theirs = append(theirs, float64(c.FFmpegCPU)/1e6)
		ratio = append(ratio, c.Ratio())
	}
	for name, v := range map[string][]float64{"ours ms CPU/frame": ours, "ffmpeg ms CPU/frame": theirs, "ratio": ratio} {
		slices.Sort(v)
		t.Logf("%s: min %.3f median %.3f max %.3f", name, v[0], v[len(v)/2], v[len(v)-1])
	}
}
