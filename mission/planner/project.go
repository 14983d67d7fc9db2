package planner

import (
	"math"

	"github.com/paulmach/orb"

	"skerry/mission/local"
)

// vec is a point or vector in the local metric plane: X east, Y north,
// metres.
type vec struct{ X, Y float64 }

func (a vec) add(b vec) vec             { return vec{a.X + b.X, a.Y + b.Y} }
func (a vec) sub(b vec) vec             { return vec{a.X - b.X, a.Y - b.Y} }
func (a vec) scale(k float64) vec       { return vec{a.X * k, a.Y * k} }
func (a vec) dot(b vec) float64         { return a.X*b.X + a.Y*b.Y }
func (a vec) cross(b vec) float64       { return a.X*b.Y - a.Y*b.X }
func (a vec) norm() float64             { return math.Hypot(a.X, a.Y) }
func (a vec) dist(b vec) float64        { return a.sub(b).norm() }
func (a vec) perp() vec                 { return vec{-a.Y, a.X} }
func (a vec) lerp(b vec, t float64) vec { return a.add(b.sub(a).scale(t)) }

// unit returns a scaled to length 1 (the zero vector stays zero).
func (a vec) unit() vec {
	n := a.norm()
	if n == 0 {
		return a
	}
	return a.scale(1 / n)
}

// heading returns the unit vector of a compass heading in degrees
// (0 north, 90 east).
func heading(deg float64) vec {
	s, c := math.Sincos(deg * math.Pi / 180)
	return vec{s, c}
}

// projection is the shared local plane (see package local for its
// accuracy); planners keep margins a few metres generous over areas larger
// than ~20 km.
type projection struct{ local.Projection }

// newProjection returns the projection centred on o.
func newProjection(o orb.Point) projection { return projection{local.New(o)} }

// projectionFor centres the projection on the middle of the bound b.
func projectionFor(b orb.Bound) projection { return newProjection(b.Center()) }

// to projects a [lon, lat] point.
func (p projection) to(q orb.Point) vec { return vec(p.XY(q)) }

// from unprojects a plane point to [lon, lat].
func (p projection) from(v vec) orb.Point { return p.Point(local.XY(v)) }

// ring projects an orb ring to an open ring of plane points.
func (p projection) ring(r orb.Ring) []vec {
	out := make([]vec, 0, len(r))
	for _, q := range r {
		out = append(out, p.to(q))
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

// line projects an orb line string.
func (p projection) line(l orb.LineString) []vec {
	out := make([]vec, 0, len(l))
	for _, q := range l {
		out = append(out, p.to(q))
	}
	return out
}

// poly projects a polygon to open rings: shell first, then holes.
func (p projection) poly(pg orb.Polygon) [][]vec {
	out := make([][]vec, 0, len(pg))
	for _, r := range pg {
		out = append(out, p.ring(r))
	}
	return out
}

// back unprojects a list of plane points.
func (p projection) back(pts []vec) []orb.Point {
	out := make([]orb.Point, len(pts))
	for i, v := range pts {
		out[i] = p.from(v)
	}
	return out
}
