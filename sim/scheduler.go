package sim

import (
	"context"
	"runtime"
	"time"
)

// physicsStep is the simulated time of one physics step (50 Hz, like
// ArduPilot's fast loop scaled down).
const physicsStep = 20 * time.Millisecond

// maxStepsPerTick bounds catch-up work; a shard that falls further behind
// drops simulated time rather than spiralling.
const maxStepsPerTick = 50

// simNow is the simulated time elapsed at wall-clock time now.
func (s *Sim) simNow(now time.Time) time.Duration {
	return time.Duration(float64(now.Sub(s.start)) * s.cfg.Speedup)
}

// tickPeriod is the wall-clock period of the shard tickers.
func (s *Sim) tickPeriod() time.Duration {
	p := time.Duration(float64(physicsStep) / s.cfg.Speedup)
	return min(max(p, 2*time.Millisecond), physicsStep)
}

// startShards starts one stepping goroutine per CPU, each owning a
// contiguous shard of the vehicles.
func (s *Sim) startShards(ctx context.Context) {
	n := min(runtime.GOMAXPROCS(0), len(s.vehicles))
	per := (len(s.vehicles) + n - 1) / n
	for i := 0; i < len(s.vehicles); i += per {
		shard := s.vehicles[i:min(i+per, len(s.vehicles))]
		s.wg.Add(1)
		go s.runShard(ctx, shard)
	}
}

// runShard steps a shard of vehicles on every tick.
func (s *Sim) runShard(ctx context.Context, shard []*vehicle) {
	defer s.wg.Done()
	t := time.NewTicker(s.tickPeriod())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			target := s.simNow(now)
			for _, v := range shard {
				v.advance(target, now)
			}
		}
	}
}

// advance steps the vehicle until its time reaches target.
func (v *vehicle) advance(target time.Duration, now time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i := 0; v.t+physicsStep <= target; i++ {
		if i == maxStepsPerTick {
			v.t = target - physicsStep
		}
		v.t += physicsStep
		v.step(physicsStep.Seconds(), now)
	}
}

// step runs one physics step, failsafes and streams. The caller holds v.mu.
func (v *vehicle) step(dt float64, now time.Time) {
	v.gust.step(v.rng, v.sim.scen.Wind.Gust, dt)
	v.stepGPS()
	v.updateTransfers()
	v.stepAuto()
	if v.plane {
		v.stepPlane(dt)
	} else {
		v.stepCopter(dt)
	}
	v.applyPush(dt)
	v.checkFence()
	v.batt.step(v, dt)
	v.checkBatteryFailsafe(dt)
	v.checkEKFFailsafe(dt)
	v.checkGCSFailsafe(now)
	v.runStreams()
	v.streamParams()
}
