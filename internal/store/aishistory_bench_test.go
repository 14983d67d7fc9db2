package store

import (
	"context"
	"testing"
	"time"
)

// BenchmarkAISHistoryAdd adds batches of 1,000 points (1,000 vessels, a
// point each, 10 s after the previous batch), one transaction per batch;
// points/s is what the store takes.
func BenchmarkAISHistoryAdd(b *testing.B) {
	ctx := context.Background()
	s := openBench(b)
	h := s.AISHistory()
	batch := make([]AISPoint, 1000)
	at := raised0
	b.ReportAllocs()
	for b.Loop() {
		at = at.Add(10 * time.Second)
		for i := range batch {
			batch[i] = aisPoint(uint32(200000000+i), at, 36+float64(i)*1e-4)
		}
		n, err := h.Add(ctx, batch)
		if err != nil || n != len(batch) {
			b.Fatal(n, err)
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "points/s")
}
