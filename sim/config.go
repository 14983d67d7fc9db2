package sim

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Config configures a Sim. Zero values mean the documented defaults.
type Config struct {
	// Vehicles is the number of simulated vehicles (default 10).
	Vehicles int
	// Links carry the vehicles: they are split over links in contiguous
	// blocks (1000 vehicles on 4 links = 250 each) and system ids restart at 1
	// on each link (1..254). No link means one link with no path: the
	// vehicles fly but talk to nobody (useful in benchmarks of the physics).
	Links []LinkConfig
	// Kind is "copter" (default) or "plane".
	Kind string
	// Speedup makes simulated time run this many times faster than wall-clock
	// time (default 1). Stream rates and physics run in simulated time; the
	// GCS-heartbeat failsafe timer and CutPath durations count wall-clock time.
	Speedup float64
	// Scenario is the path of a GeoJSON scenario file; "" = the embedded
	// default (Port of Algeciras, see DefaultScenario).
	Scenario string
	// Seed seeds fault injection and all other randomness so runs repeat.
	Seed int64
	// Log receives diagnostics; nil discards them.
	Log *slog.Logger
	// StreamHz, when > 0, overrides ArduPilot's default stream-group rates
	// (SRx_ parameters, 1 Hz each) with this rate for every stream group, as a
	// GCS sending REQUEST_DATA_STREAM would (MAVProxy asks for 4 Hz).
	StreamHz float64
	// PoseHz, when > 0, sends GLOBAL_POSITION_INT, ATTITUDE and VFR_HUD at
	// this rate from boot, as if a GCS had set it with SET_MESSAGE_INTERVAL:
	// stream-group requests (REQUEST_DATA_STREAM) leave these three alone.
	PoseHz float64
	// Cameras is how many vehicles carry a gimbal camera: the first ones by
	// index (0 = none). Each camera is MAVLink component 100 of its vehicle
	// with a gimbal (component 154) and an RTSP stream (see camera.go).
	Cameras int
	// Camera configures every camera (zero value: 1280×720 at 25 fps, HFOV
	// 70°, H.264).
	Camera CameraConfig
	// RTSPAddress is where the RTSP server listens when there are cameras
	// (default 127.0.0.1:0; Sim.RTSPAddr reports the bound address).
	RTSPAddress string
	// RTSPHost is the host put in the announced rtsp:// URLs (default: the
	// listen host, or 127.0.0.1 when that is unspecified).
	RTSPHost string
	// OnTruth, if set, receives the ground truth of every rendered frame, on
	// the camera's goroutine: it must return quickly and not call into Sim.
	OnTruth func(FrameTruth)
	// AISAddr, when set ("host:port"), is where the vessels of the scenario
	// that carry AIS broadcast it: !AIVDM sentences over UDP, class A
	// position reports at ITU-R M.1371's rates and static data every 6
	// minutes, in simulated time (see ais.go). "" = no AIS.
	AISAddr string
	// AISDrop is the probability (0..1) that an AIS message is lost on
	// top of slot collisions.
	AISDrop float64
	// AISReceiver makes every vehicle carry an AIS receiver that relays
	// the scenario's vessels with a working transponder within range as
	// MAVLink AIS_VESSEL (id 301), each vessel at most every 10 s of
	// simulated time, as ArduPilot's AP_AIS does (see aisrelay.go).
	// Default off.
	AISReceiver bool
	// AISRange is the receivers' range in metres (default 20 NM, 37 040
	// m), shortened by the radio horizon at the vehicle's altitude (a
	// vehicle on the ground hears about 15 km).
	AISRange float64
}

// LinkConfig is one link. Paths are redundant paths carrying the same
// vehicles (like a radio and an LTE modem): every path sends everything, and
// commands are accepted from any path. Each path has its own MAVLink
// sequence numbers, as each serial port of an autopilot has.
type LinkConfig struct {
	// Paths use the syntax "udp:HOST:PORT", "tcp-server:HOST:PORT" or
	// "tcp:HOST:PORT" (see ParseLink).
	Paths []string
}

// Faults configures fault injection on one path (see Sim.SetFaults).
type Faults struct {
	// DropOut is the fraction (0..1) of frames from the vehicle that are lost.
	DropOut float64
	// DropIn is the fraction (0..1) of frames to the vehicle that are lost.
	DropIn float64
	// Delay is added to every frame in both directions.
	Delay time.Duration
	// Jitter adds a uniformly random extra delay in [0, Jitter).
	Jitter time.Duration
}

// pathKind is the transport of a path.
type pathKind int

const (
	pathUDP pathKind = iota
	pathTCPServer
	pathTCPClient
)

// pathSpec is a parsed path string.
type pathSpec struct {
	kind pathKind
	addr string // HOST:PORT
}

// ParseLink parses a comma-separated list of paths into one link:
// "udp:a:1,udp:b:2" is one link with two redundant paths.
//
//	udp:HOST:PORT         each vehicle has its own UDP socket (bound to port 0)
//	                      sending to HOST:PORT, like SITL with --out
//	tcp-server:HOST:PORT  one listener (port 0 allowed) carrying all vehicles
//	                      of the link on every accepted connection
//	tcp:HOST:PORT         a TCP client connection, reconnecting
func ParseLink(s string) (LinkConfig, error) {
	var lc LinkConfig
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if _, err := parsePath(p); err != nil {
			return LinkConfig{}, err
		}
		lc.Paths = append(lc.Paths, p)
	}
	return lc, nil
}

// parsePath parses one path string.
func parsePath(s string) (pathSpec, error) {
	scheme, addr, ok := strings.Cut(s, ":")
	if !ok || addr == "" {
		return pathSpec{}, fmt.Errorf("sim: path %q: want SCHEME:HOST:PORT", s)
	}
	if _, _, err := splitHostPort(addr); err != nil {
		return pathSpec{}, fmt.Errorf("sim: path %q: %w", s, err)
	}
	switch scheme {
	case "udp":
		return pathSpec{pathUDP, addr}, nil
	case "tcp-server":
		return pathSpec{pathTCPServer, addr}, nil
	case "tcp":
		return pathSpec{pathTCPClient, addr}, nil
	}
	return pathSpec{}, fmt.Errorf("sim: path %q: unknown scheme %q (udp, tcp-server, tcp)", s, scheme)
}

// withDefaults returns cfg with zero values replaced by defaults.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Vehicles <= 0 {
		cfg.Vehicles = 10
	}
	if cfg.Kind == "" {
		cfg.Kind = "copter"
	}
	if cfg.Kind != "copter" && cfg.Kind != "plane" {
		return cfg, fmt.Errorf("sim: unknown kind %q (copter, plane)", cfg.Kind)
	}
	if cfg.Speedup <= 0 {
		cfg.Speedup = 1
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if len(cfg.Links) == 0 {
		cfg.Links = []LinkConfig{{}}
	}
	if cfg.Cameras > 0 {
		var err error
		if cfg.Camera, err = cfg.Camera.withDefaults(); err != nil {
			return cfg, err
		}
		cfg.Cameras = min(cfg.Cameras, cfg.Vehicles)
	}
	if cfg.RTSPAddress == "" {
		cfg.RTSPAddress = defaultRTSPListen
	}
	per := (cfg.Vehicles + len(cfg.Links) - 1) / len(cfg.Links)
	if per > 254 {
		return cfg, fmt.Errorf("sim: %d vehicles on %d links is %d per link; at most 254 system ids per link", cfg.Vehicles, len(cfg.Links), per)
	}
	return cfg, nil
}
