package cli

import (
	"flag"
	"fmt"
	"net/url"
	"strings"

	"skerry/gcs"
	"skerry/internal/station"
	"skerry/video/detect"
)

// cameraFlags configure video ingest: streams given by hand and how
// frames are sampled for analysis.
type cameraFlags struct {
	cameras   listFlag
	sampleFPS float64
	transport string
	detect    bool
	model     modelFlags
}

func (f *cameraFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.cameras, "camera", "a vehicle's video stream given by hand, `VEHICLE=rtsp://HOST:PORT/PATH`, repeatable (vehicles that announce their cameras over MAVLink need none)")
	fs.Float64Var(&f.sampleFPS, "sample-fps", 5, "frames per second decoded for analysis, per stream (the newest frame wins; skipped ones are counted)")
	fs.StringVar(&f.transport, "video-transport", "", "RTSP transport: udp, tcp, or empty for UDP then TCP if UDP fails")
	fs.BoolVar(&f.detect, "detect", true, "detect vessels in the sampled frames, track them and put them on the map (--detect=false: video only)")
	f.model.register(fs)
}

// apply puts the video settings into a station's configuration.
func (f *cameraFlags) apply(cfg *station.Config) error {
	cams, err := parseCameras(f.cameras)
	if err != nil {
		return err
	}
	if !(f.sampleFPS > 0 && f.sampleFPS <= 60) {
		return fmt.Errorf("--sample-fps %g: want more than 0 and at most 60", f.sampleFPS)
	}
	switch f.transport {
	case "", "udp", "tcp":
	default:
		return fmt.Errorf("--video-transport %q: want udp, tcp or empty", f.transport)
	}
	cfg.Cameras, cfg.SampleFPS, cfg.VideoTransport, cfg.NoDetect = cams, f.sampleFPS, f.transport, !f.detect
	if f.detect && f.model.model != "" {
		// Loaded here, so a model that cannot be used stops the start. Every
		// stream's detector shares its session; it is freed once the
		// station and its detectors are gone.
		m, err := f.model.load()
		if err != nil {
			return err
		}
		cfg.NewDetector = func() detect.Detector { return m.NewDetector() }
	}
	return nil
}

// parseCameras reads VEHICLE=rtsp://... values.
func parseCameras(vals []string) (map[gcs.VehicleID][]string, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	out := map[gcs.VehicleID][]string{}
	for _, v := range vals {
		id, raw, ok := strings.Cut(v, "=")
		if !ok || id == "" {
			return nil, fmt.Errorf("--camera %q: want VEHICLE=rtsp://HOST:PORT/PATH (e.g. radio-1=rtsp://10.0.0.5:8554/cam)", v)
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "rtsp" && u.Scheme != "rtsps") || u.Host == "" {
			return nil, fmt.Errorf("--camera %q: %q is not an rtsp:// or rtsps:// address", v, raw)
		}
		out[gcs.VehicleID(id)] = append(out[gcs.VehicleID(id)], raw)
	}
	return out, nil
}
