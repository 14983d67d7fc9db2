package validate

import (
	"math"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/local"
)

// maxSteps bounds the unrolling of jumps.
const maxSteps = 200000

// node is a position the vehicle flies to.
type node struct {
	item   int // mission item index, -1 for home
	pt     orb.Point
	p      xy
	amsl   float64 // best estimate of the altitude above mean sea level
	rel    float64 // height above home
	height float64 // height in the profile's reference
	orbit  bool    // a point of an orbit's ring (see addOrbits)
}

// visit is one arrival at a node, with the speed flown to reach it and
// the time spent there (holds, loiters, delays before leaving).
type visit struct {
	node int
	pace
	stay float64 // seconds
}

// pace is the speed a leg is flown at: an air speed (the vehicle's
// cruise, DO_CHANGE_SPEED type 0), or a ground speed the autopilot holds
// whatever the wind (DO_CHANGE_SPEED type 1): the wind then changes the
// air speed needed, not the time.
type pace struct {
	speed  float64 // m/s
	ground bool
}

// leg is a distinct pair of consecutive nodes.
type leg struct{ a, b int }

// route is the plan as flown: nodes once, visits in order (jumps unrolled),
// distinct legs for spatial checks.
type route struct {
	pr       proj
	nodes    []node
	byItem   map[int]int // mission item → node
	visits   []visit
	legs     []leg
	start    int  // the node the route begins at: 0, home, or where the vehicle is (Operation.Start)
	returns  bool // the plan ends with RTL or a landing
	homeAMSL float64
	// filled by the rules
	length, maxHeight float64
	duration          time.Duration
	unbounded         bool // an endless loiter or jump
}

// buildRoute reads the plan's positions; nil when there are none.
func buildRoute(c *checker) *route {
	home, ok := c.home()
	if !ok {
		c.add(mission.SeverityWarning, -1, RuleNotChecked, "", "the plan has no position: nothing to check geographically")
		return nil
	}
	rt := &route{pr: local.New(home.Point), byItem: map[int]int{}}
	rt.homeAMSL = c.homeAMSL(home)
	rt.nodes = append(rt.nodes, node{item: -1, pt: home.Point, p: xy{}, amsl: rt.homeAMSL})
	if s := c.op.Start; s != nil {
		amsl := c.itemAMSL(-1, *s, rt.homeAMSL)
		rt.start = len(rt.nodes)
		rt.nodes = append(rt.nodes, node{item: ItemVehicle, pt: s.Point, p: rt.pr.XY(s.Point), amsl: amsl, rel: amsl - rt.homeAMSL})
	}
	prev := rt.nodes[rt.start]
	for i, it := range c.plan.Mission {
		pos, ok := flownPosition(it)
		if !ok {
			continue
		}
		n, ok := c.place(rt, i, it, pos, prev)
		if !ok {
			continue
		}
		rt.byItem[i] = len(rt.nodes)
		rt.nodes = append(rt.nodes, n)
		prev = n
	}
	rt.unroll(c)
	rt.addOrbits(c)
	return rt
}

// place is where item i is flown, as ArduPilot flies it, after the
// vehicle has reached prev. An item at the current position
// (mission.Position.Current) is flown where the vehicle is, and a
// waypoint or loiter there at altitude 0 keeps the vehicle's altitude
// (ModeAuto::loc_from_cmd, Plane's set_next_WP): never a leg to 0, 0. A
// real vehicle always takes off where it stands (Operation.Overrides).
// An item whose position or altitude is not a finite number is not
// flown at all (ok false), with an error saying so.
func (c *checker) place(rt *route, i int, it mission.Item, pos mission.Position, prev node) (n node, ok bool) {
	if !finitePos(pos) {
		c.add(mission.SeverityError, i, RuleRoute, "", "item %d has no usable position (lat %g, lon %g, altitude %g): left out of the route, so its legs, heights, length and flight time are not checked", i, pos.Lat(), pos.Lon(), pos.Alt.M)
		return node{}, false
	}
	kind, current := it.Kind(), pos.Current()
	if current || (c.op.Overrides && isTakeoff(it)) {
		pos.Point = prev.pt
	}
	amsl := c.itemAMSL(i, pos, rt.homeAMSL)
	if current && pos.Alt.M == 0 && (kind == mission.KindWaypoint || kind == mission.KindLoiter) {
		amsl = prev.amsl
	}
	return node{item: i, pt: pos.Point, p: rt.pr.XY(pos.Point), amsl: amsl, rel: amsl - rt.homeAMSL}, true
}

// finitePos reports whether p's latitude, longitude and altitude are
// finite numbers.
func finitePos(p mission.Position) bool {
	return finiteNum(p.Lat()) && finiteNum(p.Lon()) && finiteNum(p.Alt.M)
}

// finiteNum reports whether f is neither NaN nor infinite.
func finiteNum(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// home returns the plan's home, the operation's, or the first position.
// A home at the current position (0, 0: not known) is no home.
func (c *checker) home() (mission.Position, bool) {
	var cands []*mission.Position
	if c.op.Overrides {
		cands = append(cands, c.op.Home)
	}
	cands = append(cands, c.plan.Home, c.op.Home)
	for _, h := range cands {
		if h != nil && !h.Current() && finitePos(*h) {
			return *h, true
		}
	}
	for i, it := range c.plan.Mission {
		if pos, ok := mission.PositionOf(it); ok && !pos.Current() && finitePos(pos) && it.Kind() != mission.KindROI {
			c.add(mission.SeverityWarning, i, RuleRoute, "", "no home position: item %d taken as take-off and return point", i)
			return pos, true
		}
	}
	return mission.Position{}, false
}

// homeAMSL is the home altitude above mean sea level.
func (c *checker) homeAMSL(h mission.Position) float64 {
	if h.Alt.Ref == mission.AltAMSL {
		return h.Alt.M
	}
	g, known := c.ground(h.Point)
	if !known || h.Alt.Ref == mission.AltRelative {
		c.add(mission.SeverityWarning, -1, RuleRoute, "", "home altitude is %v, not AMSL: home taken at %.1f m AMSL (ground%s)", h.Alt, g+h.Alt.M*boolf(h.Alt.Ref == mission.AltTerrain), unknownNote(known))
	}
	if h.Alt.Ref == mission.AltTerrain {
		return g + h.Alt.M
	}
	return g
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func unknownNote(known bool) string {
	if known {
		return ""
	}
	return " unknown, assumed at sea level"
}

// ground is the surface elevation AMSL at p: 0 over water or where the
// terrain model has no data (known false then, except over water).
func (c *checker) ground(p orb.Point) (float64, bool) {
	s := c.op.Surface
	if s.Water {
		return 0, true
	}
	if s.Terrain != nil {
		if g, ok := s.Terrain.Elevation(p[1], p[0]); ok {
			return g, true
		}
	}
	return 0, false
}

// itemAMSL converts an item's altitude to AMSL.
func (c *checker) itemAMSL(i int, pos mission.Position, home float64) float64 {
	switch pos.Alt.Ref {
	case mission.AltRelative:
		return home + pos.Alt.M
	case mission.AltTerrain:
		g, _ := c.ground(pos.Point)
		return g + pos.Alt.M
	}
	return pos.Alt.M
}

// unroll follows the mission in flight order, jumps included, recording
// visits, speeds and stays; then it lists the distinct legs.
func (rt *route) unroll(c *checker) {
	speed := pace{speed: c.cruise()}
	jumps := map[int]int{}
	rt.visits = append(rt.visits, visit{node: rt.start, pace: speed})
	items := c.plan.Mission
	for pc, steps := 0, 0; pc < len(items); pc, steps = pc+1, steps+1 {
		if steps > maxSteps {
			c.add(mission.SeverityWarning, pc, RuleRoute, "", "more than %d steps with jumps: route cut short, length and duration underestimated", maxSteps)
			rt.unbounded = true
			break
		}
		switch it := items[pc].(type) {
		case mission.Jump:
			left, seen := jumps[pc]
			if !seen {
				left = it.Repeat
				if it.Repeat < 0 {
					left = 1
					rt.unbounded = true
					c.add(mission.SeverityWarning, pc, RuleEndurance, "", "jump repeats forever: costed once, endurance not bounded")
				}
			}
			if left > 0 && it.Target >= 0 && it.Target < len(items) {
				jumps[pc] = left - 1
				pc = it.Target - 1
				continue
			}
			delete(jumps, pc) // a later pass repeats it again, as autopilots do
		case mission.SpeedChange:
			if (it.Type == mission.SpeedAir || it.Type == mission.SpeedGround) && it.Speed > 0 && finiteNum(it.Speed) {
				speed = pace{speed: it.Speed, ground: it.Type == mission.SpeedGround}
			}
		case mission.Delay:
			if !it.Condition {
				rt.lastVisit().stay += c.stayOf(pc, it.Seconds)
			}
		case mission.RTL:
			rt.visits = append(rt.visits, visit{node: 0, pace: speed})
			rt.returns = true
			pc = len(items) // RTL ends the mission
		default:
			if n, ok := rt.byItem[pc]; ok {
				rt.visits = append(rt.visits, visit{node: n, pace: speed, stay: c.stayOf(pc, c.stay(rt, items[pc], speed.speed))})
				if isLanding(items[pc]) {
					rt.returns = true
					pc = len(items)
				}
			}
		}
	}
	if !rt.returns && !c.op.NoReturn {
		rt.visits = append(rt.visits, visit{node: 0, pace: speed})
	}
	seen := map[leg]bool{}
	for i := 1; i < len(rt.visits); i++ {
		l := leg{rt.visits[i-1].node, rt.visits[i].node}
		if l.a != l.b && !seen[l] {
			seen[l] = true
			rt.legs = append(rt.legs, l)
		}
	}
}

func (rt *route) lastVisit() *visit { return &rt.visits[len(rt.visits)-1] }

// legItems returns the item indexes of a leg, -1 for home, ItemVehicle
// for where the vehicle is.
func (rt *route) legItems(l leg) (int, int) { return rt.nodes[l.a].item, rt.nodes[l.b].item }

// flown reports whether the route visits node k (home is not visited by
// a route that starts where the vehicle is and does not return).
func (rt *route) flown(k int) bool {
	for _, v := range rt.visits {
		if v.node == k {
			return true
		}
	}
	return false
}

// Navigation commands the model keeps as mission.Command that fly to the
// position in their params (MAV_CMD numbers).
const (
	cmdContinueChangeAlt = 30
	cmdArcWaypoint       = 36
	cmdSplineWaypoint    = 82
	cmdVTOLTakeoff       = 84
	cmdVTOLLand          = 85
)

// flownPosition is where a navigation item flies: its position, or for a
// navigation command the model does not name (an arc or spline waypoint,
// LOITER_TO_ALT, a VTOL take-off or landing) the position its params
// hold in a global frame. A region of interest is looked at, not flown to.
func flownPosition(it mission.Item) (mission.Position, bool) {
	if c, ok := it.(mission.Command); ok {
		switch c.Command {
		case cmdContinueChangeAlt, cmdLoiterToAlt, cmdArcWaypoint, cmdSplineWaypoint, cmdVTOLTakeoff, cmdVTOLLand:
			pos, global := mission.RawItem{Command: c.Command, Frame: c.Frame, Params: c.Params}.Position()
			return pos, global
		}
		return mission.Position{}, false
	}
	if it.Kind() == mission.KindROI {
		return mission.Position{}, false
	}
	return mission.PositionOf(it)
}

// isTakeoff reports whether it is a take-off, VTOL or not.
func isTakeoff(it mission.Item) bool {
	c, ok := it.(mission.Command)
	return it.Kind() == mission.KindTakeoff || (ok && c.Command == cmdVTOLTakeoff)
}

// isLanding reports whether it is a landing, VTOL or not: the mission ends there.
func isLanding(it mission.Item) bool {
	c, ok := it.(mission.Command)
	return it.Kind() == mission.KindLand || (ok && c.Command == cmdVTOLLand)
}
