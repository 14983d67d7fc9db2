package planner

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/local"
)

// PerimeterOptions configures PortPerimeter.
type PerimeterOptions struct {
	Common
	// Offset is the distance kept outside the port polygon, metres
	// (default 150).
	Offset float64
	// Clockwise flies the perimeter clockwise (default counter-clockwise).
	Clockwise bool
	// Start is where the circuit starts (the nearest perimeter point);
	// zero = the vertex nearest the port's first vertex.
	Start orb.Point
	// Spacing between sampled waypoints before simplification, metres
	// (default 200).
	Spacing float64
	// Laps is the number of circuits (default 1).
	Laps int
}

// PortPerimeter plans a closed patrol around port at opt.Offset metres,
// in the chosen direction, avoiding exclusion zones with the margin and
// staying inside the operation area; it ends with RTL.
func PortPerimeter(port orb.Polygon, opt PerimeterOptions) (*mission.Plan, mission.Issues, error) {
	if opt.Offset == 0 {
		opt.Offset = 150
	}
	if opt.Spacing == 0 {
		opt.Spacing = 200
	}
	if opt.Laps == 0 {
		opt.Laps = 1
	}
	if len(port) == 0 || len(port[0]) < 3 || opt.Offset < 0 || opt.Laps < 0 {
		return nil, nil, fmt.Errorf("%w: port needs a ring of ≥ 3 points and a non-negative offset", ErrInput)
	}
	b, err := newBuilder(opt.Common, port[0], 2*opt.Offset+1000)
	if err != nil {
		return nil, nil, err
	}
	ring, err := perimeterRing(b.proj.Ring(port[0]), opt.Offset)
	if err != nil {
		return nil, nil, err
	}
	if (local.RingArea(ring) < 0) != opt.Clockwise {
		ring = reversed(ring)
	}
	start := b.proj.XY(port[0][0])
	if opt.Start != (orb.Point{}) {
		start = b.proj.XY(opt.Start)
	}
	ring = rotateTo(ring, start)
	lap := resample(append(ring, ring[0]), opt.Spacing)
	path := lap
	for i := 1; i < opt.Laps; i++ {
		path = append(path, lap[1:]...)
	}
	path = b.safe(path, "port perimeter")
	p, err := b.plan("port perimeter", steps(path), b.c.Altitude)
	return p, b.issues, err
}

// perimeterRing is the outer ring of the polygon grown by d.
func perimeterRing(shell []vec, d float64) ([]vec, error) {
	ps, err := inflate(polyRings{shell}, d)
	if err != nil {
		return nil, err
	}
	var best []vec
	for _, p := range ps {
		if len(p) > 0 && math.Abs(local.RingArea(p[0])) > math.Abs(local.RingArea(best)) {
			best = p[0]
		}
	}
	if len(best) < 3 {
		return nil, fmt.Errorf("%w: empty perimeter", ErrInput)
	}
	return best, nil
}

// rotateTo rotates the ring to start at its point nearest p (inserted when
// it lies inside an edge). The nearest point is computed here rather than
// by local.SegNearest on purpose: when p is the centre of a rounded
// corner, several edges are equally near and rounding picks one;
// SegNearest rounds differently and would move the start of the golden
// perimeter about 90 m along the arc. A deterministic tie-break belongs
// with a deliberate change of the golden plans.
func rotateTo(ring []vec, p vec) []vec {
	bi, bt, bd := 0, 0.0, math.Inf(1)
	for i := range ring {
		a, c := ring[i], ring[(i+1)%len(ring)]
		d := c.Sub(a)
		t := 0.0
		if l2 := d.Dot(d); l2 > 0 {
			t = math.Max(0, math.Min(1, p.Sub(a).Dot(d)/l2))
		}
		if dd := local.Dist(p, a.Add(d.Scale(t))); dd < bd {
			bi, bt, bd = i, t, dd
		}
	}
	first := ring[bi].Lerp(ring[(bi+1)%len(ring)], bt)
	out := []vec{first}
	for k := 1; k <= len(ring); k++ {
		q := ring[(bi+k)%len(ring)]
		if local.Dist(q, first) > 0.01 {
			out = append(out, q)
		}
	}
	return out
}
