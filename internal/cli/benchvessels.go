package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"

	"skerry/internal/bench"
)

func runBenchVessels(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "bench vessels", "bench vessels [--seconds S] [--seed N] [--cases calm,glare/120m,...] [--flights] [--trace FILE] [--dump-dir DIR [--dump-all]] [--json]")
	seconds := fs.Float64("seconds", 6, "length of each flight at a boat, seconds")
	seed := fs.Int64("seed", 1, "seed of the flights' bearings, start times and pose noise")
	cases := fs.String("cases", "", "comma-separated cases or parts of case names to run (calm, glare, haze, rough; 60m, 120m; 45°, nadir; e.g. calm/120m/45°); empty: all 16")
	vessels := fs.String("vessels", "", "comma-separated scenario vessel ids to fly at; empty: all")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "flights rendered and analysed at once")
	debug := fs.String("debug-dir", "", "directory for each flight's middle frame as PNG with true (green) and detected (red) boxes")
	ports := fs.Bool("ports", true, "also fly the port outlines (40 m, 30° down, calm) and count false boxes per frame")
	flights := fs.Bool("flights", false, "also list every flight's boxes (hits, false alarms, misses), the boats the tracker gave an id and its id switches")
	trace := fs.String("trace", "", "write to `FILE` every frame's tally, true boxes and detections (contact id, placement from the target boat east,north±error m); \"-\": stderr")
	dump := fs.String("dump-dir", "", "`DIR` (created) for every frame with a miss or false alarm: NAME.png (RGB, lossless, no boxes), NAME.i420.png "+
		"(the detector's exact 4:2:0 input) and NAME.json (station pose, true boxes, detections with contact ids and fixes, tally). "+
		"Replay one: 'skerry detect --pose NAME.json NAME.i420.png' prints the sidecar's single_frame boxes; the bench's detections are "+
		"those seen in 2 of the last frames (MinHits 2), which needs the flight's earlier frames: see --dump-all")
	dumpAll := fs.Bool("dump-all", false, "--dump-dir gets every frame: 'skerry detect --sequence --min-hits 2 --pose-sidecar DIR/CASE-VESSEL-*.i420.png' "+
		"then replays a whole flight, each frame's boxes its sidecar's detections")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	cfg := bench.VesselsConfig{Seconds: *seconds, Seed: *seed, Workers: *workers, DebugDir: *debug, Ports: *ports, Flights: *flights, Progress: e.stderr,
		DumpDir: *dump, DumpAll: *dumpAll}
	if *trace != "" {
		w, closeTrace, err := openTrace(e, *trace)
		if err != nil {
			return err
		}
		defer closeTrace()
		cfg.Trace = w
		if *trace == "-" {
			cfg.Progress = w // one lock for both on stderr
		}
	}
	if *dumpAll && *dump == "" {
		return fmt.Errorf("bench vessels: --dump-all needs --dump-dir")
	}
	if *dump != "" {
		if err := os.MkdirAll(*dump, 0o755); err != nil {
			return fmt.Errorf("bench vessels: --dump-dir: %w", err)
		}
	}
	if *cases != "" {
		cfg.Cases = strings.Split(*cases, ",")
	}
	if *vessels != "" {
		cfg.Vessels = strings.Split(*vessels, ",")
	}
	res, err := bench.Vessels(ctx, cfg)
	if err != nil {
		return err
	}
	if c, ok := cfg.Trace.(*lockedWriter); ok {
		if err := c.close(); err != nil {
			return fmt.Errorf("bench vessels: --trace: %w", err)
		}
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	printVessels(e, res)
	return nil
}

func printVessels(e *env, res bench.VesselsResult) {
	w := e.stdout
	fmt.Fprintf(w, "vessel benchmark: the default scenario's boats, %g s flights at %g fps, %s, seed %d; pose noise σ %g° attitude, %g m position, %g m altitude; %s wall\n",
		res.Seconds, res.SampleFPS, res.Size, res.Seed, res.Noise.Attitude, res.Noise.Position, res.Noise.Altitude, res.Wall.Round(1e9))
	fmt.Fprintf(w, "boxes: IoU ≥ 0.3, boats ≥ 12 px long and at least half in the frame count; geo: contact to boat, m (fix: single-frame placement)\n\n")
	fmt.Fprintf(w, "%-18s %6s %7s %6s %6s %6s %6s %6s %7s %8s %8s %8s %8s\n",
		"case", "frames", "vessels", "P", "R", "F1", "FP", "FN", "idsw/tr", "geo p50", "geo p90", "fix p50", "fix p90")
	row := func(r bench.VesselsRow) {
		m := func(s bench.Spread, v float64) string {
			if s.N == 0 {
				return "–"
			}
			return fmt.Sprintf("%.1f", v)
		}
		fmt.Fprintf(w, "%-18s %6d %7d %6.3f %6.3f %6.3f %6d %6d %7.3f %8s %8s %8s %8s\n",
			r.Name, r.Frames, r.Vessels, r.Precision, r.Recall, r.F1, r.FP, r.FN, r.SwitchesPerTrack,
			m(r.Geo, r.Geo.Median), m(r.Geo, r.Geo.P90), m(r.Fix, r.Fix.Median), m(r.Fix, r.Fix.P90))
	}
	for _, r := range res.Rows {
		row(r)
	}
	fmt.Fprintln(w)
	row(res.Total)
	if len(res.Flights) > 0 {
		fmt.Fprintf(w, "\n%-18s %-16s %6s %5s %5s %5s %6s %5s\n", "flight", "vessel", "frames", "tp", "fp", "fn", "tracks", "idsw")
		for _, f := range res.Flights {
			fmt.Fprintf(w, "%-18s %-16s %6d %5d %5d %5d %6d %5d\n", f.Case, f.Vessel, f.Frames, f.TP, f.FP, f.FN, f.Tracks, f.IDSwitches)
		}
	}
	if p := res.Ports; p != nil {
		fmt.Fprintf(w, "\nport patrol (the port outlines at 40 m, 30° down, calm, no boats there): %d frames, %d false boxes (%.2f a frame), %d frames with one or more\n",
			p.Frames, p.FP, p.FPPerFrame, p.FramesWithFP)
	}
}
