package validate

import (
	"skerry/mission"
)

// CheckLeg checks one stretch flown now, from a to b (positions with
// their altitudes), against the operation's zones and area alone: the
// live watch of a flying vehicle, run several times a second. A leg from
// a point to itself checks the point. op.Home, when set, gives the height
// reference; other rules (heights, range, night, wind, fleet, endurance)
// are for plans and orders, not for watching, and are not run. The
// violations are located like Check's.
func CheckLeg(a, b mission.Position, op Operation) []Violation {
	op.Start, op.NoReturn, op.Overrides = &a, true, op.Home != nil
	if op.Home == nil {
		op.Home = &a
	}
	plan := &mission.Plan{Mission: []mission.Item{mission.Waypoint{Pos: b}}}
	c := &checker{plan: plan, op: op, noted: map[string]bool{}}
	c.rt = buildRoute(c)
	if c.rt == nil {
		return nil
	}
	c.area()
	c.airspace()
	c.locate()
	out := c.out[:0]
	for _, v := range c.out {
		if v.Severity == mission.SeverityError {
			out = append(out, v)
		}
	}
	return out
}
