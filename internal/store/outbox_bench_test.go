package store

import (
	"context"
	"testing"

	"skerry/gcs"
)

// BenchmarkSaveIncidentWithReports saves a typical incident's new version
// with its reports to 3 units (a 2 kB CAP body each), synced to disk.
func BenchmarkSaveIncidentWithReports(b *testing.B) {
	ctx := context.Background()
	s := openBench(b)
	ob := s.Outbox()
	inc := sampleIncident("i1", gcs.IncidentRendezvous, 0)
	body := make([]byte, 2048)
	b.ReportAllocs()
	for b.Loop() {
		nextVersion(inc)
		reports := reportsFor(inc, gcs.ReportUpdate, "u1", "u2", "u3")
		for i := range reports {
			reports[i].Body = body
		}
		if err := ob.SaveIncidentWithReports(ctx, inc, reports); err != nil {
			b.Fatal(err)
		}
	}
}
