package sim

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// CameraConfig configures the gimbal cameras of the vehicles that carry one
// (Config.Cameras). Zero values mean the documented defaults.
type CameraConfig struct {
	// Width and Height are the frame size in pixels (default 1280×720, at
	// most 1280×720, multiples of 8 as RTP/JPEG needs).
	Width, Height int
	// FPS is the frame rate in wall-clock time (default 25, at most 30).
	FPS float64
	// HFOV is the horizontal field of view in degrees (default 70).
	HFOV float64
	// Codec is "h264" (default: one ffmpeg child process per playing
	// camera, libx264) or "mjpeg" (pure Go). Without a working ffmpeg, h264
	// falls back to mjpeg with an error in the log.
	Codec string
	// FFmpeg is the ffmpeg executable (default "ffmpeg" from PATH).
	FFmpeg string
	// JPEGQuality is the MJPEG quality 1..100 (default 75).
	JPEGQuality int
}

// Camera defaults and limits.
const (
	defaultCamWidth   = 1280
	defaultCamHeight  = 720
	defaultCamFPS     = 25
	defaultCamHFOV    = 70
	defaultJPEGQ      = 75
	maxCamFPS         = 30
	camSensorWidthMM  = 6.17 // a 1/2.3" sensor, as on small gimbal cameras
	defaultRTSPListen = "127.0.0.1:0"
)

// Codec names.
const (
	CodecH264  = "h264"
	CodecMJPEG = "mjpeg"
)

// withDefaults fills defaults and validates the camera configuration.
func (c CameraConfig) withDefaults() (CameraConfig, error) {
	if c.Width == 0 && c.Height == 0 {
		c.Width, c.Height = defaultCamWidth, defaultCamHeight
	}
	if c.Width <= 0 || c.Height <= 0 || c.Width > defaultCamWidth || c.Height > defaultCamHeight || c.Width%8 != 0 || c.Height%8 != 0 {
		return c, fmt.Errorf("sim: camera size %dx%d: want multiples of 8 up to %dx%d", c.Width, c.Height, defaultCamWidth, defaultCamHeight)
	}
	if c.FPS == 0 {
		c.FPS = defaultCamFPS
	}
	if c.FPS < 1 || c.FPS > maxCamFPS || math.IsNaN(c.FPS) {
		return c, fmt.Errorf("sim: camera fps %v: want 1..%d", c.FPS, maxCamFPS)
	}
	if c.HFOV == 0 {
		c.HFOV = defaultCamHFOV
	}
	if !(c.HFOV >= 1 && c.HFOV <= 170) {
		return c, fmt.Errorf("sim: camera hfov %v: want 1..170 degrees", c.HFOV)
	}
	c.Codec = strings.ToLower(c.Codec)
	if c.Codec == "" {
		c.Codec = CodecH264
	}
	if c.Codec != CodecH264 && c.Codec != CodecMJPEG {
		return c, fmt.Errorf("sim: camera codec %q: want h264 or mjpeg", c.Codec)
	}
	if c.FFmpeg == "" {
		c.FFmpeg = "ffmpeg"
	}
	if c.JPEGQuality == 0 {
		c.JPEGQuality = defaultJPEGQ
	}
	if c.JPEGQuality < 1 || c.JPEGQuality > 100 {
		return c, fmt.Errorf("sim: camera jpeg quality %d: want 1..100", c.JPEGQuality)
	}
	return c, nil
}

// framePeriod is the wall-clock time between frames.
func (c CameraConfig) framePeriod() time.Duration {
	return time.Duration(float64(time.Second) / c.FPS)
}

// sensor returns a sensor size and focal length (mm) consistent with the
// field of view: focal = (sensor width / 2) / tan(HFOV / 2).
func (c CameraConfig) sensor() (w, h, focal float64) {
	w = camSensorWidthMM
	h = w * float64(c.Height) / float64(c.Width)
	focal = w / 2 / math.Tan(c.HFOV/2*math.Pi/180)
	return w, h, focal
}

// bitrate is the nominal bit rate announced in VIDEO_STREAM_INFORMATION
// (H.264 is capped there by ffmpeg's -maxrate; MJPEG is an estimate).
func (c CameraConfig) bitrate() uint32 {
	pix := float64(c.Width*c.Height) / (defaultCamWidth * defaultCamHeight)
	if c.Codec == CodecMJPEG {
		return uint32(pix * c.FPS * 100_000 * 8)
	}
	return uint32(pix * 2_000_000)
}

// CameraInfo describes one simulated camera, for tests and the CLI.
type CameraInfo struct {
	Vehicle   int    // vehicle index (Sim.Vehicles)
	Link      int    // link index
	SystemID  uint8  // the vehicle's MAVLink system id
	Component uint8  // MAVLink camera component id (100)
	URL       string // rtsp://HOST:PORT/<link>-<sysid>/cam
	Codec     string // "h264" or "mjpeg" (after any fallback)
	Width     int
	Height    int
	FPS       float64
	HFOV      float64 // degrees
}

// camPath is the RTSP path of the camera of system sys on link l, without
// the leading slash: "<link>-<sysid>/cam", e.g. "0-1/cam".
func camPath(l int, sys uint8) string { return fmt.Sprintf("%d-%d/cam", l, sys) }
