package gcs

import (
	"context"
	"math"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// FenceWatchState is the station's own watch of a vehicle against the
// fence it was given: a breach now, or one predicted from its velocity.
type FenceWatchState struct {
	Watching bool   `json:"watching"`
	Breach   string `json:"breach,omitempty"` // "boundary", "exclusion", "max_alt", "min_alt"
	Detail   string `json:"detail,omitempty"`
	// Predicted is the breach the vehicle is heading for, with how many
	// seconds ahead it lies.
	Predicted   string  `json:"predicted,omitempty"`
	PredictedIn float64 `json:"predicted_in,omitempty"`
}

// FenceWatchConfig tunes the predictive fence warning. Zero values mean
// the defaults.
type FenceWatchConfig struct {
	// ReactionTime is how long a pilot (or the autopilot) needs to react
	// (default 5 s).
	ReactionTime time.Duration
	// BrakeDecel is the deceleration assumed once it reacts, m/s²
	// (default 2.5, a copter's).
	BrakeDecel float64
}

func (c FenceWatchConfig) withDefaults() FenceWatchConfig {
	if c.ReactionTime == 0 {
		c.ReactionTime = 5 * time.Second
	}
	if c.BrakeDecel == 0 {
		c.BrakeDecel = 2.5
	}
	return c
}

// horizon is how far ahead to look at a speed: reaction time plus the time
// to stop.
func (c FenceWatchConfig) horizon(speed float64) time.Duration {
	return c.ReactionTime + time.Duration(speed/c.BrakeDecel*float64(time.Second))
}

// WatchFence makes the fleet watch vehicle id against f (an empty fence
// stops the watch). The station calls it when it uploads or downloads a
// fence.
func (f *Fleet) WatchFence(id VehicleID, fence mission.Fence) {
	w := mission.NewFenceWatch(fence)
	f.do(context.Background(), func(st *fleetState) {
		if w == nil {
			delete(st.fences, id)
			delete(st.fenceOf, id)
		} else {
			st.fences[id], st.fenceOf[id] = &homedWatch{base: w}, fence
		}
		if v, ok := st.vehicles[id]; ok {
			f.checkFence(st, v)
			f.notify(st, st.alerts.evaluate(v, f.Now()), v)
		}
	})
}

// Fence returns the fence the fleet watches vehicle id against (empty:
// none).
func (f *Fleet) Fence(id VehicleID) mission.Fence {
	var out mission.Fence
	f.do(context.Background(), func(st *fleetState) { out = st.fenceOf[id] })
	return out
}

// homedWatch is a vehicle's fence watch, and the same watch measuring the
// fence radius from the vehicle's home, made again only when home moves
// (not on every position).
type homedWatch struct {
	base, homed *mission.FenceWatch
	home        orb.Point
}

// at is the watch for a vehicle whose home is home (nil: unknown).
func (h *homedWatch) at(home *Position) *mission.FenceWatch {
	if home == nil || !h.base.NeedsHome() {
		return h.base
	}
	if p := (orb.Point{home.Lon, home.Lat}); h.homed == nil || p != h.home {
		h.homed, h.home = h.base.WithHome(p), p
	}
	return h.homed
}

// checkFence updates v.Watch from its position; on the fleet goroutine.
func (f *Fleet) checkFence(st *fleetState, v *Vehicle) {
	hw := st.fences[v.ID]
	if hw == nil || !v.HasPosition {
		v.Watch = FenceWatchState{Watching: hw != nil}
		return
	}
	w := hw.at(v.Home)
	s := mission.Sample{Lat: v.Position.Lat, Lon: v.Position.Lon, AltAMSL: v.Position.AltAMSL, AltRel: v.Position.AltRel}
	now := w.Check(s)
	ws := FenceWatchState{Watching: true, Breach: now.Breach, Detail: now.Detail}
	if now.Breach == "" {
		vel := v.Velocity
		speed := math.Sqrt(vel.North*vel.North + vel.East*vel.East + vel.Down*vel.Down)
		if speed > 0.2 {
			ahead, in := w.Predict(s, vel.North, vel.East, vel.Down, f.FenceWatch.withDefaults().horizon(speed), 250*time.Millisecond)
			ws.Predicted, ws.PredictedIn = ahead.Breach, in.Seconds()
			if ahead.Breach != "" {
				ws.Detail = ahead.Detail
			}
		}
	}
	v.Watch = ws
}
