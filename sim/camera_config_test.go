package sim

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCameraConfigDefaultsAndLimits(t *testing.T) {
	cases := []struct {
		name string
		in   CameraConfig
		ok   bool
	}{
		{"defaults", CameraConfig{}, true},
		{"small mjpeg", CameraConfig{Width: 320, Height: 240, Codec: "MJPEG"}, true},
		{"too big", CameraConfig{Width: 1920, Height: 1080}, false},
		{"odd size", CameraConfig{Width: 642, Height: 360}, false},
		{"fps", CameraConfig{FPS: 60}, false},
		{"nan fps", CameraConfig{FPS: math.NaN()}, false},
		{"hfov", CameraConfig{HFOV: 200}, false},
		{"codec", CameraConfig{Codec: "h265"}, false},
		{"quality", CameraConfig{JPEGQuality: 101}, false},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			got, err := ca.in.withDefaults()
			if !ca.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.NotZero(t, got.Width)
			require.Contains(t, []string{CodecH264, CodecMJPEG}, got.Codec)
		})
	}
	d, err := CameraConfig{}.withDefaults()
	require.NoError(t, err)
	require.Equal(t, CameraConfig{Width: 1280, Height: 720, FPS: 25, HFOV: 70, Codec: CodecH264, FFmpeg: "ffmpeg", JPEGQuality: 75}, d)
	w, _, focal := d.sensor()
	require.InDelta(t, 70, 2*math.Atan(w/2/focal)*180/math.Pi, 1e-9)
}

func TestMissingFFmpegFallsBackToMJPEG(t *testing.T) {
	s := startSim(t, Config{Vehicles: 1, Cameras: 1, Camera: CameraConfig{Width: 320, Height: 240, FFmpeg: "/nonexistent/ffmpeg"}})
	require.Equal(t, CodecMJPEG, s.Cameras()[0].Codec)
	f := nextFrame(t, playCamera(t, s.Cameras()[0].URL))
	require.NotEmpty(t, f.jpeg)
}

func TestNoCamerasNoRTSP(t *testing.T) {
	s := startSim(t, Config{Vehicles: 2})
	require.Empty(t, s.Cameras())
	require.Empty(t, s.RTSPAddr())
	_, ok := s.Truth(0)
	require.False(t, ok)
}
