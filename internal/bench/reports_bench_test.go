package bench

import (
	"context"
	"testing"
	"time"
)

// BenchmarkReports runs the report benchmark (see Reports) with b.N
// incident changes, each to 10 units, so run it with -benchtime=Nx:
//
//	go test -tags nolibav -run '^$' -bench Reports -benchtime=30x ./internal/bench/
//
// rate-1s is one change per second (the realistic rate; b.N seconds
// long), rate-100ms the same ten times faster (a shorter run), burst the
// changes saved back to back (the delay then includes waiting behind the
// unit's earlier reports), burst-1pct the burst with 1 % of the requests
// answered 500, drain-1pct the reports all saved first and then
// delivered (reports/s of the delivery alone). delay is per report, from the save call to the receiver's
// Handle; save-* is the save alone (its fsync); reports/s is over the
// time from the first save to the last report handled. `skerry bench
// reports` runs the same.
func BenchmarkReports(b *testing.B) {
	for _, m := range []struct {
		name     string
		interval time.Duration
		fail     float64
		drain    bool
	}{
		{"rate-1s", time.Second, 0, false},
		{"rate-100ms", 100 * time.Millisecond, 0, false},
		{"burst", -1, 0, false},
		{"burst-1pct", -1, 1, false},
		{"drain-1pct", 0, 1, true},
	} {
		b.Run(m.name, func(b *testing.B) {
			res, err := Reports(context.Background(), ReportsConfig{Changes: b.N, Interval: m.interval, FailPercent: m.fail, Drain: m.drain, Dir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(res.PerSecond, "reports/s")
			b.ReportMetric(ms(res.Delay.P50), "median-ms")
			b.ReportMetric(ms(res.Delay.P99), "p99-ms")
			b.ReportMetric(ms(res.Delay.Max), "max-ms")
			b.ReportMetric(ms(res.Save.P50), "save-median-ms")
			b.ReportMetric(ms(res.Save.P99), "save-p99-ms")
			b.ReportMetric(float64(res.Failed)/float64(max(res.Requests, 1))*100, "%failed")
		})
	}
}
