package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"time"

	"skerry/internal/bench"
)

// runBenchReports is `skerry bench reports`: the delay from an incident
// change to the report at the units, and reports per second.
func runBenchReports(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "bench reports", "bench reports [--units N] [--changes N] [--interval D | --burst | --drain] [--fail PERCENT] [--dir DIR] [--json]")
	units := fs.Int("units", 10, "units that receive every incident, each a verifying receiver over loopback HTTP")
	changes := fs.Int("changes", 60, "incident changes saved (each a report to every unit)")
	interval := fs.Duration("interval", time.Second, "pause between incident changes")
	burst := fs.Bool("burst", false, "save the changes back to back instead (reports/s)")
	drain := fs.Bool("drain", false, "save every change first, then start the dispatcher: reports/s of the delivery alone")
	fail := fs.Float64("fail", 0, "`PERCENT` of the requests answered 500 (retried after 1 to 20 ms)")
	dir := fs.String("dir", "", "put the database in `DIR` (its disk is what the save waits on; default a temporary directory)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	switch {
	case len(c.args) > 0:
		return fmt.Errorf("bench reports: unexpected argument %q", c.args[0])
	case *units < 1 || *units > 1000:
		return fmt.Errorf("bench reports: --units must be 1 to 1000")
	case *changes < 1:
		return fmt.Errorf("bench reports: --changes must be at least 1")
	case *interval <= 0 && !*burst && !*drain:
		return fmt.Errorf("bench reports: --interval must be positive (or --burst)")
	case *fail < 0 || *fail >= 100:
		return fmt.Errorf("bench reports: --fail must be 0 to under 100")
	}
	cfg := bench.ReportsConfig{Units: *units, Changes: *changes, Interval: *interval, FailPercent: *fail, Dir: *dir, Drain: *drain}
	if *burst {
		cfg.Interval = -1
	}
	res, err := bench.Reports(ctx, cfg)
	if err != nil {
		return fmt.Errorf("bench reports: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	pace := "one change every " + interval.String()
	switch {
	case *drain:
		pace = "all saved, then the dispatcher started: the delay counts from its start"
	case *burst:
		pace = "a burst"
	}
	fmt.Fprintf(e.stdout, "reports benchmark: %d incident changes (%s) to %d units over the SQLite outbox and loopback HTTP, %.1f%% of requests failing; %d cores, %s\n",
		*changes, pace, *units, *fail, runtime.NumCPU(), runtime.GOOS+"/"+runtime.GOARCH)
	fmt.Fprintf(e.stdout, "  reports         %d delivered once each in %s: %.0f reports/s\n", res.Reports, res.Wall.Round(time.Millisecond), res.PerSecond)
	fmt.Fprintf(e.stdout, "  requests        %d, %d answered 500 on purpose\n", res.Requests, res.Failed)
	for _, row := range []struct {
		name string
		d    bench.Durations
	}{{"save→handled", res.Delay}, {"save alone", res.Save}} {
		d := row.d
		fmt.Fprintf(e.stdout, "  %-13s ms  min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  mean %.1f\n", row.name,
			ms(d.Min), ms(d.P50), ms(d.P90), ms(d.P99), ms(d.Max), ms(d.Mean))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
