package maritime

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"skerry/gcs"
)

// BenchmarkPictureSecondOfTraffic measures the station's time for one
// second of traffic at the scale the issue names: 5,000 AIS vessels and
// 200 camera contacts over about 50 km × 50 km. Each op is one simulated
// second: the AIS reports of that second (a vessel reports every 2 to
// 10 s, so about a fifth of them), every contact's update, and one round
// of the picture (fusion, rules, risk, incidents, announcements). The
// stream has one subscriber besides the picture, reading everything, as
// the consoles' hub does.
func BenchmarkPictureSecondOfTraffic(b *testing.B) {
	const nAIS, nCam = 5000, 200
	c := &testClock{t: t0}
	ev := &gcs.Events{}
	p := &Picture{Events: ev, Now: c.now, Tick: -1}
	if err := p.Initialize(); err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	hub := ev.Subscribe()
	defer hub.Cancel()
	go func() {
		for range hub.C() {
			hub.Next()
		}
	}()
	rng := rand.New(rand.NewPCG(1, 2))
	type boat struct {
		lat, lon, speed, course float64
		period                  int
	}
	boats := make([]boat, nAIS+nCam)
	for i := range boats {
		boats[i] = boat{lat: 36.0 + rng.Float64()*0.45, lon: -5.6 + rng.Float64()*0.55,
			speed: rng.Float64() * 10, course: rng.Float64() * 360, period: 2 + rng.IntN(9)}
	}
	step := func(sec int) {
		now := c.now()
		for i := range boats {
			bt := &boats[i]
			bt.lat, bt.lon = destination(bt.lat, bt.lon, bt.course, bt.speed)
			switch {
			case i < nAIS && sec%bt.period == i%bt.period:
				ev.Publish(gcs.AISEvent{MMSI: uint32(200000000 + i), Vessel: aisAt(uint32(200000000+i), bt.lat, bt.lon, bt.speed/knot, bt.course, now)})
			case i >= nAIS:
				// The cameras see the first 100 AIS vessels and 100 dark
				// boats.
				j := i - nAIS
				seen := bt
				if j < 100 {
					seen = &boats[j]
				}
				ev.Publish(gcs.VesselEvent{Vessel: contactAt("v"+itoa(uint32(j)), seen.lat+0.00005, seen.lon, seen.speed, math.Mod(seen.course, 360), now)})
			}
		}
	}
	for s := range 300 { // every vessel heard, five minutes of history
		c.add(time.Second)
		step(s)
		if err := p.Evaluate(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.add(time.Second)
		step(300 + i)
		if err := p.Evaluate(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	st := p.Stats()
	b.ReportMetric(float64(st.Targets), "targets")
	b.ReportMetric(st.LastEval.Seconds()*1e3, "ms/round")
}
