package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/video/detect/yolo"
)

// seaWithBoat is a 320×240 picture of dark water with a white 8×20 hull.
func seaWithBoat() *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			c := color.RGBA{30, 60, 90, 255}
			if (x*7+y*13)%5 == 0 {
				c.B += 4
			}
			if x >= 150 && x < 158 && y >= 100 && y < 120 {
				c = color.RGBA{240, 240, 235, 255}
			}
			m.Set(x, y, c)
		}
	}
	return m
}

// TestDetectCommand: a PNG and a JPEG with a boat each give a JSON line
// with a box on it; an unreadable file gives an error line and the others
// go on.
func TestDetectCommand(t *testing.T) {
	dir := t.TempDir()
	var pb, jb bytes.Buffer
	require.NoError(t, png.Encode(&pb, seaWithBoat()))
	require.NoError(t, jpeg.Encode(&jb, seaWithBoat(), &jpeg.Options{Quality: 90}))
	files := map[string][]byte{"a.png": pb.Bytes(), "b.jpg": jb.Bytes(), "bad.jpg": []byte("not an image")}
	for n, b := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), b, 0o600))
	}
	for _, extra := range [][]string{nil, {"--sequence", "--altitude", "50", "--pitch", "-90", "--hfov", "60"}} {
		var out, errOut bytes.Buffer
		args := append([]string{"detect"}, extra...)
		args = append(args, filepath.Join(dir, "a.png"), filepath.Join(dir, "bad.jpg"), filepath.Join(dir, "b.jpg"))
		code := Run(context.Background(), args, &out, &errOut)
		require.NotEqual(t, 0, code, "one file was bad")
		require.Contains(t, errOut.String(), "bad.jpg")
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		require.Len(t, lines, 3, out.String())
		for i, l := range lines {
			var got detectLine
			require.NoError(t, json.Unmarshal([]byte(l), &got))
			if i == 1 {
				require.NotEmpty(t, got.Error)
				continue
			}
			require.Empty(t, got.Error)
			require.Equal(t, 320, got.Width)
			require.Equal(t, 240, got.Height)
			require.NotEmpty(t, got.Boxes, "%s %v", l, extra)
			b := got.Boxes[0]
			require.InDelta(t, 154, b.X+b.W/2, 6, l)
			require.InDelta(t, 110, b.Y+b.H/2, 6, l)
		}
	}
}

// FuzzDecodeImage: any bytes decode to an image or a clear error, never
// a crash; decoded images go through the detector.
func FuzzDecodeImage(f *testing.F) {
	var pb, jb bytes.Buffer
	if err := png.Encode(&pb, seaWithBoat()); err != nil {
		f.Fatal(err)
	}
	if err := jpeg.Encode(&jb, seaWithBoat(), nil); err != nil {
		f.Fatal(err)
	}
	f.Add(pb.Bytes())
	f.Add(jb.Bytes())
	f.Add([]byte{})
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{0xff, 0xd8, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := decodeImage(data)
		if err != nil {
			return
		}
		require.NotNil(t, img)
	})
}

// needONNXRuntime skips a test without ONNX Runtime (fails it when
// CI=true, where make deps extracts it).
func needONNXRuntime(t *testing.T) {
	t.Helper()
	if _, _, err := yolo.Runtime(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("ONNX Runtime is required under CI=true: %v", err)
		}
		t.Skipf("skipping: %v", err)
	}
}

// tinyModels are the learned detector's test models (YOLOv8 and YOLOv5
// layouts; class 0 "boat" is a bright 8×8 window of the 64×64 input,
// class 1 "buoy" a red one), built by video/detect/yolo's tests.
var tinyModels = []string{"../../video/detect/yolo/testdata/tiny_yolov8.onnx", "../../video/detect/yolo/testdata/tiny_yolov5.onnx"}

// TestDetectCommandModel: --model runs the learned detector and prints
// the same lines, with each box's class; --classes keeps some.
func TestDetectCommandModel(t *testing.T) {
	needONNXRuntime(t)
	// 256×128 black, a white 32 px square at (64,32) and a red one at
	// (160,64): in the 64×64 input (scale ¼) each fills one window.
	m := image.NewRGBA(image.Rect(0, 0, 256, 128))
	for y := range 128 {
		for x := range 256 {
			c := color.RGBA{0, 0, 0, 255}
			switch {
			case x >= 64 && x < 96 && y >= 32 && y < 64:
				c = color.RGBA{255, 255, 255, 255}
			case x >= 160 && x < 192 && y >= 64 && y < 96:
				c = color.RGBA{255, 0, 0, 255}
			}
			m.Set(x, y, c)
		}
	}
	var pb bytes.Buffer
	require.NoError(t, png.Encode(&pb, m))
	file := filepath.Join(t.TempDir(), "squares.png")
	require.NoError(t, os.WriteFile(file, pb.Bytes(), 0o600))
	for _, model := range tinyModels {
		for _, tc := range []struct {
			extra []string
			want  []detectBox
		}{
			{nil, []detectBox{{X: 64, Y: 32, W: 32, H: 32, Score: 1, Class: "boat"}, {X: 160, Y: 64, W: 32, H: 32, Score: 0.993, Class: "buoy"}}},
			{[]string{"--classes", "boat"}, []detectBox{{X: 64, Y: 32, W: 32, H: 32, Score: 1, Class: "boat"}}},
			{[]string{"--classes", "1", "--confidence", "0.5"}, []detectBox{{X: 160, Y: 64, W: 32, H: 32, Score: 0.993, Class: "buoy"}}},
			{[]string{"--confidence", "0.995"}, []detectBox{{X: 64, Y: 32, W: 32, H: 32, Score: 1, Class: "boat"}}},
		} {
			var out, errOut bytes.Buffer
			args := append([]string{"detect", "--model", model}, tc.extra...)
			code := Run(context.Background(), append(args, file), &out, &errOut)
			require.Equal(t, 0, code, errOut.String())
			var got detectLine
			require.NoError(t, json.Unmarshal(out.Bytes(), &got))
			require.Equal(t, 256, got.Width)
			require.Equal(t, 128, got.Height)
			require.Len(t, got.Boxes, len(tc.want), "%s %v: %s", model, tc.extra, out.String())
			for i, b := range got.Boxes {
				w := tc.want[i]
				require.Equal(t, w.Class, b.Class)
				require.Equal(t, [4]float64{w.X, w.Y, w.W, w.H}, [4]float64{b.X, b.Y, b.W, b.H}, "%s %v", model, tc.extra)
				require.InDelta(t, w.Score, b.Score, 0.006)
			}
		}
	}
}

// TestDetectCommandBadModel: a model that cannot be loaded is a clear
// error before any image is read.
func TestDetectCommandBadModel(t *testing.T) {
	needONNXRuntime(t)
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.onnx")
	require.NoError(t, os.WriteFile(junk, []byte("not a model"), 0o600))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--model", filepath.Join(dir, "missing.onnx")}, "no such file"},
		{[]string{"--model", junk}, "not an ONNX model"},
		{[]string{"--model", tinyModels[0], "--classes", "whale"}, "boat, buoy"},
		{[]string{"--model", tinyModels[0], "--confidence", "2"}, "--confidence"},
	} {
		var out, errOut bytes.Buffer
		code := Run(context.Background(), append(append([]string{"detect"}, tc.args...), "x.png"), &out, &errOut)
		require.NotEqual(t, 0, code)
		require.Empty(t, out.String())
		require.Contains(t, errOut.String(), tc.want)
	}
}
