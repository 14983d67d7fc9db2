package planner

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/local"
)

// Common holds the options every planner shares. Zero values mean the
// documented defaults.
type Common struct {
	// Name names the plan ("" = the planner's name).
	Name string
	// Altitude is the cruise height in metres (default 60).
	Altitude float64
	// AltRef is the reference of every height (default relative to home).
	AltRef mission.AltRef
	// Speed is the cruise speed in m/s, set by a speed change after take-off
	// (default 10).
	Speed float64
	// MaxAltitude caps every height and becomes the fence ceiling
	// (0 = no cap). A plan above it is refused.
	MaxAltitude float64
	// Margin is the clearance in metres kept from every exclusion zone
	// (default 20).
	Margin float64
	// Exclusions are zones the route must stay out of, with the margin.
	Exclusions []orb.Polygon
	// Area is the operation area the route must stay inside (nil = none).
	Area orb.Polygon
	// Rally points; nil derives one above the start point.
	Rally []orb.Point
	// Tolerance is the simplification tolerance in metres: waypoints that
	// change the route by less are dropped (default 5).
	Tolerance float64
}

// ErrInput reports planner input that cannot make a plan.
var ErrInput = errors.New("planner: invalid input")

// withDefaults fills the zero values.
func (c Common) withDefaults() Common {
	if c.Altitude == 0 {
		c.Altitude = 60
	}
	if c.AltRef == "" {
		c.AltRef = mission.AltRelative
	}
	if c.Speed == 0 {
		c.Speed = 10
	}
	if c.Margin == 0 {
		c.Margin = 20
	}
	if c.Tolerance == 0 {
		c.Tolerance = 5
	}
	return c
}

// builder carries the projection, free space and issues of one planning
// run.
type builder struct {
	c      Common
	proj   local.Projection
	sp     *space
	area   []polyRings // operation area (or a box) in the plane
	excl   []polyRings // exclusion zones in the plane
	issues mission.Issues
}

// newBuilder prepares a run; pts frame the work (with the area and the
// exclusions) and ext is how far beyond them routes may go when there is
// no operation area.
func newBuilder(c Common, pts []orb.Point, ext float64) (*builder, error) {
	c = c.withDefaults()
	if c.MaxAltitude > 0 && c.Altitude > c.MaxAltitude {
		return nil, fmt.Errorf("%w: altitude %g m above the maximum %g m", ErrInput, c.Altitude, c.MaxAltitude)
	}
	bound := orb.MultiPoint(pts).Bound()
	if len(c.Area) > 0 {
		bound = c.Area.Bound()
	}
	b := &builder{c: c, proj: projectionFor(bound)}
	b.area = []polyRings{b.areaRings(pts, ext)}
	for _, e := range c.Exclusions {
		if len(e) > 0 && len(e[0]) >= 3 {
			b.excl = append(b.excl, polyRings{b.proj.Ring(e[0])})
		}
	}
	sp, err := newSpace(b.area, b.excl, c.Margin)
	if err != nil {
		return nil, err
	}
	b.sp = sp
	return b, nil
}

// restrict narrows the free space to region ∩ area (survey areas).
func (b *builder) restrict(region []polyRings) error {
	r, err := intersection(region, b.area)
	if err != nil {
		return err
	}
	if len(r) == 0 {
		return fmt.Errorf("%w: the region lies outside the operation area", ErrInput)
	}
	b.area = r
	b.sp, err = newSpace(r, b.excl, b.c.Margin)
	return err
}

// areaRings returns the operation area in the plane, or a box ext metres
// around pts and the exclusions when there is none.
func (b *builder) areaRings(pts []orb.Point, ext float64) polyRings {
	if len(b.c.Area) > 0 {
		return b.proj.Polygon(b.c.Area)
	}
	bd := orb.MultiPoint(pts).Bound()
	for _, e := range b.c.Exclusions {
		bd = bd.Union(e.Bound())
	}
	lo, hi := b.proj.XY(bd.Min), b.proj.XY(bd.Max)
	lo, hi = lo.Sub(vec{X: ext, Y: ext}), hi.Add(vec{X: ext, Y: ext})
	return polyRings{{lo, {X: hi.X, Y: lo.Y}, hi, {X: lo.X, Y: hi.Y}}}
}

// warnf records a warning issue about the mission.
func (b *builder) warnf(format string, args ...any) {
	b.issues = append(b.issues, mission.Issue{Section: mission.SectionMission, Item: -1, Message: fmt.Sprintf(format, args...), Severity: mission.SeverityWarning})
}

// infof records an informational issue.
func (b *builder) infof(format string, args ...any) {
	b.issues = append(b.issues, mission.Issue{Section: mission.SectionMission, Item: -1, Message: fmt.Sprintf(format, args...), Severity: mission.SeverityInfo})
}

// safe makes a desired path safe and simplifies it, reporting changes.
func (b *builder) safe(pts []vec, what string) []vec {
	out, rep := b.sp.fix(pts)
	if rep.dropped > 0 {
		b.warnf("%s: %d points inside an exclusion margin or outside the area were left out", what, rep.dropped)
	}
	if rep.unreachable > 0 {
		b.warnf("%s: %d points could not be reached inside the free space and were skipped", what, rep.unreachable)
	}
	if rep.detours > 0 {
		b.infof("%s: %d legs bent around exclusion zones or the area edge", what, rep.detours)
	}
	return b.sp.simplify(out, b.c.Tolerance)
}

// step is one waypoint of a route with items to fly right after it.
type step struct {
	p     vec
	after []mission.Item
}

// plan turns steps into a plan at height alt: take-off above the first
// step, a speed change, the waypoints, RTL; fence and rally points.
func (b *builder) plan(name string, steps []step, alt float64) (*mission.Plan, error) {
	if len(steps) == 0 {
		return nil, fmt.Errorf("%w: no reachable waypoint", ErrInput)
	}
	if b.c.MaxAltitude > 0 && alt > b.c.MaxAltitude {
		return nil, fmt.Errorf("%w: altitude %g m above the maximum %g m", ErrInput, alt, b.c.MaxAltitude)
	}
	if b.c.Name != "" {
		name = b.c.Name
	}
	steps = append(steps, b.homeward(steps[len(steps)-1].p, steps[0].p)...)
	a := mission.Altitude{M: alt, Ref: b.c.AltRef}
	start := degE7(b.proj.Point(steps[0].p))
	p := &mission.Plan{Name: name, HoverSpeed: b.c.Speed}
	p.Mission = append(p.Mission,
		mission.Takeoff{Pos: mission.Position{Point: start, Alt: a}, Yaw: nan()},
		mission.SpeedChange{Type: mission.SpeedGround, Speed: b.c.Speed, Throttle: -1})
	for _, s := range steps {
		p.Mission = append(p.Mission, mission.Waypoint{Pos: mission.Position{Point: degE7(b.proj.Point(s.p)), Alt: a}, Yaw: nan()})
		p.Mission = append(p.Mission, s.after...)
	}
	p.Mission = append(p.Mission, mission.RTL{})
	p.Fence = b.fence()
	b.fenceRadius(start, p)
	p.Rally = b.rally(start, a)
	return p, nil
}

// homeward returns the safe way from the last waypoint back to the first
// (the take-off point), so that RTL, which flies straight home, starts
// where home is and never crosses an exclusion zone.
func (b *builder) homeward(last, first vec) []step {
	if local.Dist(last, first) < 1 {
		return nil
	}
	tr, ok := b.sp.route(last, first)
	if !ok {
		b.warnf("no safe way back to the start: RTL flies straight home from the last waypoint")
		return nil
	}
	tr = douglasPeucker(append([]vec{last}, tr...), b.c.Tolerance, b.sp.free)
	b.infof("return leg to the start added before RTL (%.0f m)", pathLength(tr))
	return steps(tr[1:])
}

// fence is the operation area (inclusion) and the exclusion zones.
func (b *builder) fence() mission.Fence {
	var f mission.Fence
	if len(b.c.Area) > 0 {
		f.Zones = append(f.Zones, mission.InclusionPolygon(openRing(b.c.Area[0])))
	}
	for _, e := range b.c.Exclusions {
		if len(e) > 0 && len(e[0]) >= 3 {
			f.Zones = append(f.Zones, mission.ExclusionPolygon(openRing(e[0])))
		}
	}
	if b.c.MaxAltitude > 0 {
		f.Ceiling = &mission.Altitude{M: b.c.MaxAltitude, Ref: b.c.AltRef}
	}
	return f
}

// rally returns the given rally points, or one above start.
func (b *builder) rally(start orb.Point, a mission.Altitude) []mission.RallyPoint {
	if b.c.Rally == nil {
		return []mission.RallyPoint{{Pos: mission.Position{Point: start, Alt: a}}}
	}
	out := make([]mission.RallyPoint, len(b.c.Rally))
	for i, r := range b.c.Rally {
		out[i] = mission.RallyPoint{Pos: mission.Position{Point: r, Alt: a}}
	}
	return out
}

// degE7 rounds a point to MAVLink's 10⁻⁷ degree grid (about 1 cm), which
// the plan is uploaded on anyway; the slack of the free space covers it.
func degE7(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e7) / 1e7, math.Round(p[1]*1e7) / 1e7}
}

// steps wraps points as steps with no extra items.
func steps(pts []vec) []step {
	out := make([]step, len(pts))
	for i, p := range pts {
		out[i] = step{p: p}
	}
	return out
}

// openRing drops the closing vertex of r.
func openRing(r orb.Ring) orb.Ring {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		return append(orb.Ring{}, r[:len(r)-1]...)
	}
	return append(orb.Ring{}, r...)
}
