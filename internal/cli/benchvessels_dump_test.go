package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/internal/bench"
	"skerry/video/detect"
)

// shortBench is a short run of bench vessels: one case, one boat, two
// seconds (10 frames).
func shortBench(extra ...string) []string {
	return append([]string{"bench", "vessels", "--cases", "calm/60m/nadir", "--vessels", "rib-runner", "--seconds", "2",
		"--ports=false", "--workers", "1"}, extra...)
}

// TestBenchVesselsBadPaths: a trace file or dump directory that cannot be
// created is a clear error before anything is flown.
func TestBenchVesselsBadPaths(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	for _, c := range []struct{ flag, path string }{
		{"--trace", filepath.Join(dir, "no", "such", "trace.txt")},
		{"--trace", dir},
		{"--dump-dir", filepath.Join(file, "sub")},
	} {
		var out, errs bytes.Buffer
		require.Equal(t, 1, Run(context.Background(), shortBench(c.flag, c.path), &out, &errs), c.path)
		require.Contains(t, errs.String(), "bench vessels: "+c.flag, c.path)
		require.NotContains(t, errs.String(), "frames", "nothing flown")
	}
	var out, errs bytes.Buffer
	require.Equal(t, 1, Run(context.Background(), shortBench("--dump-all"), &out, &errs))
	require.Contains(t, errs.String(), "--dump-all needs --dump-dir")

	// "-" is stderr, with the progress lines.
	out.Reset()
	errs.Reset()
	require.Equal(t, 0, Run(context.Background(), []string{"bench", "vessels", "--cases", "calm/60m/nadir", "--vessels", "rib-runner",
		"--seconds", "0.4", "--ports=false", "--trace", "-"}, &out, &errs), errs.String())
	require.Contains(t, errs.String(), "calm/60m/nadir rib-runner frame 0: ")
	require.Contains(t, errs.String(), "calm/60m/nadir rib-runner frame 1: ")
	require.Contains(t, errs.String(), "frames    2")
}

// TestBenchVesselsTraceDumpReplay runs a short flight with --flights,
// --trace and --dump-dir --dump-all. The whole flight replays through
// skerry detect --sequence --min-hits 2 --pose-sidecar to the bench's
// boxes, frame by frame; each frame with a miss or false alarm replays
// alone (--pose, --pose-sidecar) to the sidecar's single-frame boxes
// (its planes) and RGB boxes (its PNG). The bench's own detections
// (MinHits 2 with history) are among the single-frame boxes, and a boat
// in view at frame 0 is a miss (no history yet), so some frame has one.
func TestBenchVesselsTraceDumpReplay(t *testing.T) {
	dir := t.TempDir()
	trace := filepath.Join(dir, "trace.txt")
	dump := filepath.Join(dir, "dump")
	var out, errs bytes.Buffer
	code := Run(context.Background(), shortBench("--flights", "--trace", trace, "--dump-dir", dump, "--dump-all"), &out, &errs)
	require.Equal(t, 0, code, errs.String())

	// The flights table names tracks and id switches.
	text := out.String()
	require.Contains(t, text, "tracks")
	require.Contains(t, text, "idsw")
	var row []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "calm/60m/nadir") && strings.Contains(l, "rib-runner") {
			row = strings.Fields(l)
		}
	}
	require.Len(t, row, 8, text) // flight vessel frames tp fp fn tracks idsw
	require.Equal(t, "10", row[2])

	// The trace has a line a frame.
	tr, err := os.ReadFile(trace)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(tr)), "\n")
	require.Len(t, lines, 10)
	for _, l := range lines {
		require.Contains(t, l, "calm/60m/nadir rib-runner frame ")
		require.Contains(t, l, "truth")
	}

	sidecars, err := filepath.Glob(filepath.Join(dump, "*.json"))
	require.NoError(t, err)
	require.Len(t, sidecars, 10, "--dump-all")
	// The whole flight replays with its history: each frame's boxes are
	// the bench's.
	planesFiles, err := filepath.Glob(filepath.Join(dump, "calm-60m-nadir-rib-runner-*.i420.png"))
	require.NoError(t, err)
	require.Len(t, planesFiles, 10)
	var sout, serrs bytes.Buffer
	require.Equal(t, 0, Run(context.Background(), append([]string{"detect", "--sequence", "--min-hits", "2", "--pose-sidecar"}, planesFiles...),
		&sout, &serrs), serrs.String())
	dec := json.NewDecoder(&sout)
	boxes := 0
	for _, pf := range planesFiles {
		var line detectLine
		require.NoError(t, dec.Decode(&line))
		require.Equal(t, pf, line.File)
		var d bench.DumpFrame
		data, err := os.ReadFile(strings.TrimSuffix(pf, ".i420.png") + ".json")
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &d))
		want := make([]detectBox, len(d.Detections))
		for i, b := range d.Detections {
			want[i] = jsonBoxOf(b.DumpBox)
		}
		require.Equal(t, want, line.Boxes, pf)
		boxes += len(want)
	}
	require.Positive(t, boxes, "the bench found the boat")

	dumped := 0
	for _, sc := range sidecars {
		data, err := os.ReadFile(sc)
		require.NoError(t, err)
		var d bench.DumpFrame
		require.NoError(t, json.Unmarshal(data, &d))
		require.Equal(t, "calm/60m/nadir", d.Case)
		require.Equal(t, "rib-runner", d.Vessel)
		if d.Tally.FP+d.Tally.FN == 0 {
			continue // without --dump-all, not dumped
		}
		dumped++
		require.NotEmpty(t, d.Truth, sc)
		require.Equal(t, 1280, d.Width)
		png := filepath.Join(dump, d.Image)
		planes := strings.TrimSuffix(png, ".png") + ".i420.png"
		require.FileExists(t, png)

		// The bench's boxes are the single-frame boxes seen often enough.
		for _, b := range d.Detections {
			require.True(t, containsBox(d.SingleFrame, b.DumpBox), "%s: %+v not among the single-frame boxes", sc, b.DumpBox)
			require.GreaterOrEqual(t, b.Score, scoreOf(d.SingleFrame, b.DumpBox), sc)
		}
		t.Logf("%s: tally %+v, bench %d boxes, single frame %d, from the RGB PNG %d", d.Image, d.Tally, len(d.Detections), len(d.SingleFrame), len(d.RGB))

		// The planes replay the bench's frame bit for bit: the single-frame
		// boxes; the RGB PNG its own.
		for _, c := range []struct {
			args []string
			want []bench.DumpBox
		}{
			{[]string{"detect", "--pose", sc, planes}, d.SingleFrame},
			{[]string{"detect", "--pose-sidecar", planes}, d.SingleFrame},
			{[]string{"detect", "--pose", sc, png}, d.RGB},
			{[]string{"detect", "--pose-sidecar", png}, d.RGB},
		} {
			want := make([]detectBox, len(c.want))
			for i, b := range c.want {
				want[i] = jsonBoxOf(b)
			}
			var dout, derrs bytes.Buffer
			require.Equal(t, 0, Run(context.Background(), c.args, &dout, &derrs), derrs.String())
			var line detectLine
			require.NoError(t, json.Unmarshal(dout.Bytes(), &line))
			require.Equal(t, want, line.Boxes, "%v", c.args)
			require.Equal(t, 1280, line.Width)
			require.Equal(t, 720, line.Height)
		}
	}
	require.Positive(t, dumped, "frame 0 has no history: a miss")
}

func jsonBoxOf(b bench.DumpBox) detectBox {
	return jsonBox(detectBoxIn(b))
}

func containsBox(bs []bench.DumpBox, b bench.DumpBox) bool {
	return scoreOf(bs, b) >= 0
}

// scoreOf is the score of the box of bs at b's place, -1 if none.
func scoreOf(bs []bench.DumpBox, b bench.DumpBox) float64 {
	for _, x := range bs {
		if x.X == b.X && x.Y == b.Y && x.W == b.W && x.H == b.H {
			return x.Score
		}
	}
	return -1
}

func detectBoxIn(b bench.DumpBox) detect.Box {
	return detect.Box{X: b.X, Y: b.Y, W: b.W, H: b.H, Score: b.Score}
}
