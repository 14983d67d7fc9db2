//go:build cgo

package yolo

import (
	"flag"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/video/detect"
)

var update = flag.Bool("update", false, "rewrite testdata/tiny_yolov8.onnx and testdata/tiny_yolov5.onnx")

func TestDetectorEndToEnd(t *testing.T) {
	needRuntime(t)
	for _, tc := range []struct {
		name string
		v5   bool
		full bool
	}{{"yolov8 full range", false, true}, {"yolov5 full range", true, true}, {"yolov8 video range", false, false}, {"yolov5 video range", true, false}} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := New(tinyModel(t, tinySpec{size: 64, cell: 8, v5: tc.v5, names: true}), Options{})
			require.NoError(t, err)
			defer d.Close()
			// 128×64 in a 64×64 input: scale ½, 16 px of grey above and
			// below. The 16 px square at (32,16) lands on the window at
			// input (16,24)–(24,32), and comes back where it was.
			img := frame(128, 64, tc.full)
			white := uint8(255)
			if !tc.full {
				white = 235
			}
			fill(img, image.Rect(32, 16, 48, 32), white, 128, 128)
			dets, err := d.Detections(detect.Frame{Image: img, FullRange: tc.full})
			require.NoError(t, err)
			require.Len(t, dets, 1)
			b := dets[0]
			require.InDelta(t, 32, b.X, 0.01)
			require.InDelta(t, 16, b.Y, 0.01)
			require.InDelta(t, 16, b.W, 0.01)
			require.InDelta(t, 16, b.H, 0.01)
			require.Greater(t, b.Score, 0.99)
			require.Equal(t, 0, b.Class)
			require.Equal(t, "boat", b.Name)

			boxes, err := d.Detect(detect.Frame{Image: img, FullRange: tc.full})
			require.NoError(t, err)
			require.Equal(t, []detect.Box{b.Box}, boxes)

			// Black frame: nothing.
			boxes, err = d.Detect(detect.Frame{Image: frame(128, 64, tc.full), FullRange: tc.full})
			require.NoError(t, err)
			require.Empty(t, boxes)
		})
	}
}

func TestDetectorClasses(t *testing.T) {
	needRuntime(t)
	path := tinyModel(t, tinySpec{size: 64, cell: 8, names: true})
	// 64×128 (portrait): scale ½, 16 px of grey left and right. A white
	// square at (0,32) and a red one at (32,64), 16 px each.
	img := frame(64, 128, true)
	fill(img, image.Rect(0, 32, 16, 48), 255, 128, 128)
	fill(img, image.Rect(32, 64, 48, 80), 76, 85, 255) // red
	for _, tc := range []struct {
		classes []string
		want    []int
	}{{nil, []int{0, 1}}, {[]string{"boat"}, []int{0}}, {[]string{"BUOY"}, []int{1}}, {[]string{"1"}, []int{1}}, {[]string{"0", "buoy"}, []int{0, 1}}} {
		d, err := New(path, Options{Classes: tc.classes})
		require.NoError(t, err)
		dets, err := d.Detections(detect.Frame{Image: img, FullRange: true})
		require.NoError(t, err)
		var got []int
		for _, x := range dets {
			got = append(got, x.Class)
			want := image.Rect(0, 32, 16, 48)
			if x.Class == 1 {
				want = image.Rect(32, 64, 48, 80)
			}
			require.InDelta(t, want.Min.X, x.X, 0.01, "class %d", x.Class)
			require.InDelta(t, want.Min.Y, x.Y, 0.01, "class %d", x.Class)
			require.InDelta(t, 16, x.W, 0.01)
			require.InDelta(t, 16, x.H, 0.01)
		}
		require.ElementsMatch(t, tc.want, got, "classes %v", tc.classes)
		require.NoError(t, d.Close())
	}
	for _, bad := range []string{"ship", "2", "-1"} {
		_, err := New(path, Options{Classes: []string{bad}})
		require.Error(t, err, bad)
	}
	_, err := New(tinyModel(t, tinySpec{size: 64, cell: 8}), Options{Classes: []string{"boat"}})
	require.ErrorContains(t, err, "names no classes")
}

func TestDetectorNMSThroughRuntime(t *testing.T) {
	needRuntime(t)
	path := tinyModel(t, tinySpec{size: 64, cell: 8})
	img := frame(128, 64, true)
	fill(img, image.Rect(32, 16, 48, 32), 255, 128, 128)
	// At confidence 0.1 the four half-covered neighbours (score 0.12)
	// pass; each overlaps the square's box by IoU ⅓.
	for _, tc := range []struct {
		iou  float64
		want int
	}{{0.3, 1}, {0.34, 5}} {
		d, err := New(path, Options{Confidence: 0.1, IoU: tc.iou})
		require.NoError(t, err)
		dets, err := d.Detections(detect.Frame{Image: img, FullRange: true})
		require.NoError(t, err)
		require.Len(t, dets, tc.want, "IoU %g", tc.iou)
		require.InDelta(t, 32, dets[0].X, 0.01)
		require.Greater(t, dets[0].Score, 0.99)
		for _, x := range dets[1:] {
			require.InDelta(t, 0.12, x.Score, 0.01)
		}
		require.NoError(t, d.Close())
	}
	d, err := New(path, Options{Confidence: 0.1, IoU: 0.9, MaxBoxes: 2})
	require.NoError(t, err)
	defer d.Close()
	dets, err := d.Detections(detect.Frame{Image: img, FullRange: true})
	require.NoError(t, err)
	require.Len(t, dets, 2)
}

func TestDetectorSharedModel(t *testing.T) {
	needRuntime(t)
	m, err := Load(tinyModel(t, tinySpec{size: 64, cell: 8}), Options{})
	require.NoError(t, err)
	img := frame(128, 64, true)
	fill(img, image.Rect(32, 16, 48, 32), 255, 128, 128)
	done := make(chan error, 3)
	for range 3 {
		go func() {
			d := m.NewDetector()
			defer d.Close()
			for range 20 {
				boxes, err := d.Detect(detect.Frame{Image: img, FullRange: true})
				if err == nil && len(boxes) != 1 {
					err = os.ErrInvalid
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 3 {
		require.NoError(t, <-done)
	}
	require.NoError(t, m.Close())
	_, err = m.NewDetector().Detect(detect.Frame{Image: img, FullRange: true})
	require.ErrorIs(t, err, errClosed)
}

func TestDetectorDegenerateFrames(t *testing.T) {
	needRuntime(t)
	d, err := New(tinyModel(t, tinySpec{size: 64, cell: 8}), Options{})
	require.NoError(t, err)
	defer d.Close()
	boxes, err := d.Detect(detect.Frame{})
	require.NoError(t, err)
	require.Empty(t, boxes)
	for _, sz := range [][2]int{{1, 1}, {1, 500}, {3000, 2}, {7, 5}} {
		boxes, err = d.Detect(detect.Frame{Image: frame(sz[0], sz[1], true), FullRange: true})
		require.NoError(t, err, "%v", sz)
		require.Empty(t, boxes)
	}
	short := frame(32, 32, true)
	short.Y = short.Y[:100]
	_, err = d.Detect(detect.Frame{Image: short})
	require.ErrorIs(t, err, errShortImage)
	// A sub-image (non-zero origin) of a frame with the square.
	img := frame(256, 128, true)
	fill(img, image.Rect(160, 80, 176, 96), 255, 128, 128)
	sub := img.SubImage(image.Rect(128, 64, 256, 128)).(*image.YCbCr)
	dets, err := d.Detections(detect.Frame{Image: sub, FullRange: true})
	require.NoError(t, err)
	require.Len(t, dets, 1)
	require.InDelta(t, 32, dets[0].X, 0.01) // frame pixels, origin at the sub-image's corner
	require.InDelta(t, 16, dets[0].Y, 0.01)
}

func TestLoadRefusesBadModels(t *testing.T) {
	needRuntime(t)
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.onnx")
	require.NoError(t, os.WriteFile(junk, []byte("not a model"), 0o644))
	_, err := New(junk, Options{})
	require.ErrorContains(t, err, "not an ONNX model")
	_, err = New(filepath.Join(dir, "missing.onnx"), Options{})
	require.ErrorIs(t, err, os.ErrNotExist)
}

// TestTestdataModels keeps the committed models (for skerry detect
// --model's tests) equal to what the builder makes; -update rewrites them.
func TestTestdataModels(t *testing.T) {
	for name, s := range map[string]tinySpec{
		"tiny_yolov8.onnx": {size: 64, cell: 8, names: true},
		"tiny_yolov5.onnx": {size: 64, cell: 8, v5: true, names: true},
	} {
		p := filepath.Join("testdata", name)
		want := buildTiny(s)
		if *update {
			require.NoError(t, os.MkdirAll("testdata", 0o755))
			require.NoError(t, os.WriteFile(p, want, 0o644))
		}
		got, err := os.ReadFile(p)
		require.NoError(t, err, "go test ./video/detect/yolo -run TestTestdataModels -update writes it")
		require.Equal(t, want, got, "%s is stale: go test ./video/detect/yolo -run TestTestdataModels -update", p)
	}
}
