package live

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"skerry/gcs"
	"skerry/web/live/livetest"
)

// BenchmarkHubFanout measures the time from Fleet.Observe to a console's
// receipt of the state, with 250 vehicles and 100 consoles in-process.
// One op is one position update of every vehicle. The updates are not
// paced: the fleet is fed as fast as it takes them, so the hub runs
// overloaded and the p50/p99 it reports are the age of states under
// overload, not the latency of a paced fleet; `skerry bench web`
// measures that (BENCHMARKS.md).
func BenchmarkHubFanout(b *testing.B) {
	const vehicles, clients = 250, 100
	e := newHubEnv(b, envOptions{})
	ids := make([]gcs.VehicleID, vehicles)
	for i := range ids {
		ids[i] = gcs.VehicleID(fmt.Sprint("l1-", i))
		observe(e.fleet, ids[i], gcs.Identity{Mode: "AUTO"})
	}
	waitVehicles(b, e.hub, vehicles)

	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	for range clients {
		c := livetest.Dial(b, e.ws, nil, false)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			marked := 0
			for marked < vehicles {
				m, err := c.TryNext()
				if err != nil {
					break
				}
				if m.Type != MsgVehicle {
					continue
				}
				var v struct {
					LastSeen time.Time `json:"last_seen"`
					Position struct {
						Lat float64 `json:"lat"`
					} `json:"position"`
				}
				_ = json.Unmarshal(m.Data, &v)
				mine = append(mine, time.Since(v.LastSeen))
				if v.Position.Lat == -1 {
					marked++
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	require := func(ok bool) {
		if !ok {
			b.Fatal("clients did not connect")
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for e.hub.Metrics().Clients < clients && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	require(e.hub.Metrics().Clients == clients)

	b.ResetTimer()
	for i := range b.N {
		for _, id := range ids {
			e.fleet.Observe(gcs.Observation{Vehicle: id, Link: "l1", At: time.Now(), Update: position(float64(i%80) + 1)})
		}
	}
	for _, id := range ids { // the end marker every client waits for
		e.fleet.Observe(gcs.Observation{Vehicle: id, Link: "l1", At: time.Now(), Update: position(-1)})
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) == 0 {
		b.Fatal("no messages")
	}
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(len(lat))/float64(b.N), "msgs/op")
	b.ReportMetric(float64(e.hub.Metrics().Coalesced)/float64(b.N), "coalesced/op")
}
