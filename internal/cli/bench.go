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
	if len(args) >= 1 && args[0] == "transfer" {
		return runBenchTransfer(ctx, e, args[1:])
	}
	if len(args) < 1 || args[0] != "fleet" {
		fmt.Fprintf(e.stderr, "Usage: skerry bench fleet|transfer [flags]\n\n"+
			"  fleet     a simulator process against this station over loopback UDP: frames/s received,\n"+
			"            loss, station CPU and peak memory (--vehicles N)\n"+
			"  transfer  mission uploads and downloads over a lossy link with the default timeouts:\n"+
			"            success rate and time distribution (--transfers 100 --items 200 --loss 0.2)\n")
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

func runBenchTransfer(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "bench transfer", "bench transfer [--transfers N] [--items N] [--loss F] [--vehicles N]")
	transfers := fs.Int("transfers", 100, "transfers, each an upload and a download compared")
	items := fs.Int("items", 200, "mission items per transfer")
	loss := fs.Float64("loss", 0.2, "fraction of frames lost in each direction")
	vehicles := fs.Int("vehicles", 10, "vehicles transferring at once")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	res, err := bench.Transfer(ctx, bench.TransferConfig{Transfers: *transfers, Items: *items, Loss: *loss, Vehicles: *vehicles,
		Log: log.With("component", "station"), Progress: e.stderr})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "transfer benchmark: %d transfers of %d items, %.0f%% loss each way, %d vehicles at once, default timeouts (1.5 s ack, 0.25 s item), budget 10 + 1 retry per item; %s wall\n",
		*transfers, *items, 100**loss, *vehicles, res.Wall.Round(time.Second))
	fmt.Fprintf(e.stdout, "  uploads ok      %d/%d (%.1f %%)\n", res.Uploads, *transfers, 100*float64(res.Uploads)/float64(*transfers))
	fmt.Fprintf(e.stdout, "  downloads ok    %d/%d (%.1f %%)\n", res.Downloads, *transfers, 100*float64(res.Downloads)/float64(*transfers))
	for _, row := range []struct {
		name string
		d    bench.Durations
	}{{"upload", res.Upload}, {"download", res.Download}} {
		d := row.d
		fmt.Fprintf(e.stdout, "  %-9s s     min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  mean %.1f\n", row.name,
			d.Min.Seconds(), d.P50.Seconds(), d.P90.Seconds(), d.P99.Seconds(), d.Max.Seconds(), d.Mean.Seconds())
	}
	for _, f := range res.Failures {
		fmt.Fprintf(e.stdout, "  failed: %s\n", f)
	}
	return nil
}
