package gcs

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Surface says where land is, for the things the station places on the
// sea (vessel contacts from the cameras). video declares no land of its
// own: the station hands it one.
type Surface interface {
	// Shore is the signed distance from (lat, lon) to the nearest shore,
	// metres: positive on land (how far inland), negative at sea (how far
	// out), 0 on the shore; -Inf where the surface knows no shore.
	Shore(lat, lon float64) float64
}

// LandArea is one polygon of land and the rectangle it was cut to (a
// scenario's "clip": inside it the land polygons are all the land there
// is). Edges of the polygon along its clip rectangle are cuts, not
// shore. A zero Clip means the polygon was not cut.
type LandArea struct {
	Polygon orb.Polygon // [lon, lat] rings: the outer ring, then holes (water)
	Clip    orb.Bound
}

// Land is an index of land polygons and of built shores (the outlines of
// port areas, whose quays and breakwaters are shore although the area
// inside them, basins included, is not land): a bounding-box prefilter,
// orb's point-in-polygon, and distances to the shore edges in local
// metres. Its polygons are tested in turn, which suits a scenario's few
// hundred vertices (a country's coast at 1:1M clipped to an area); a
// continent's coast would want a spatial index of edges. The zero Land
// (and a nil *Land) has no land. A Land is read-only after NewLand and
// safe for concurrent use.
type Land struct {
	areas []landArea
	built []orb.Ring
}

type landArea struct {
	poly  orb.Polygon
	bound orb.Bound
	clip  orb.Bound
	cut   bool // clip is set
}

// NewLand indexes land polygons and built shores (rings: port outlines).
// Polygons whose outer ring has fewer than three points are left out, as
// are built rings of fewer than two.
func NewLand(areas []LandArea, built []orb.Ring) *Land {
	l := &Land{}
	for _, r := range built {
		if len(r) >= 2 {
			l.built = append(l.built, r)
		}
	}
	for _, a := range areas {
		if len(a.Polygon) == 0 || len(a.Polygon[0]) < 3 {
			continue
		}
		l.areas = append(l.areas, landArea{poly: a.Polygon, bound: a.Polygon.Bound(), clip: a.Clip, cut: a.Clip != orb.Bound{}})
	}
	return l
}

// Len is the number of land polygons indexed (built shores apart).
func (l *Land) Len() int {
	if l == nil {
		return 0
	}
	return len(l.areas)
}

// Empty reports whether the Land knows no shore at all: no land polygon
// and no built shore.
func (l *Land) Empty() bool { return l == nil || len(l.areas) == 0 && len(l.built) == 0 }

// Shore implements Surface. A point on a polygon's edge is on the shore
// (0); a point in a hole (a lake) is at sea. Inland, the distance is to
// the shore of the polygon that holds the point: a port's outline is no
// shore there (where it crosses land it is the port's landward limit,
// and where it lies at sea the coast is nearer). At sea, the distance is
// to every shore, built ones included. Where land polygons touch (a land border), the
// border counts as shore, so a point near a border is reported less far
// inland than it is: the safe side for a filter that drops what lies
// inland. A point on land whose polygon has only cuts along its clip is
// 0 (nothing says where its shore is).
func (l *Land) Shore(lat, lon float64) float64 {
	if l == nil || !finite(lat, lon) {
		return math.Inf(-1)
	}
	p := orb.Point{lon, lat}
	m := newMetres(p)
	for i := range l.areas {
		a := &l.areas[i]
		if a.bound.Contains(p) && planar.PolygonContains(a.poly, p) {
			d := a.shore(m)
			if math.IsInf(d, 1) {
				return 0
			}
			return d
		}
	}
	best := math.Inf(1)
	for i := range l.areas {
		best = min(best, l.areas[i].shore(m))
	}
	for _, r := range l.built {
		best = min(best, m.toRing(r, nil))
	}
	return -best // -Inf: no shore known
}

// shore is the distance in metres from m's point to the nearest of the
// area's edges that is not a cut along its clip rectangle (+Inf: none).
func (a *landArea) shore(m metres) float64 {
	skip := func(p, q orb.Point) bool { return a.cut && a.along(p, q) }
	best := math.Inf(1)
	for _, r := range a.poly {
		best = min(best, m.toRing(r, skip))
	}
	return best
}

// metres measures from a point in a local east/north frame, metres.
type metres struct {
	p      orb.Point
	kx, ky float64 // metres per degree of longitude and of latitude here
}

func newMetres(p orb.Point) metres {
	return metres{p: p, kx: earthRadius * degToRad * math.Cos(p[1]*degToRad), ky: earthRadius * degToRad}
}

func (m metres) local(q orb.Point) orb.Point {
	return orb.Point{(q[0] - m.p[0]) * m.kx, (q[1] - m.p[1]) * m.ky}
}

// toRing is the distance to the nearest edge of r that skip (if set)
// does not leave out; +Inf when none.
func (m metres) toRing(r []orb.Point, skip func(p, q orb.Point) bool) float64 {
	best := math.Inf(1)
	for i := 0; i+1 < len(r); i++ {
		if skip != nil && skip(r[i], r[i+1]) {
			continue
		}
		best = min(best, planar.DistanceFromSegment(m.local(r[i]), m.local(r[i+1]), orb.Point{}))
	}
	return best
}

// clipTolerance is how near (degrees, about 1 m) an edge's ends must be
// to one side of the clip rectangle for the edge to be a cut.
const clipTolerance = 1e-5

// along reports whether the edge a→b lies on one side of the area's clip
// rectangle.
func (a *landArea) along(p, q orb.Point) bool {
	on := func(x, y, edge float64) bool {
		return math.Abs(x-edge) < clipTolerance && math.Abs(y-edge) < clipTolerance
	}
	c := a.clip
	return on(p[0], q[0], c.Min[0]) || on(p[0], q[0], c.Max[0]) || on(p[1], q[1], c.Min[1]) || on(p[1], q[1], c.Max[1])
}
