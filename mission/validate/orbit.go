package validate

import (
	"math"

	"skerry/mission"
)

// Orbits are checked as flown: an item that circles its position (a
// loiter with a radius, a plane's loiter, LOITER_TO_ALT) adds its circle
// to the route as a ring of short legs, which every spatial rule (zones,
// area, fence, range) checks as it checks any leg. The ring's nodes are
// never visited: the time spent circling is the item's stay, and the
// length of the route does not count it twice.

// planeLoiterRadius is ArduPlane's WP_LOITER_RAD default, m: the circle a
// fixed-wing flies where an item gives no radius.
const planeLoiterRadius = 60.0

// orbitStep is the longest chord of an orbit's ring, m.
const orbitStep = 15.0

// cmdLoiterToAlt is MAV_CMD_NAV_LOITER_TO_ALT (param2: radius).
const cmdLoiterToAlt = 31

// orbitRadius is the radius of the circle item it flies, 0 for none.
func (c *checker) orbitRadius(it mission.Item) float64 {
	plane := c.plan.VehicleType == mission.VehicleFixedWing
	var r float64
	switch v := it.(type) {
	case mission.Loiter:
		r = v.Radius
		if r <= 0 {
			switch {
			case plane:
				r = planeLoiterRadius
			case v.Mode == mission.LoiterTurns:
				r = DefaultLoiterRadius
			}
		}
	case mission.Command:
		if v.Command == cmdLoiterToAlt {
			r = math.Abs(v.Params[1])
			if r == 0 && plane {
				r = planeLoiterRadius
			}
		}
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return 0
	}
	return r
}

// addOrbits adds the ring of every orbiting node to the route's legs.
func (rt *route) addOrbits(c *checker) {
	n := len(rt.nodes)
	for k := 0; k < n; k++ {
		centre := rt.nodes[k]
		if centre.item < 0 {
			continue
		}
		r := c.orbitRadius(c.plan.Mission[centre.item])
		if r <= 0 || !rt.flown(k) {
			continue
		}
		steps := max(12, int(math.Ceil(2*math.Pi*r/orbitStep)))
		first := len(rt.nodes)
		for s := range steps {
			a := 2 * math.Pi * float64(s) / float64(steps)
			q := xy{X: centre.p.X + r*math.Sin(a), Y: centre.p.Y + r*math.Cos(a)}
			ring := centre
			ring.p, ring.pt, ring.orbit = q, rt.pr.Point(q), true
			rt.nodes = append(rt.nodes, ring)
		}
		for s := range steps {
			rt.legs = append(rt.legs, leg{first + s, first + (s+1)%steps})
		}
	}
}
