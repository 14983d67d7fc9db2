package airspace

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"skerry/mission/local"
)

// Index finds zones by position. It indexes each volume's bounding box in
// an R-tree and checks candidates precisely in a local metric projection.
// Only horizontal projections are checked: vertical limits need terrain
// for AGL and are left to the caller, volume by volume (AlongWhere). A
// point on a boundary is inside. An Index is read-only after NewIndex and
// safe for concurrent use.
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
func (ix *Index) search(b orb.Bound, hit func(z *Zone, v *Volume) bool) []*Zone {
	var found []int32
	ix.tree.Search(b.Min, b.Max, func(_, _ [2]float64, r ref) bool {
		if slices.Contains(found, r.zone) {
			return true
		}
		z := &ix.zones[r.zone]
		if hit == nil || hit(z, &z.Volumes[r.vol]) {
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
	pr := local.New(p)
	o := pr.XY(p)
	return ix.search(orb.Bound{Min: p, Max: p}, func(_ *Zone, v *Volume) bool { return distance(pr, v, o, o) <= 1e-6 })
}

// Along returns the zones with a volume within margin metres of the leg
// a→b (the leg buffered by margin meets the volume). Negative margins are
// taken as 0.
func (ix *Index) Along(a, b orb.Point, margin float64) []*Zone {
	return ix.AlongWhere(a, b, margin, nil)
}

// Near is one volume of a zone within the margin of a leg a→b, with the
// part of the leg that comes that close: fractions From ≤ To of the way
// from a to b. For a circle the part is exact; for a polygon it is the leg
// clipped to the polygon's box grown by the margin (an outer bound).
type Near struct {
	Zone     *Zone
	Volume   *Volume
	From, To float64
}

// AlongWhere is Along keeping only the zones with a nearby volume for
// which keep is true (nil keep: every one). A zone of several volumes
// (layers) is in the answer when one of its volumes is near and kept:
// each layer is tested with its own horizontal projection, so a caller
// that compares heights in keep tests each layer in 3D.
func (ix *Index) AlongWhere(a, b orb.Point, margin float64, keep func(Near) bool) []*Zone {
	margin = math.Max(margin, 0)
	pr := local.New(orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2})
	pa, pb := pr.XY(a), pr.XY(b)
	box := orb.MultiPoint{a, b}.Bound()
	dLat := margin / metresPerDegree
	dLon := margin / (metresPerDegree * math.Max(math.Cos(math.Max(math.Abs(box.Min[1]), math.Abs(box.Max[1]))*math.Pi/180), 1e-6))
	box.Min, box.Max = orb.Point{box.Min[0] - dLon, box.Min[1] - dLat}, orb.Point{box.Max[0] + dLon, box.Max[1] + dLat}
	return ix.search(box, func(z *Zone, v *Volume) bool {
		if distance(pr, v, pa, pb) > margin {
			return false
		}
		if keep == nil {
			return true
		}
		from, to := span(pr, v, pa, pb, margin)
		return keep(Near{Zone: z, Volume: v, From: from, To: to})
	})
}

// distance returns the distance in metres from the segment a→b to the
// volume's horizontal projection: 0 when they meet.
func distance(pr local.Projection, v *Volume, a, b local.XY) float64 {
	if v.Circle != nil {
		return math.Max(local.SegDist(pr.XY(v.Circle.Center), a, b)-v.Circle.Radius, 0)
	}
	if inside(pr, v.Polygon, a) || inside(pr, v.Polygon, b) {
		return 0
	}
	d := math.Inf(1)
	for _, r := range v.Polygon {
		for i := 1; i < len(r); i++ {
			d = math.Min(d, local.SegSegDist(a, b, pr.XY(r[i-1]), pr.XY(r[i])))
		}
	}
	return d
}

// inside reports whether q is inside the polygon's outer ring and outside
// its holes (even-odd). Boundary cases are settled by the caller through
// distance 0 to an edge.
func inside(pr local.Projection, poly orb.Polygon, q local.XY) bool {
	if len(poly) == 0 || !pr.InRing(poly[0], q) {
		return false
	}
	for _, h := range poly[1:] {
		if pr.InRing(h, q) {
			return false
		}
	}
	return true
}
