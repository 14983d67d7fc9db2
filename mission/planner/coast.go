package planner

import (
	"fmt"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/local"
)

// Side says on which side of a line something lies, looking along the
// line's direction.
type Side int

// Sides.
const (
	// SideUnset means "detect" (from CoastOptions.Land); without a land
	// polygon it means left.
	SideUnset Side = iota
	// SideLeft is left of the line's direction.
	SideLeft
	// SideRight is right of the line's direction.
	SideRight
)

// Pattern is how a coastline patrol comes back.
type Pattern int

// Patterns.
const (
	// ThereAndBack flies the offset line out and the same line back.
	ThereAndBack Pattern = iota
	// Loop flies out on the offset line and back on a line LoopGap
	// farther out to sea, a closed circuit that sees new water both ways.
	Loop
)

// CoastOptions configures CoastlinePatrol.
type CoastOptions struct {
	Common
	// Offset is the distance out to sea, metres (default 300).
	Offset float64
	// SeaSide is the sea's side of the coastline's direction; ignored when
	// Land is given. Default left.
	SeaSide Side
	// Land, when given, decides the sea side: the side whose points fall
	// outside it.
	Land orb.Polygon
	// Start is where the patrol starts (the nearest point of the offset
	// line is used); zero = the coastline's start.
	Start orb.Point
	// Length of the patrolled stretch along the offset line, metres
	// (0 = to the end of the coastline).
	Length float64
	// Spacing between sampled waypoints before simplification, metres
	// (default 200).
	Spacing float64
	// Pattern is ThereAndBack (default) or Loop.
	Pattern Pattern
	// LoopGap is how much farther out the Loop's return line is, metres
	// (default Offset).
	LoopGap float64
}

func (o CoastOptions) withDefaults() CoastOptions {
	if o.Offset == 0 {
		o.Offset = 300
	}
	if o.Spacing == 0 {
		o.Spacing = 200
	}
	if o.LoopGap == 0 {
		o.LoopGap = o.Offset
	}
	return o
}

// CoastlinePatrol plans a patrol along coast (points [lon, lat]) at
// opt.Offset metres out to sea: take-off at the start, waypoints every
// Spacing metres along the offset line (simplified), back the same way or
// on a loop, RTL. Legs bend around exclusion zones with the margin and
// stay inside the operation area; what had to change is in the issues.
func CoastlinePatrol(coast orb.LineString, opt CoastOptions) (*mission.Plan, mission.Issues, error) {
	b, path, err := coastRoute(coast, opt)
	if err != nil {
		return nil, nil, err
	}
	p, err := b.plan("coastline patrol", steps(path), b.c.Altitude)
	return p, b.issues, err
}

// coastRoute computes the safe patrol path in the plane.
func coastRoute(coast orb.LineString, opt CoastOptions) (*builder, []vec, error) {
	opt = opt.withDefaults()
	b, line, side, out, err := coastBase(coast, opt)
	if err != nil {
		return nil, nil, err
	}
	path := resample(out, opt.Spacing)
	if opt.Pattern == Loop {
		back, err := offsetLine(line, opt.Offset+opt.LoopGap, side)
		if err != nil {
			return nil, nil, err
		}
		s0, s1 := nearestArc(back, out[0]), nearestArc(back, out[len(out)-1])
		path = append(path, reversed(resample(cut(back, s0, s1), opt.Spacing))...)
		path = append(path, path[0])
	} else {
		path = append(path, reversed(path)[1:]...)
	}
	return b, b.safe(path, "coastline patrol"), nil
}

// coastBase prepares a coastline run: the builder, the coastline and sea
// side in the plane, and the one-way offset stretch to patrol.
func coastBase(coast orb.LineString, opt CoastOptions) (b *builder, line []vec, side float64, out []vec, err error) {
	if len(coast) < 2 || opt.Offset < 0 || opt.Spacing < 0 || opt.Length < 0 {
		return nil, nil, 0, nil, fmt.Errorf("%w: coastline needs ≥ 2 points and non-negative offset, spacing, length", ErrInput)
	}
	b, err = newBuilder(opt.Common, coast, 2*(opt.Offset+opt.LoopGap)+1000)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	line = douglasPeucker(b.proj.Line(coast), 2, nil)
	side = b.seaSide(line, opt)
	out, err = offsetLine(line, opt.Offset, side)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	return b, line, side, b.stretch(out, opt), nil
}

// seaSide returns +1 when the sea is left of line, −1 when right.
func (b *builder) seaSide(line []vec, opt CoastOptions) float64 {
	if len(opt.Land) == 0 {
		if opt.SeaSide == SideRight {
			return -1
		}
		return 1
	}
	land := b.proj.Polygon(opt.Land)
	probe := min(opt.Offset/2, 50)
	var leftInLand, n int
	for i := 1; i < len(line); i++ {
		d := line[i].Sub(line[i-1]).Unit()
		if d == (vec{}) {
			continue
		}
		n++
		if local.InPolygon(land, line[i-1].Lerp(line[i], 0.5).Add(d.Perp().Scale(probe))) {
			leftInLand++
		}
	}
	if 2*leftInLand > n {
		b.infof("sea detected on the right of the coastline")
		return -1
	}
	b.infof("sea detected on the left of the coastline")
	return 1
}

// stretch cuts the offset line to Length metres from the point nearest
// Start.
func (b *builder) stretch(out []vec, opt CoastOptions) []vec {
	total := pathLength(out)
	s0 := 0.0
	if opt.Start != (orb.Point{}) {
		s0 = nearestArc(out, b.proj.XY(opt.Start))
	}
	s1 := total
	if opt.Length > 0 {
		s1 = s0 + opt.Length
		if s1 > total {
			b.warnf("route shortened: %.0f m of offset line left after the start, %.0f m asked", total-s0, opt.Length)
			s1 = total
		}
	}
	if s1-s0 < 1 {
		return out[:1]
	}
	return cut(out, s0, s1)
}
