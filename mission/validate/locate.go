package validate

import (
	"github.com/paulmach/orb"

	"skerry/mission"
)

// locate says where on the map each violation happens (Violation.At and
// LegEnds), from the route as checked: home is the home the route was
// checked from, which for a vehicle is its own, not the plan's.
func (c *checker) locate() {
	if c.rt == nil {
		return
	}
	where := c.itemPoints()
	at := func(i int) (orb.Point, bool) {
		switch {
		case i == -1:
			return c.rt.nodes[0].pt, true
		case i == ItemVehicle && c.rt.start > 0:
			return c.rt.nodes[c.rt.start].pt, true
		case i >= 0 && i < len(where):
			return where[i], true
		}
		return orb.Point{}, false
	}
	for k := range c.out {
		v := &c.out[k]
		if v.Leg != [2]int{-1, -1} {
			a, okA := at(v.Leg[0])
			b, okB := at(v.Leg[1])
			if okA && okB {
				mid := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
				v.At, v.LegEnds = &mid, &[2]orb.Point{a, b}
				continue
			}
		}
		if p, ok := at(v.Item); ok && v.Item != -1 {
			v.At = &p
		}
	}
}

// itemPoints is where each mission item is run: its own position, or for
// an item without one (and a take-off or landing "here") where the
// vehicle is when it runs it; a region of interest is where it looks.
func (c *checker) itemPoints() []orb.Point {
	rt := c.rt
	prev := rt.nodes[rt.start].pt
	out := make([]orb.Point, len(c.plan.Mission))
	for i, it := range c.plan.Mission {
		pos, ok := mission.PositionOf(it)
		switch {
		case !ok || pos.Current(), c.op.Overrides && it.Kind() == mission.KindTakeoff:
			out[i] = prev // run where the vehicle is (see buildRoute)
		case it.Kind() == mission.KindROI:
			out[i] = pos.Point
		default:
			out[i], prev = pos.Point, pos.Point
		}
	}
	return out
}
