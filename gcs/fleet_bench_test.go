package gcs

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkFleetObserve measures how many observations a second the fleet
// goroutine applies (alert rules included) across 1,000 vehicles.
func BenchmarkFleetObserve(b *testing.B) {
	f := &Fleet{Events: &Events{}}
	if err := f.Initialize(); err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	const n = 1000
	ids := make([]VehicleID, n)
	for i := range ids {
		ids[i] = VehicleID(fmt.Sprintf("b%d-%d", i/250+1, i%250+1))
		f.Observe(Observation{Vehicle: ids[i], At: time.Now(), Update: Identity{Mode: "GUIDED", SystemStatus: "active"}})
	}
	s := f.Events.Subscribe() // one subscriber that never reads
	defer s.Cancel()
	at := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		u := GlobalPosition{Position: Position{Lat: 36.1, Lon: -5.4, AltRel: float64(i % 100)}}
		f.Observe(Observation{Vehicle: ids[i%n], At: at, Update: u})
	}
	f.IDs() // wait until every observation is applied
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "obs/s")
}

// BenchmarkFleetObserveRead is BenchmarkFleetObserve with a subscriber
// that reads the stream as fast as it can, as the hub does: the cost of
// an observation from Observe to the subscriber's hands.
func BenchmarkFleetObserveRead(b *testing.B) {
	f := &Fleet{Events: &Events{}}
	if err := f.Initialize(); err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	const n = 250
	ids := make([]VehicleID, n)
	for i := range ids {
		ids[i] = VehicleID(fmt.Sprintf("b1-%d", i+1))
		f.Observe(Observation{Vehicle: ids[i], At: time.Now(), Update: Identity{Mode: "GUIDED", SystemStatus: "active"}})
	}
	s := f.Events.Subscribe()
	done := make(chan struct{})
	states := 0
	go func() {
		defer close(done)
		for range s.C() {
			evs := s.Next()
			if evs == nil {
				return // cancelled
			}
			states += len(evs)
		}
	}()
	at := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		u := GlobalPosition{Position: Position{Lat: 36.1, Lon: -5.4, AltRel: float64(i % 100)}}
		f.Observe(Observation{Vehicle: ids[i%n], At: at, Update: u})
	}
	f.IDs() // wait until every observation is on the stream
	b.StopTimer()
	s.Cancel()
	s.signal()
	<-done
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "obs/s")
	b.ReportMetric(float64(states)/float64(b.N), "states/obs")
}
