package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"time"

	"skerry/internal/bench"
)

func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) < 1 || args[0] != "fleet" {
		fmt.Fprintf(e.stderr, "Usage: skerry bench fleet [--vehicles N] [--duration D] [--warmup D] [--json]\n\n"+
			"  fleet  a simulator process against this station over loopback UDP: frames/s received,\n"+
			"         loss, station CPU and peak memory\n")
		return errUsage
	}
	fs, c := newFlagSet(e, "bench fleet", "bench fleet [--vehicles N] [--duration D]")
	vehicles := fs.Int("vehicles", 100, "simulated vehicles (250 per UDP link)")
	duration := fs.Duration("duration", 30*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 10*time.Second, "how long to let the fleet settle before measuring")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, c, args[1:]); err != nil {
		return err
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := bench.Fleet(ctx, bench.FleetConfig{
		Vehicles: *vehicles, SimCommand: []string{exe, "sim"}, Duration: *duration, Warmup: *warmup,
		Log: log.With("component", "station"), Progress: e.stderr,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	fmt.Fprintf(e.stdout, "fleet benchmark: %d vehicles on %d UDP links, measured %s (%d cores, %s)\n",
		res.Vehicles, res.Links, res.Duration.Round(time.Millisecond), runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(e.stdout, "  vehicles seen      %d (all after %s)\n", res.Seen, res.DiscoveryTime.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "  frames received    %.0f /s\n", res.FramesPerSec)
	fmt.Fprintf(e.stdout, "  loss               %.2f %% (mean of vehicles, from sequence numbers)\n", 100*res.Loss)
	fmt.Fprintf(e.stdout, "  station CPU        %.2f cores\n", res.StationCPU)
	fmt.Fprintf(e.stdout, "  simulator CPU      %.2f cores\n", res.SimCPU)
	fmt.Fprintf(e.stdout, "  station peak RSS   %.1f MiB\n", float64(res.StationPeakRSS)/(1<<20))
	fmt.Fprintf(e.stdout, "  parse errors       %d\n", res.ParseErrors)
	return nil
}
