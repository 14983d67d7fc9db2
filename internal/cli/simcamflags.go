package cli

import (
	"flag"
	"fmt"

	"skerry/sim"
)

// simCameraFlags configure the simulated fleet's gimbal cameras.
type simCameraFlags struct {
	cameras int
	size    string
	fps     float64
	hfov    float64
	codec   string
	rtsp    string
}

func (f *simCameraFlags) register(fs *flag.FlagSet, cameras int) {
	fs.IntVar(&f.cameras, "cameras", cameras, "how many vehicles carry a gimbal camera streaming over RTSP (the first ones)")
	fs.StringVar(&f.size, "camera-size", "1280x720", "camera frame size `WxH` (multiples of 8, at most 1280x720)")
	fs.Float64Var(&f.fps, "camera-fps", 25, "camera frame rate")
	fs.Float64Var(&f.hfov, "camera-hfov", 70, "camera horizontal field of view, degrees")
	fs.StringVar(&f.codec, "camera-codec", "h264", "camera codec: h264 (libx264 through ffmpeg) or mjpeg (pure Go)")
	fs.StringVar(&f.rtsp, "rtsp", "127.0.0.1:0", "`ADDR` the cameras' RTSP server listens on (port 0: any free port)")
}

// apply puts the camera settings into a simulator's configuration.
func (f *simCameraFlags) apply(cfg *sim.Config) error {
	if f.cameras < 0 {
		return fmt.Errorf("--cameras %d: want 0 or more", f.cameras)
	}
	var w, h int
	if _, err := fmt.Sscanf(f.size, "%dx%d", &w, &h); err != nil {
		return fmt.Errorf("--camera-size %q: want WxH, e.g. 1280x720", f.size)
	}
	cfg.Cameras, cfg.RTSPAddress = f.cameras, f.rtsp
	cfg.Camera = sim.CameraConfig{Width: w, Height: h, FPS: f.fps, HFOV: f.hfov, Codec: f.codec}
	return nil
}
