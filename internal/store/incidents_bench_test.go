package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"skerry/gcs"
)

// BenchmarkSaveIncident saves a typical incident (two vessels' evidence,
// a short history) as the rules update it: a new version of one of 100
// incidents each time, synced to disk.
func BenchmarkSaveIncident(b *testing.B) {
	ctx := context.Background()
	s := openBench(b)
	is := s.Incidents()
	incs := make([]*gcs.Incident, 100)
	for k := range incs {
		incs[k] = sampleIncident(fmt.Sprintf("i%d", k), gcs.IncidentRendezvous, time.Duration(k)*time.Second)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		inc := incs[i%len(incs)]
		inc.Version++
		inc.Updated = inc.Updated.Add(time.Second)
		if err := is.SaveIncident(ctx, inc); err != nil {
			b.Fatal(err)
		}
	}
}

// openBench opens a new database for a benchmark.
func openBench(b *testing.B) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}
