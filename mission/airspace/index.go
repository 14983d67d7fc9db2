package airspace

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Index finds zones by position. It indexes each volume's bounding box in
// an R-tree and checks candidates precisely in a local metric projection.
// Only the horizontal projection is checked: vertical limits need terrain
// for AGL and are left to the caller. A point on a boundary is inside.
// An Index is read-only after NewIndex and safe for concurrent use.
type Index struct {
	zones []Zone
	tree  rtree.RTreeG[ref]
}

// ref points at one volume of one zone.
type ref struct{ zone, vol int32 }

// NewIndex indexes a copy of zones (the slice, not the volumes).
func NewIndex(zones []Zone) *Index {
	ix := &Index{zones: append([]Zone(nil), zones...)}
	for zi := range ix.zones {
		for vi, v := range ix.zones[zi].Volumes {
			b := v.Bound()
			ix.tree.Insert(b.Min, b.Max, ref{int32(zi), int32(vi)})
		}
	}
	return ix
}

// Len returns the number of zones.
func (ix *Index) Len() int { return len(ix.zones) }

// search returns the zones with a volume whose box meets b and for which
// hit is true, each zone once, in index order.
func (ix *Index) search(b orb.Bound, hit func(v *Volume) bool) []*Zone {
	var found []int32
	ix.tree.Search(b.Min, b.Max, func(_, _ [2]float64, r ref) bool {
		if slices.Contains(found, r.zone) {
			return true
		}
		if hit == nil || hit(&ix.zones[r.zone].Volumes[r.vol]) {
			found = append(found, r.zone)
		}
		return true
	})
	slices.Sort(found)
	out := make([]*Zone, len(found))
	for i, zi := range found {
		out[i] = &ix.zones[zi]
	}
	return out
}

// Query returns the zones whose bounding boxes meet b.
func (ix *Index) Query(b orb.Bound) []*Zone { return ix.search(b, nil) }

// At returns the zones with a volume containing the point (lon, lat).
func (ix *Index) At(lon, lat float64) []*Zone {
	p := orb.Point{lon, lat}
	pr := newProj(p)
	o := pr.to(p)
	return ix.search(orb.Bound{Min: p, Max: p}, func(v *Volume) bool { return pr.distance(v, o, o) <= 1e-6 })
}

// Along returns the zones with a volume within margin metres of the leg
// a→b (the leg buffered by margin meets the volume). Negative margins are
// taken as 0.
func (ix *Index) Along(a, b orb.Point, margin float64) []*Zone {
	margin = math.Max(margin, 0)
	pr := newProj(orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2})
	pa, pb := pr.to(a), pr.to(b)
	box := orb.MultiPoint{a, b}.Bound()
	dLat := margin / metresPerDegree
	dLon := margin / (metresPerDegree * math.Max(math.Cos(math.Max(math.Abs(box.Min[1]), math.Abs(box.Max[1]))*math.Pi/180), 1e-6))
	box.Min, box.Max = orb.Point{box.Min[0] - dLon, box.Min[1] - dLat}, orb.Point{box.Max[0] + dLon, box.Max[1] + dLat}
	return ix.search(box, func(v *Volume) bool { return pr.distance(v, pa, pb) <= margin })
}

// xy is a point in metres east and north of the projection origin.
type xy struct{ x, y float64 }

// proj is an equirectangular projection around an origin: within a
// fraction of a percent over the tens of kilometres of a patrol.
type proj struct{ lon0, lat0, kx, ky float64 }

func newProj(o orb.Point) proj {
	return proj{lon0: o[0], lat0: o[1], kx: metresPerDegree * math.Cos(o[1]*math.Pi/180), ky: metresPerDegree}
}

func (p proj) to(q orb.Point) xy { return xy{(q[0] - p.lon0) * p.kx, (q[1] - p.lat0) * p.ky} }

// distance returns the distance in metres from the segment a→b to the
// volume's horizontal projection: 0 when they meet.
func (p proj) distance(v *Volume, a, b xy) float64 {
	if v.Circle != nil {
		return math.Max(segDist(p.to(v.Circle.Center), a, b)-v.Circle.Radius, 0)
	}
	if p.inside(v.Polygon, a) || p.inside(v.Polygon, b) {
		return 0
	}
	d := math.Inf(1)
	for _, r := range v.Polygon {
		for i := 1; i < len(r); i++ {
			d = math.Min(d, segSegDist(a, b, p.to(r[i-1]), p.to(r[i])))
		}
	}
	return d
}

// inside reports whether q is inside the polygon's outer ring and outside
// its holes (even-odd). Boundary cases are settled by the caller through
// distance 0 to an edge.
func (p proj) inside(poly orb.Polygon, q xy) bool {
	if len(poly) == 0 || !p.inRing(poly[0], q) {
		return false
	}
	for _, h := range poly[1:] {
		if p.inRing(h, q) {
			return false
		}
	}
	return true
}

func (p proj) inRing(r orb.Ring, q xy) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := p.to(r[i]), p.to(r[j])
		if (a.y > q.y) != (b.y > q.y) && q.x < (b.x-a.x)*(q.y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}

// segDist is the distance from q to the segment a→b.
func segDist(q, a, b xy) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((q.x-a.x)*dx+(q.y-a.y)*dy)/l2))
	}
	return math.Hypot(q.x-a.x-t*dx, q.y-a.y-t*dy)
}

// segSegDist is the distance between segments a→b and c→d.
func segSegDist(a, b, c, d xy) float64 {
	if crosses(a, b, c, d) {
		return 0
	}
	return math.Min(math.Min(segDist(a, c, d), segDist(b, c, d)), math.Min(segDist(c, a, b), segDist(d, a, b)))
}

// crosses reports whether segments a→b and c→d properly cross.
func crosses(a, b, c, d xy) bool {
	cross := func(o, p, q xy) float64 { return (p.x-o.x)*(q.y-o.y) - (p.y-o.y)*(q.x-o.x) }
	d1, d2 := cross(c, d, a), cross(c, d, b)
	d3, d4 := cross(a, b, c), cross(a, b, d)
	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}
