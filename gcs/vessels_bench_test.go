package gcs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"skerry/gcs"
)

// BenchmarkVesselsUpdate: one tracker report applied (queue, owner
// goroutine, track, event), 20 contacts at 5 reports a second each, no
// store.
func BenchmarkVesselsUpdate(b *testing.B) {
	ev := &gcs.Events{}
	sub := ev.Subscribe()
	defer sub.Cancel()
	vs := &gcs.Vessels{Events: ev}
	if err := vs.Initialize(); err != nil {
		b.Fatal(err)
	}
	defer vs.Close()
	t0 := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	ids := make([]gcs.VesselID, 20)
	for i := range ids {
		ids[i] = gcs.VesselID(fmt.Sprint("v", i))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		at := t0.Add(time.Duration(i/len(ids)) * 200 * time.Millisecond)
		vs.Update(gcs.VesselUpdate{Vessel: gcs.Vessel{ID: ids[i%len(ids)], Lat: 36.1, Lon: -5.4, ErrorM: 9, Score: 0.8,
			Course: gcs.Unknown, Speed: gcs.Unknown, Length: gcs.Unknown, LastSeen: at}})
		if i%1000 == 999 {
			sub.Next()
		}
		i++
	}
	if _, err := vs.List(context.Background()); err != nil {
		b.Fatal(err)
	}
	st := vs.Stats()
	b.ReportMetric(float64(st.Dropped)/float64(b.N), "dropped/op")
}
