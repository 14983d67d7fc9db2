// Package local is the one local metric plane every planning package
// works in: an equirectangular projection around an origin (x metres east
// along the origin's parallel, y metres north along the meridian) and the
// planar tests on it. Over a port-sized area (±10 km) the east scale is off
// by about Δlat·tan(lat0): at 36°N, 0.11 % 10 km north of the origin (11 m
// over 10 km) and under 0.5 m within ±2 km; north–south distances are
// exact to 0.5 % (a sphere, not WGS84). Keep margins a few metres generous
// over areas larger than ~20 km.
package local

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadius is the mean Earth radius in metres.
const EarthRadius = 6371008.8

// MetresPerDegree is the length of a degree of latitude on the mean sphere.
const MetresPerDegree = EarthRadius * math.Pi / 180

// XY is a point in metres east (X) and north (Y) of the origin.
type XY struct{ X, Y float64 }

// Projection maps [lon, lat] degrees to the plane around an origin.
type Projection struct{ lon0, lat0, kx, ky float64 }

// New returns the projection centred on origin ([lon, lat]).
func New(origin orb.Point) Projection {
	return Projection{lon0: origin[0], lat0: origin[1], kx: MetresPerDegree * math.Cos(origin[1]*math.Pi/180), ky: MetresPerDegree}
}

// XY projects a [lon, lat] point.
func (p Projection) XY(q orb.Point) XY { return XY{(q[0] - p.lon0) * p.kx, (q[1] - p.lat0) * p.ky} }

// Point unprojects a plane point to [lon, lat].
func (p Projection) Point(v XY) orb.Point { return orb.Point{p.lon0 + v.X/p.kx, p.lat0 + v.Y/p.ky} }

// Ring projects a ring, dropping a closing vertex equal to the first.
func (p Projection) Ring(r orb.Ring) []XY {
	out := make([]XY, 0, len(r))
	for _, q := range r {
		out = append(out, p.XY(q))
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

// Dist is the distance between two points.
func Dist(a, b XY) float64 { return math.Hypot(b.X-a.X, b.Y-a.Y) }

// InRing is the even-odd point-in-ring test; the ring may be open or
// closed. Points on an edge may go either way: callers that care test the
// distance to the edges.
func InRing(r []XY, q XY) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.Y > q.Y) != (b.Y > q.Y) && q.X < (b.X-a.X)*(q.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

// InRing is InRing on a ring of [lon, lat] points, projected on the fly
// (no allocation).
func (p Projection) InRing(r orb.Ring, q XY) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := p.XY(r[i]), p.XY(r[j])
		if (a.Y > q.Y) != (b.Y > q.Y) && q.X < (b.X-a.X)*(q.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

// SegDist is the distance from q to the segment a→b.
func SegDist(q, a, b XY) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((q.X-a.X)*dx+(q.Y-a.Y)*dy)/l2))
	}
	return math.Hypot(q.X-a.X-t*dx, q.Y-a.Y-t*dy)
}

// Cross reports whether segments a→b and c→d properly cross (touching is
// not crossing).
func Cross(a, b, c, d XY) bool {
	side := func(o, p, q XY) float64 { return (p.X-o.X)*(q.Y-o.Y) - (p.Y-o.Y)*(q.X-o.X) }
	d1, d2 := side(c, d, a), side(c, d, b)
	d3, d4 := side(a, b, c), side(a, b, d)
	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

// Meet reports whether segments a→b and c→d cross or touch (within a
// micrometre).
func Meet(a, b, c, d XY) bool {
	const eps = 1e-6
	return Cross(a, b, c, d) || SegDist(a, c, d) < eps || SegDist(b, c, d) < eps || SegDist(c, a, b) < eps || SegDist(d, a, b) < eps
}

// SegSegDist is the distance between segments a→b and c→d, 0 when they
// cross.
func SegSegDist(a, b, c, d XY) float64 {
	if Cross(a, b, c, d) {
		return 0
	}
	return math.Min(math.Min(SegDist(a, c, d), SegDist(b, c, d)), math.Min(SegDist(c, a, b), SegDist(d, a, b)))
}
