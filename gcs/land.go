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
	// Inland is how far (lat, lon) lies inside land, in metres from the
	// nearest shore; 0 at sea, on the shore, and where the surface knows
	// nothing.
	Inland(lat, lon float64) float64
}

// LandArea is one polygon of land and the rectangle it was cut to (a
// scenario's "clip": inside it the land polygons are all the land there
// is). Edges of the polygon along its clip rectangle are cuts, not
// shore. A zero Clip means the polygon was not cut.
type LandArea struct {
	Polygon orb.Polygon // [lon, lat] rings: the outer ring, then holes (water)
	Clip    orb.Bound
}

// Land is an index of land polygons: a bounding-box prefilter, then
// orb's point-in-polygon and the distance to the polygon's shore edges
// in local metres. Its polygons are tested in turn, which suits a
// scenario's few hundred vertices (a country's coast at 1:1M clipped to
// an area); a continent's coast would want a spatial index of edges.
// The zero Land (and a nil *Land) has no land. A Land is read-only after
// NewLand and safe for concurrent use.
type Land struct {
	areas []landArea
}

type landArea struct {
	poly  orb.Polygon
	bound orb.Bound
	clip  orb.Bound
	cut   bool // clip is set
}

// NewLand indexes land polygons. Polygons with no ring of at least three
// distinct corners are left out.
func NewLand(areas []LandArea) *Land {
	l := &Land{}
	for _, a := range areas {
		if len(a.Polygon) == 0 || len(a.Polygon[0]) < 3 {
			continue
		}
		l.areas = append(l.areas, landArea{poly: a.Polygon, bound: a.Polygon.Bound(), clip: a.Clip, cut: a.Clip != orb.Bound{}})
	}
	return l
}

// Len is the number of land polygons indexed.
func (l *Land) Len() int {
	if l == nil {
		return 0
	}
	return len(l.areas)
}

// Inland implements Surface. A point on a polygon's edge is on the shore
// (0); a point in a hole (a lake, a basin) is at sea. Where land
// polygons touch (a land border), the border counts as shore, so a point
// near a border is reported less far inland than it is: the safe side
// for a filter that drops what lies inland.
func (l *Land) Inland(lat, lon float64) float64 {
	if l == nil || !finite(lat, lon) {
		return 0
	}
	p := orb.Point{lon, lat}
	for i := range l.areas {
		a := &l.areas[i]
		if !a.bound.Contains(p) || !planar.PolygonContains(a.poly, p) {
			continue
		}
		return a.shore(p)
	}
	return 0
}

// shore is the distance in metres from p, inside the area, to the
// nearest of its edges that is not a cut along its clip rectangle.
func (a *landArea) shore(p orb.Point) float64 {
	kx := earthRadius * degToRad * math.Cos(p[1]*degToRad) // metres per degree of longitude here
	ky := earthRadius * degToRad
	local := func(q orb.Point) orb.Point { return orb.Point{(q[0] - p[0]) * kx, (q[1] - p[1]) * ky} }
	best := math.Inf(1)
	for _, r := range a.poly {
		for i := 0; i+1 < len(r); i++ {
			if a.cut && a.along(r[i], r[i+1]) {
				continue
			}
			best = min(best, planar.DistanceFromSegment(local(r[i]), local(r[i+1]), orb.Point{}))
		}
	}
	if math.IsInf(best, 1) {
		return 0 // all cuts: nothing says where the shore is
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
