package sim

import (
	"context"
	"fmt"
	"os"

	"skerry/sim/scene"
)

// setupCameras gives the first Config.Cameras vehicles a camera (New).
func (s *Sim) setupCameras() error {
	if s.cfg.Cameras <= 0 {
		return nil
	}
	data := DefaultScenario()
	if s.cfg.Scenario != "" {
		var err error
		if data, err = os.ReadFile(s.cfg.Scenario); err != nil {
			return fmt.Errorf("sim: scenario: %w", err)
		}
	}
	world, err := scene.NewWorld(data, s.cfg.Seed)
	if err != nil {
		return fmt.Errorf("sim: camera world: %w", err)
	}
	for _, v := range s.vehicles[:s.cfg.Cameras] {
		c := newCamera(s, v, world)
		v.cam = newVehicleCamera(c, len(v.eps))
		s.cams = append(s.cams, c)
	}
	return nil
}

// startCameras probes the encoder and starts the RTSP server with one
// stream per camera (runCameras starts them). Without a working ffmpeg, H.264
// cameras fall back to MJPEG, loudly.
func (s *Sim) startCameras(ctx context.Context) error {
	if len(s.cams) == 0 {
		return nil
	}
	cfg := s.cams[0].cfg
	var sps, pps []byte
	if cfg.Codec == CodecH264 {
		var err error
		if sps, pps, err = probeH264(ctx, cfg); err != nil {
			s.log.Error("H.264 NOT AVAILABLE: cameras fall back to MJPEG", "err", err)
			for _, c := range s.cams {
				c.cfg.Codec = CodecMJPEG
			}
		}
	}
	r, err := startRTSP(s.log, s.cfg.RTSPAddress)
	if err != nil {
		return err
	}
	s.rtsp = r
	base := r.urlBase(s.cfg.RTSPHost)
	for _, c := range s.cams {
		c.url = base + c.path
		if err := r.newStream(c, sps, pps); err != nil {
			return fmt.Errorf("sim: camera %s: %w", c.path, err)
		}
	}
	s.log.Info("cameras", "count", len(s.cams), "rtsp", r.addr.String(), "codec", s.cams[0].cfg.Codec)
	return nil
}

// runCameras starts the cameras' goroutines and the periodic messages of
// their MAVLink components.
func (s *Sim) runCameras(ctx context.Context) {
	if len(s.cams) == 0 {
		return
	}
	for _, c := range s.cams {
		s.wg.Add(1)
		go c.run(ctx)
	}
	s.wg.Add(1)
	go s.runCameraComponents(ctx)
}

// Cameras describes every simulated camera, in vehicle order (URLs are
// set once Start has run).
func (s *Sim) Cameras() []CameraInfo {
	out := make([]CameraInfo, len(s.cams))
	for i, c := range s.cams {
		out[i] = c.info()
	}
	return out
}

// RTSPAddr returns the RTSP server's bound address ("" without cameras or
// before Start).
func (s *Sim) RTSPAddr() string {
	if s.rtsp == nil {
		return ""
	}
	return s.rtsp.addr.String()
}
