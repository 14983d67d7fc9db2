package cli

import (
	"bytes"
	"context"
	"flag"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/internal/station"
	"skerry/video/detect"
	"skerry/video/detect/yolo"
)

func TestParseCameras(t *testing.T) {
	got, err := parseCameras([]string{"radio-1=rtsp://10.0.0.5:8554/cam", "radio-1=rtsps://h/x", "sim1-2=rtsp://127.0.0.1:8554/a"})
	require.NoError(t, err)
	require.Equal(t, map[gcs.VehicleID][]string{
		"radio-1": {"rtsp://10.0.0.5:8554/cam", "rtsps://h/x"},
		"sim1-2":  {"rtsp://127.0.0.1:8554/a"},
	}, got)
	for _, bad := range []string{"rtsp://h/x", "=rtsp://h/x", "v=http://h/x", "v=rtsp://", "v=%zz"} {
		_, err := parseCameras([]string{bad})
		require.Error(t, err, bad)
	}
}

// TestCameraFlagsModel: --model makes every stream's detector the
// learned one, sharing the model; a model that cannot be loaded stops the
// start with a clear error.
func TestCameraFlagsModel(t *testing.T) {
	needONNXRuntime(t)
	parseApply := func(args ...string) (station.Config, error) {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		var f cameraFlags
		f.register(fs)
		require.NoError(t, fs.Parse(args))
		var cfg station.Config
		return cfg, f.apply(&cfg)
	}
	cfg, err := parseApply()
	require.NoError(t, err)
	require.Nil(t, cfg.NewDetector, "the station's classical detector by default")

	cfg, err = parseApply("--model", tinyModels[0], "--classes", "boat", "--confidence", "0.5")
	require.NoError(t, err)
	require.NotNil(t, cfg.NewDetector)
	a, b := cfg.NewDetector(), cfg.NewDetector()
	require.IsType(t, &yolo.Detector{}, a)
	require.NotSame(t, a, b)
	img := image.NewYCbCr(image.Rect(0, 0, 128, 64), image.YCbCrSubsampleRatio444)
	for y := 16; y < 32; y++ {
		for x := 32; x < 48; x++ {
			img.Y[img.YOffset(x, y)] = 255
		}
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 128, 128
	}
	boxes, err := a.Detect(detect.Frame{Image: img, FullRange: true})
	require.NoError(t, err)
	require.Len(t, boxes, 1)
	require.InDelta(t, 32, boxes[0].X, 0.01)

	cfg, err = parseApply("--model", tinyModels[0], "--detect=false")
	require.NoError(t, err)
	require.Nil(t, cfg.NewDetector, "--detect=false wins")

	_, err = parseApply("--model", filepath.Join(t.TempDir(), "missing.onnx"))
	require.ErrorContains(t, err, "--model")
	_, err = parseApply("--model", tinyModels[1], "--classes", "ship")
	require.ErrorContains(t, err, "boat, buoy")
}

// TestServeBadModel: skerry serve with a model it cannot load exits at
// once with the reason.
func TestServeBadModel(t *testing.T) {
	needONNXRuntime(t)
	junk := filepath.Join(t.TempDir(), "junk.onnx")
	require.NoError(t, os.WriteFile(junk, []byte("not a model"), 0o600))
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--http", "127.0.0.1:0", "--data", "", "--link", "udp-server:127.0.0.1:0", "--model", junk}, &out, &errOut)
	require.NotEqual(t, 0, code)
	require.Contains(t, errOut.String(), "not an ONNX model")
}
