// Package local is the one local metric plane every planning package
// works in: an equirectangular projection around an origin (x metres east
// along the origin's parallel, y metres north along the meridian), vector
// arithmetic on its points, and the planar tests (points in rings and
// polygons, segment distances and intersections). Over a port-sized area
// (±10 km) the east scale is off by about Δlat·tan(lat0): at 36°N, 0.11 %
// 10 km north of the origin (11 m over 10 km) and under 0.5 m within
// ±2 km; north–south distances are exact to 0.5 % (a sphere, not WGS84).
// Keep margins a few metres generous over areas larger than ~20 km.
//
// # Points on an edge
//
// A point is on an edge when it lies within Eps (a micrometre) of it,
// vertices included. The band absorbs the rounding of projection and
// intersection arithmetic, so no answer depends on which way a float
// happens to round. There is one rule, from the clearance a route keeps
// from every zone: a boundary is never inside the allowed area.
//
//   - An allowed area (an operation area, an inclusion fence, the free
//     space of a planner) is open: InRing and InPolygon report a point on
//     an edge as outside. A point on a hole's edge is outside the polygon
//     too: the hole's boundary belongs to the hole.
//   - An exclusion zone is closed: a point on its edge (or on the edge of
//     a hole in it) is in the zone. Ask InOrOnRing or InOrOnPolygon.
//   - Circles follow the same rule: InCircle is open, InOrOnCircle closed.
//
// So a position exactly on any boundary is never allowed, whichever side
// it is tested from. A caller that truly needs the other side asks for it
// by name (validation's pilot range is a legal maximum, lawful exactly at
// the limit: InOrOnCircle). Locate and LocatePolygon give all three
// answers (Inside, OnEdge, Outside); EdgeRay is the per-edge step for
// callers that index edges themselves (the planner's free space).
//
// Segments follow the rule too. Meet reports segments that share a point
// or pass within Eps of each other (touching and collinear overlap
// count); Crosses only a proper crossing of their interiors; SegInPolygon
// a segment with no point on or beyond the polygon's boundary.
// SegIntersect gives the parameters of the single point where two
// non-parallel closed segments meet (ends included); parallel segments,
// collinear overlaps included, have no single point and report false:
// test them with Meet.
package local

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadius is the mean Earth radius in metres.
const EarthRadius = 6371008.8

// MetresPerDegree is the length of a degree of latitude on the mean sphere.
const MetresPerDegree = EarthRadius * math.Pi / 180

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

// Ring projects a ring, dropping a closing vertex equal to the first: the
// ring tests take open rings.
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

// Polygon projects a polygon to open rings: shell first, then holes.
func (p Projection) Polygon(pg orb.Polygon) [][]XY {
	out := make([][]XY, 0, len(pg))
	for _, r := range pg {
		out = append(out, p.Ring(r))
	}
	return out
}

// Line projects a line string.
func (p Projection) Line(l orb.LineString) []XY {
	out := make([]XY, 0, len(l))
	for _, q := range l {
		out = append(out, p.XY(q))
	}
	return out
}

// InRing is InRing on a ring of [lon, lat] points, projected on the fly
// (no allocation): strictly inside, a point on an edge is outside.
func (p Projection) InRing(r orb.Ring, q XY) bool {
	in := false
	lo, hi := q.Y-Eps, q.Y+Eps
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := p.XY(r[i]), p.XY(r[j])
		if apart(a.Y, b.Y, lo, hi) {
			continue
		}
		cross, near := ray(a, b, q)
		if near && nearSeg(q, a, b) {
			return false
		}
		in = in != cross
	}
	return in
}
