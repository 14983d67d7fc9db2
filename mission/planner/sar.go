package planner

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/local"
)

// Search patterns from IAMSAR Vol. II/III (section "Search patterns"):
// expanding square (SS), sector search (VS) and creeping line (CS), plus a
// plain orbit. All turns are to the right, as IAMSAR standardises. Like
// every planner, the patterns keep the margin from exclusion zones
// (points inside are left out, legs bend around) and stay inside the
// operation area, and the issues say what changed.

// Defaults of the search patterns, applied to zero options.
const (
	DefaultOrbitRadius  = 200.0 // m
	DefaultOrbitTurns   = 3.0
	DefaultTrackSpacing = 200.0 // m, expanding square and creeping line
	DefaultSquareLegs   = 12
	DefaultSectorRadius = 1000.0 // m
	DefaultSectors      = 9
)

// OrbitOptions tune Orbit; zero values are the defaults.
type OrbitOptions struct {
	Common
	// Radius of the circle, m (default DefaultOrbitRadius).
	Radius float64
	// Turns flown (default DefaultOrbitTurns).
	Turns float64
}

// SquareOptions tune ExpandingSquare; zero values are the defaults.
type SquareOptions struct {
	Common
	// Spacing between tracks, m (default DefaultTrackSpacing).
	Spacing float64
	// Legs flown (default DefaultSquareLegs).
	Legs int
	// Heading of the first leg, compass degrees (default north).
	Heading float64
}

// SectorOptions tune SectorSearch; zero values are the defaults.
type SectorOptions struct {
	Common
	// Radius of the pattern, m (default DefaultSectorRadius).
	Radius float64
	// Sectors flown (default DefaultSectors).
	Sectors int
	// Heading of the first leg, compass degrees (default north).
	Heading float64
}

// CreepingOptions tune CreepingLineArea; zero values are the defaults.
type CreepingOptions struct {
	Common
	// Spacing between legs, m (default DefaultTrackSpacing).
	Spacing float64
}

// orDefault is v, or d when v is 0; negative stays, for the planner to refuse.
func orDefault[T int | float64](v, d T) T {
	if v == 0 {
		return d
	}
	return v
}

// Orbit plans a loiter of turns circles of radius metres around center at
// Common.Altitude: a waypoint on the circle's north point, then
// LOITER_TURNS. The whole circle must be free.
func Orbit(center orb.Point, o OrbitOptions) (*mission.Plan, mission.Issues, error) {
	radius, turns, opt := orDefault(o.Radius, DefaultOrbitRadius), orDefault(o.Turns, DefaultOrbitTurns), o.Common
	if radius <= 0 || turns <= 0 || opt.Altitude < 0 || math.IsNaN(radius+turns) {
		return nil, nil, fmt.Errorf("%w: orbit radius, altitude and turns must be > 0", ErrInput)
	}
	b, err := newBuilder(opt, []orb.Point{center}, 2*radius+1000)
	if err != nil {
		return nil, nil, err
	}
	c := b.proj.XY(center)
	circle := disk(c, radius, circleSides(radius))
	for i, q := range circle {
		if !b.sp.inside(q) || !b.sp.free(q, circle[(i+1)%len(circle)]) {
			return nil, nil, fmt.Errorf("%w: the orbit comes within the margin of an exclusion zone or leaves the area", ErrInput)
		}
	}
	alt := b.c.Altitude
	loiter := mission.Loiter{Pos: mission.Position{Point: center, Alt: mission.Altitude{M: alt, Ref: b.c.AltRef}},
		Mode: mission.LoiterTurns, Turns: turns, Radius: radius, Param4: 0}
	p, err := b.plan("orbit", []step{{p: c.Add(vec{X: 0, Y: radius}), after: []mission.Item{loiter}}}, alt)
	return p, b.issues, err
}

// ExpandingSquare plans an IAMSAR expanding square search (SS) from datum:
// legs of S, S, 2S, 2S, 3S, … (S = trackSpacing metres), the first on
// firstHeading (compass degrees, usually into the wind), every turn 90°
// to the right.
func ExpandingSquare(datum orb.Point, o SquareOptions) (*mission.Plan, mission.Issues, error) {
	trackSpacing, legs, firstHeading, opt := orDefault(o.Spacing, DefaultTrackSpacing), orDefault(o.Legs, DefaultSquareLegs), o.Heading, o.Common
	if trackSpacing <= 0 || legs <= 0 || math.IsNaN(trackSpacing) {
		return nil, nil, fmt.Errorf("%w: track spacing and legs must be > 0", ErrInput)
	}
	pts := []vec{{}}
	for i := 0; i < legs; i++ {
		l := trackSpacing * float64(i/2+1)
		pts = append(pts, pts[i].Add(heading(firstHeading+90*float64(i)).Scale(l)))
	}
	return patternPlan("expanding square search", datum, pts, opt)
}

// SectorSearch plans an IAMSAR sector search (VS) from datum: each sector
// is a triangle — out radius metres, turn right 120°, a cross leg of
// radius, turn right 120°, back to datum — and the next triangle
// continues straight through the datum. Three triangles make a full
// pattern; each further pattern is turned 30° right so its legs fall
// between the previous ones. firstHeading is the first leg's compass
// direction.
func SectorSearch(datum orb.Point, o SectorOptions) (*mission.Plan, mission.Issues, error) {
	radius, sectors, firstHeading, opt := orDefault(o.Radius, DefaultSectorRadius), orDefault(o.Sectors, DefaultSectors), o.Heading, o.Common
	if radius <= 0 || sectors <= 0 || math.IsNaN(radius) {
		return nil, nil, fmt.Errorf("%w: radius and sectors must be > 0", ErrInput)
	}
	pts := []vec{{}}
	for k := 0; k < sectors; k++ {
		h := firstHeading + 240*float64(k%3) + 30*float64(k/3)
		p1 := heading(h).Scale(radius)
		p2 := p1.Add(heading(h + 120).Scale(radius))
		pts = append(pts, p1, p2, vec{})
	}
	return patternPlan("sector search", datum, pts, opt)
}

// CreepingLine plans an IAMSAR creeping line search (CS) from start: legs
// of legLength metres across the major axis (compass degrees), joined by
// cross legs of spacing metres that creep along the major axis; the first
// leg runs to the right of the major axis.
func CreepingLine(start orb.Point, majorAxis, spacing, legLength float64, legs int, opt Common) (*mission.Plan, mission.Issues, error) {
	if spacing <= 0 || legLength <= 0 || legs <= 0 {
		return nil, nil, fmt.Errorf("%w: spacing, leg length and legs must be > 0", ErrInput)
	}
	along, across := heading(majorAxis), heading(majorAxis+90)
	pts := []vec{{}}
	for i := 0; i < legs; i++ {
		cur := pts[len(pts)-1]
		if i > 0 {
			cur = cur.Add(along.Scale(spacing))
			pts = append(pts, cur)
		}
		sign := 1.0
		if i%2 == 1 {
			sign = -1
		}
		pts = append(pts, cur.Add(across.Scale(sign*legLength)))
	}
	return patternPlan("creeping line search", start, pts, opt)
}

// CreepingLineArea plans a creeping line search over area: the major axis
// is the area's longest direction (principal axis of its vertices) and
// the legs, spacing metres apart, run across it, clipped to the area like
// a survey (no camera items).
func CreepingLineArea(area orb.Polygon, o CreepingOptions) (*mission.Plan, mission.Issues, error) {
	spacing, opt := orDefault(o.Spacing, DefaultTrackSpacing), o.Common
	if len(area) == 0 || len(area[0]) < 4 || spacing <= 0 || math.IsNaN(spacing) {
		return nil, nil, fmt.Errorf("%w: area needs a closed ring and spacing > 0", ErrInput)
	}
	pr := projectionFor(area.Bound())
	major := principalAxis(pr.Ring(area[0]))
	return Survey(area, SurveyOptions{Common: opt, Spacing: spacing, Angle: major + 90})
}

// principalAxis returns the compass direction of the main axis of pts.
func principalAxis(pts []vec) float64 {
	var c vec
	for _, p := range pts {
		c = c.Add(p)
	}
	c = c.Scale(1 / float64(len(pts)))
	var sxx, syy, sxy float64
	for _, p := range pts {
		d := p.Sub(c)
		sxx, syy, sxy = sxx+d.X*d.X, syy+d.Y*d.Y, sxy+d.X*d.Y
	}
	theta := 0.5 * math.Atan2(2*sxy, sxx-syy) // from east, counter-clockwise
	return math.Mod(90-theta*180/math.Pi+360, 180)
}

// patternPlan places pattern points (metres from datum) and plans them.
func patternPlan(name string, datum orb.Point, rel []vec, opt Common) (*mission.Plan, mission.Issues, error) {
	pr := local.New(datum)
	var span float64
	for _, p := range rel {
		span = math.Max(span, p.Norm())
	}
	ll := make([]orb.Point, len(rel))
	for i, v := range rel {
		ll[i] = pr.Point(v)
	}
	b, err := newBuilder(opt, append(ll, datum), span+1000)
	if err != nil {
		return nil, nil, err
	}
	pts := make([]vec, len(ll))
	for i, q := range ll {
		pts[i] = b.proj.XY(q)
	}
	path := b.safe(pts, name)
	p, err := b.plan(name, steps(path), b.c.Altitude)
	return p, b.issues, err
}
