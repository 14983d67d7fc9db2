package validate

import (
	"fmt"
	"math"
	"time"

	"skerry/mission"
	"skerry/mission/local"
	"skerry/mission/profile"
)

// vehicleSource cites the operator's vehicle data for endurance rules.
const vehicleSource = "operator: vehicle endurance and reserve (Operation.Vehicle)"

// cruise is the air speed flown between waypoints: the vehicle's, else the
// plan's cruise (fixed wing) or hover speed; 0 when unknown.
func (c *checker) cruise() float64 {
	switch {
	case c.op.Vehicle.CruiseSpeed > 0:
		return c.op.Vehicle.CruiseSpeed
	case c.plan.VehicleType == mission.VehicleFixedWing && c.plan.CruiseSpeed > 0:
		return c.plan.CruiseSpeed
	case c.plan.HoverSpeed > 0:
		return c.plan.HoverSpeed
	}
	return c.plan.CruiseSpeed
}

// stay is the time in seconds spent at an item: holds and loiters. An
// unlimited loiter marks the route unbounded.
func (c *checker) stay(rt *route, it mission.Item, speed float64) float64 {
	switch v := it.(type) {
	case mission.Waypoint:
		return v.Hold
	case mission.Loiter:
		switch v.Mode {
		case mission.LoiterTime:
			return v.Seconds
		case mission.LoiterTurns:
			r := v.Radius
			if r <= 0 {
				r = DefaultLoiterRadius
			}
			if speed <= 0 {
				return 0
			}
			return v.Turns * 2 * math.Pi * r / speed
		case mission.LoiterUnlimited:
			rt.unbounded = true
			if c.once("loiter-unlimited") {
				c.add(mission.SeverityWarning, c.itemIndex(it), RuleEndurance, "", "unlimited loiter: the flight time is not bounded by the plan")
			}
		}
	}
	return 0
}

// itemIndex finds an item's index (for rare notes only).
func (c *checker) itemIndex(it mission.Item) int {
	for i, x := range c.plan.Mission {
		if x == it {
			return i
		}
	}
	return -1
}

// groundSpeed solves the wind triangle: the ground speed along the unit
// track (dx, dy) for air speed v; 0 when the vehicle cannot make headway.
func groundSpeed(v float64, w Wind, dx, dy float64) float64 {
	rad := w.Direction * math.Pi / 180
	wx, wy := -w.Speed*math.Sin(rad), -w.Speed*math.Cos(rad) // the wind blows towards
	along := wx*dx + wy*dy
	cross2 := w.Speed*w.Speed - along*along
	if v*v < cross2 {
		return 0
	}
	return math.Max(along+math.Sqrt(v*v-cross2), 0)
}

// endurance costs the route leg by leg with the wind triangle, climbs and
// stays, and compares it with the usable battery.
func (c *checker) endurance() {
	rt, veh := c.rt, c.op.Vehicle
	climb := veh.ClimbRate
	if climb <= 0 || !finiteNum(climb) {
		climb = DefaultClimbRate
	}
	secs := rt.visits[0].stay
	for i := 1; i < len(rt.visits); i++ {
		vs := rt.visits[i]
		a, b := rt.nodes[rt.visits[i-1].node], rt.nodes[vs.node]
		d := local.Dist(a.p, b.p)
		rt.length += d
		if t, ok := c.legTime(a, b, d, vs.pace, climb); ok {
			secs += t + vs.stay
		}
	}
	rt.duration = c.durationOf(secs)
	c.budget()
}

// legTime is the time to fly from a to b, d metres apart: the climb or
// the horizontal leg, whichever is longer. A ground speed is held
// whatever the wind; an air speed gives the ground speed of the wind
// triangle, and a leg the wind stops the vehicle on is an error (ok
// false).
func (c *checker) legTime(a, b node, d float64, p pace, climb float64) (secs float64, ok bool) {
	t := math.Abs(b.amsl-a.amsl) / climb
	if d <= 0 || p.speed <= 0 {
		return t, true
	}
	if p.ground {
		return math.Max(t, d/p.speed), true
	}
	gs := groundSpeed(p.speed, c.op.Wind, (b.p.X-a.p.X)/d, (b.p.Y-a.p.Y)/d)
	if gs <= 0 {
		c.addLeg(mission.SeverityError, a.item, b.item, RuleEndurance, vehicleSource,
			"a %.1f m/s wind from %.0f° stops the vehicle at %.1f m/s air speed on this leg", c.op.Wind.Speed, c.op.Wind.Direction, p.speed)
		return 0, false
	}
	return math.Max(t, d/gs), true
}

// budget compares the duration with Endurance × (1 − Reserve).
func (c *checker) budget() {
	veh, rt := c.op.Vehicle, c.rt
	if c.cruise() <= 0 {
		c.add(mission.SeverityWarning, -1, RuleNotChecked, "", "no cruise speed (Vehicle.CruiseSpeed or plan speeds): flight time not estimated")
		return
	}
	if veh.Endurance <= 0 {
		c.add(mission.SeverityInfo, -1, RuleNotChecked, "", "no vehicle endurance given: battery not checked (flight time %v)", rt.duration.Round(time.Second))
		return
	}
	reserve := veh.Reserve
	switch {
	case reserve == 0:
		reserve = DefaultReserve
	case reserve < 0:
		reserve = 0
	}
	usable := time.Duration(float64(veh.Endurance) * (1 - reserve))
	msg := fmt.Sprintf("flight time %v (%.1f km, wind %.1f m/s from %.0f°) against %v usable (%v endurance, %.0f%% reserve)",
		rt.duration.Round(time.Second), rt.length/1000, c.op.Wind.Speed, c.op.Wind.Direction, usable.Round(time.Second), veh.Endurance, reserve*100)
	switch {
	case rt.duration > usable:
		c.add(mission.SeverityError, -1, RuleEndurance, vehicleSource, "endurance exceeded: %s", msg)
	case rt.duration > usable*9/10:
		c.add(mission.SeverityWarning, -1, RuleEndurance, vehicleSource, "within 10%% of the usable endurance: %s", msg)
	}
}

// wind compares the forecast with the profile's and the vehicle's limits.
func (c *checker) wind() {
	w := c.op.Wind.Speed
	if p := c.op.Profile.MaxWind; p > 0 && w > p {
		c.add(mission.SeverityError, -1, profile.RuleMaxWind, c.cite(profile.RuleMaxWind), "forecast wind %.1f m/s exceeds the profile's %.1f m/s", w, p)
	}
	if v := c.op.Vehicle.MaxWind; v > 0 && w > v {
		c.add(mission.SeverityError, -1, profile.RuleMaxWind, "manufacturer's wind limit (Operation.Vehicle.MaxWind)", "forecast wind %.1f m/s exceeds the vehicle's %.1f m/s", w, v)
	}
}
