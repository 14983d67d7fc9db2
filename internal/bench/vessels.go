package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"skerry/sim"
	"skerry/sim/scene"
)

// VesselsConfig sets up the vessel benchmark: for each case, a drone
// flies at every boat of the default scenario in turn (see flight), its
// frames rendered by sim/scene at SampleFPS, and the station's own
// pipeline — the classical detector as the station configures it
// (MinHits 2), track.Geolocate with track.DefaultPoseError and a
// track.Tracker — finds, places and tracks them from a noisy pose; the
// result is scored against the scene's truth.
type VesselsConfig struct {
	// Cases are the case names to run (see VesselCase.String), or parts of
	// them ("glare", "120m", "nadir"): a case runs when it contains any;
	// empty runs all 16.
	Cases []string
	// Vessels are the scenario ids of the boats to fly at; empty: all.
	Vessels []string
	// Seconds is each flight's length (default 6).
	Seconds float64
	// SampleFPS is the analysis rate (default 5, the station's).
	SampleFPS float64
	// Seed sets the flights' bearings, start times and pose noise.
	Seed int64
	// Width and Height of the frames (default 1280×720).
	Width, Height int
	// Noise is the pose error (default DefaultPoseNoise).
	Noise PoseNoise
	// Workers render and detect in parallel (default GOMAXPROCS).
	Workers int
	// Progress, when set, gets a line per case done.
	Progress io.Writer
	// Flights lists every flight's counts in the result (Flights).
	Flights bool
	// Ports adds the port patrol (see PortsRow).
	Ports bool
	// DebugDir, when set, gets the middle frame of every flight as PNG,
	// true boxes green (neutral yellow), detections red.
	DebugDir string
	// Trace, when set, hears every frame's tally, true boxes and
	// detections, a line each, from all the workers at once: give a
	// writer safe for concurrent use.
	Trace io.Writer
	// DumpDir, when set, gets every frame with a miss or a false alarm
	// (every frame with DumpAll) as NAME.png and NAME.i420.png (lossless,
	// no boxes) and NAME.json (DumpFrame: the pose, truth, detections and
	// tally, for replay through the detector).
	DumpDir string
	DumpAll bool
}

// VesselCase is one condition, altitude and gimbal pitch.
type VesselCase struct {
	Condition string  `json:"condition"`
	Altitude  float64 `json:"altitude_m"`
	Pitch     float64 `json:"pitch_deg"`
}

// String names the case: "calm/60m/45°", "haze/120m/nadir".
func (c VesselCase) String() string {
	p := fmt.Sprintf("%.0f°", -c.Pitch)
	if c.Pitch <= nadirAbove {
		p = "nadir"
	}
	return fmt.Sprintf("%s/%.0fm/%s", c.Condition, c.Altitude, p)
}

// VesselCases are the benchmark's 16 cases: each condition at 60 and
// 120 m, 45° down and straight down.
func VesselCases() []VesselCase {
	var out []VesselCase
	for _, cond := range scene.ConditionNames() {
		for _, alt := range []float64{60, 120} {
			for _, pitch := range []float64{-45, -90} {
				out = append(out, VesselCase{Condition: cond, Altitude: alt, Pitch: pitch})
			}
		}
	}
	return out
}

// Spread is a set of errors in metres: how many, their median and 90th
// percentile (0 when there are none).
type Spread struct {
	N      int     `json:"n"`
	Median float64 `json:"median_m"`
	P90    float64 `json:"p90_m"`
}

func spreadOf(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	s := slices.Sorted(slices.Values(xs))
	return Spread{N: len(s), Median: quantile(s, 0.5), P90: quantile(s, 0.9)}
}

// VesselsRow is one case's measurement (or the total's).
type VesselsRow struct {
	Case VesselCase `json:"case"`
	Name string     `json:"name"`
	// Frames analysed; Vessels the true boats (flight by flight) that were
	// at least 12 px long in some frame.
	Frames  int `json:"frames"`
	Vessels int `json:"vessels"`
	// TP, FP, FN count boxes frame by frame (IoU ≥ 0.3).
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// Tracks are the true boats the tracker gave a contact id; IDSwitches
	// how often a boat's id changed.
	Tracks           int     `json:"tracks"`
	IDSwitches       int     `json:"id_switches"`
	SwitchesPerTrack float64 `json:"id_switches_per_track"`
	// Geo is the distance from a hit boat's contact (the tracker's
	// position) to the boat; Fix from the single frame's placement.
	Geo Spread `json:"geo"`
	Fix Spread `json:"fix"`
}

// VesselsResult is the benchmark's table.
type VesselsResult struct {
	Seconds   float64       `json:"seconds"`
	SampleFPS float64       `json:"sample_fps"`
	Seed      int64         `json:"seed"`
	Size      string        `json:"size"`
	Noise     PoseNoise     `json:"pose_noise"`
	Rows      []VesselsRow  `json:"rows"`
	Total     VesselsRow    `json:"total"`
	Ports     *PortsRow     `json:"ports,omitempty"`
	Flights   []FlightRow   `json:"flights,omitempty"`
	Wall      time.Duration `json:"wall"`
}

// FlightRow is one flight's counts (VesselsConfig.Flights).
type FlightRow struct {
	Case   string `json:"case"`
	Vessel string `json:"vessel"`
	Frames int    `json:"frames"`
	TP     int    `json:"tp"`
	FP     int    `json:"fp"`
	FN     int    `json:"fn"`
	// Tracks are the true boats given a contact id, IDSwitches how often
	// one's id changed.
	Tracks     int `json:"tracks"`
	IDSwitches int `json:"id_switches"`
}

// acc gathers a case's counts.
type acc struct {
	frames, vessels, tracks, switches int
	t                                 tally
	geo, fix                          []float64
}

func (a *acc) add(o *acc) {
	a.frames += o.frames
	a.vessels += o.vessels
	a.tracks += o.tracks
	a.switches += o.switches
	a.t.add(o.t)
	a.geo = append(a.geo, o.geo...)
	a.fix = append(a.fix, o.fix...)
}

func (a *acc) row(c VesselCase, name string) VesselsRow {
	p, r, f := a.t.prf()
	row := VesselsRow{Case: c, Name: name, Frames: a.frames, Vessels: a.vessels, TP: a.t.tp, FP: a.t.fp, FN: a.t.fn,
		Precision: p, Recall: r, F1: f, Tracks: a.tracks, IDSwitches: a.switches, Geo: spreadOf(a.geo), Fix: spreadOf(a.fix)}
	if a.tracks > 0 {
		row.SwitchesPerTrack = float64(a.switches) / float64(a.tracks)
	}
	return row
}

// Vessels runs the vessel benchmark.
func Vessels(ctx context.Context, cfg VesselsConfig) (VesselsResult, error) {
	if cfg.Seconds <= 0 {
		cfg.Seconds = 6
	}
	if cfg.SampleFPS <= 0 {
		cfg.SampleFPS = 5
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		cfg.Width, cfg.Height = 1280, 720
	}
	if cfg.Width%2 != 0 || cfg.Height%2 != 0 {
		return VesselsResult{}, fmt.Errorf("bench vessels: frame size %dx%d: want even sizes", cfg.Width, cfg.Height)
	}
	if cfg.Noise == (PoseNoise{}) {
		cfg.Noise = DefaultPoseNoise
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	world, err := scene.NewWorld(sim.DefaultScenario(), cfg.Seed)
	if err != nil {
		return VesselsResult{}, err
	}
	var cases []VesselCase
	var caseNo []int // in VesselCases: a case's flights are the same whichever others run
	for i, c := range VesselCases() {
		if len(cfg.Cases) == 0 || slices.ContainsFunc(cfg.Cases, func(s string) bool { return strings.Contains(c.String(), s) }) {
			cases = append(cases, c)
			caseNo = append(caseNo, i)
		}
	}
	if len(cases) == 0 {
		return VesselsResult{}, fmt.Errorf("bench vessels: no case matches %q", cfg.Cases)
	}
	var targets []int
	for i, v := range world.Vessels(0) {
		if len(cfg.Vessels) == 0 || slices.Contains(cfg.Vessels, v.ID) {
			targets = append(targets, i)
		}
	}
	if len(targets) == 0 {
		return VesselsResult{}, fmt.Errorf("bench vessels: no vessel matches %q", cfg.Vessels)
	}
	began := time.Now()
	type job struct {
		ci int
		f  flight
	}
	jobs := make(chan job)
	accs := make([]acc, len(cases))
	left := make([]int, len(cases))
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	var flights []FlightRow
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fl := newFlyer(world, cfg)
			for j := range jobs {
				a, err := fl.fly(ctx, cases[j.ci], j.f)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				accs[j.ci].add(&a)
				if cfg.Flights && err == nil {
					flights = append(flights, FlightRow{Case: cases[j.ci].String(), Vessel: world.Vessels(0)[j.f.target].ID,
						Frames: a.frames, TP: a.t.tp, FP: a.t.fp, FN: a.t.fn, Tracks: a.tracks, IDSwitches: a.switches})
				}
				left[j.ci]--
				if left[j.ci] == 0 && cfg.Progress != nil {
					row := accs[j.ci].row(cases[j.ci], cases[j.ci].String())
					fmt.Fprintf(cfg.Progress, "%-18s frames %4d  P %.3f R %.3f F1 %.3f  geo median %.1f m\n",
						row.Name, row.Frames, row.Precision, row.Recall, row.F1, row.Geo.Median)
				}
				mu.Unlock()
			}
		}()
	}
	for ci := range cases {
		left[ci] = len(targets)
	}
feed:
	for ci, c := range cases {
		for _, vi := range targets {
			rng := rand.New(rand.NewPCG(uint64(cfg.Seed), uint64(caseNo[ci]*1000+vi)))
			f := flight{target: vi, start: 330 + 20*rng.Float64(), bearing: 360 * rng.Float64(), alt: c.Altitude, pitch: c.Pitch,
				phase: [2]float64{6.3 * rng.Float64(), 6.3 * rng.Float64()}}
			select {
			case jobs <- job{ci, f}:
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return VesselsResult{}, firstErr
	}
	if err := ctx.Err(); err != nil {
		return VesselsResult{}, err
	}
	res := VesselsResult{Seconds: cfg.Seconds, SampleFPS: cfg.SampleFPS, Seed: cfg.Seed, Noise: cfg.Noise,
		Size: fmt.Sprintf("%dx%d", cfg.Width, cfg.Height), Wall: time.Since(began), Flights: flights}
	slices.SortFunc(res.Flights, func(a, b FlightRow) int { return strings.Compare(a.Case+a.Vessel, b.Case+b.Vessel) })
	var total acc
	for ci, c := range cases {
		res.Rows = append(res.Rows, accs[ci].row(c, c.String()))
		total.add(&accs[ci])
	}
	res.Total = total.row(VesselCase{}, "total")
	if cfg.Ports {
		pr, err := newFlyer(world, cfg).patrolPorts(ctx)
		if err != nil {
			return VesselsResult{}, err
		}
		res.Ports = &pr
	}
	return res, nil
}
