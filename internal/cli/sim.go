package cli

import (
	"context"
	"flag"
	"fmt"

	"skerry/sim"
)

// simFlags configure a simulated fleet.
type simFlags struct {
	vehicles int
	outs     listFlag
	kind     string
	speedup  float64
	scenario string
	seed     int64
	poseHz   float64
	faults   sim.Faults
	cams     simCameraFlags
	ais      string
	aisDrop  float64
	aisRx    bool
	aisRange float64
}

func (f *simFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.vehicles, "vehicles", 10, "number of simulated vehicles, split over the --out links (system ids restart at 1 on each)")
	fs.Var(&f.outs, "out", "a link, repeatable: udp:HOST:PORT (one socket per vehicle, like SITL --out), tcp-server:HOST:PORT (like SITL's 5760), tcp:HOST:PORT; comma-separate redundant paths of one link")
	fs.StringVar(&f.kind, "kind", "copter", "vehicle kind: copter or plane")
	fs.Float64Var(&f.speedup, "speedup", 1, "simulated time runs this many times faster (the GCS-heartbeat failsafe still counts wall-clock time)")
	fs.StringVar(&f.scenario, "scenario", "", "GeoJSON scenario file (default: the embedded Port of Algeciras)")
	fs.Int64Var(&f.seed, "seed", 1, "seed for fault injection and other randomness")
	fs.Float64Var(&f.poseHz, "rate", 0, "send GLOBAL_POSITION_INT, ATTITUDE and VFR_HUD at this rate in Hz, as if set by SET_MESSAGE_INTERVAL (the station's stream request leaves them); 0: ArduPilot's stream rates")
	fs.Float64Var(&f.faults.DropOut, "drop-out", 0, "fraction (0–1) of frames from the vehicles lost on every path")
	fs.Float64Var(&f.faults.DropIn, "drop-in", 0, "fraction (0–1) of frames to the vehicles lost on every path")
	fs.DurationVar(&f.faults.Delay, "delay", 0, "delay added to every frame on every path, both ways")
	fs.DurationVar(&f.faults.Jitter, "jitter", 0, "random extra delay in [0, jitter) per frame")
	fs.StringVar(&f.ais, "ais", "", "send the scenario's AIS (!AIVDM over UDP, as a shore receiver would forward it) to HOST:PORT; empty: no AIS")
	fs.Float64Var(&f.aisDrop, "ais-drop", 0, "fraction (0–1) of AIS messages lost on top of slot collisions")
	fs.BoolVar(&f.aisRx, "ais-receiver", false, "every vehicle carries an AIS receiver and relays the scenario's AIS vessels in range as MAVLink AIS_VESSEL (each at most every 10 s)")
	fs.Float64Var(&f.aisRange, "ais-range", 20, "range of the vehicles' AIS receivers in nautical miles (shortened by the radio horizon low down)")
	f.cams.register(fs, 0)
}

// applyFaults sets the configured faults on every path of every link.
func (f *simFlags) applyFaults(s *sim.Sim, cfg sim.Config) error {
	if f.faults == (sim.Faults{}) {
		return nil
	}
	if f.faults.DropOut < 0 || f.faults.DropOut > 1 || f.faults.DropIn < 0 || f.faults.DropIn > 1 {
		return fmt.Errorf("--drop-out and --drop-in are fractions between 0 and 1")
	}
	for li, l := range cfg.Links {
		for pi := range l.Paths {
			s.SetFaults(li, pi, f.faults)
		}
	}
	return nil
}

func (f *simFlags) config() (sim.Config, error) {
	cfg := sim.Config{Vehicles: f.vehicles, Kind: f.kind, Speedup: f.speedup, Scenario: f.scenario, Seed: f.seed, PoseHz: f.poseHz,
		AISAddr: f.ais, AISDrop: f.aisDrop, AISReceiver: f.aisRx, AISRange: f.aisRange * 1852}
	if f.poseHz < 0 {
		return cfg, fmt.Errorf("--rate must be 0 or more Hz, not %g", f.poseHz)
	}
	if !(f.aisRange > 0 && f.aisRange <= 1000) {
		return cfg, fmt.Errorf("--ais-range must be more than 0 and at most 1000 NM, not %g", f.aisRange)
	}
	if err := f.cams.apply(&cfg); err != nil {
		return cfg, err
	}
	for _, o := range f.outs {
		l, err := sim.ParseLink(o)
		if err != nil {
			return cfg, fmt.Errorf("--out %q: %w", o, err)
		}
		cfg.Links = append(cfg.Links, l)
	}
	return cfg, nil
}

func runSim(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "sim", "sim [--vehicles N] --out udp:127.0.0.1:14550 [--out ...] [--speedup N]")
	var sf simFlags
	sf.register(fs)
	if err := parse(fs, c, args); err != nil {
		return err
	}
	if len(sf.outs) == 0 {
		sf.outs = listFlag{"udp:127.0.0.1:14550"}
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	cfg, err := sf.config()
	if err != nil {
		return err
	}
	cfg.Log = log // the simulator names itself
	s, err := sim.New(cfg)
	if err != nil {
		return err
	}
	if err := sf.applyFaults(s, cfg); err != nil {
		return err
	}
	if err := s.Start(); err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(e.stdout, "simulating %d %s vehicles on %d link(s)\n", sf.vehicles, sf.kind, len(sf.outs))
	for _, a := range s.TCPAddrs() {
		fmt.Fprintf(e.stdout, "TCP server: %s\n", a)
	}
	for _, c := range s.Cameras() {
		fmt.Fprintf(e.stdout, "camera of vehicle %d (link %d, system %d): %s (%s %dx%d at %g fps)\n", c.Vehicle, c.Link, c.SystemID, c.URL, c.Codec, c.Width, c.Height, c.FPS)
	}
	if sf.ais != "" {
		fmt.Fprintf(e.stdout, "AIS of the scenario's vessels to %s (udp)\n", sf.ais)
	}
	<-ctx.Done()
	if sf.ais != "" {
		st := s.AISStats()
		fmt.Fprintf(e.stdout, "AIS: %d messages sent, %d dropped, %d lost in slot collisions\n", st.Sent, st.Dropped, st.Collided)
	}
	return nil
}
