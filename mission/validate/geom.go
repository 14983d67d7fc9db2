package validate

import (
	"math"

	"github.com/paulmach/orb"
)

// metresPerDegree is the length of a degree of latitude on a sphere of the
// mean Earth radius.
const metresPerDegree = 6371008.8 * math.Pi / 180

// xy is a point in metres east and north of the projection origin.
type xy struct{ x, y float64 }

// proj is an equirectangular projection around an origin: well under a
// metre of error over the few tens of kilometres of a patrol. Check projects
// every position once.
type proj struct{ lon0, lat0, kx, ky float64 }

func newProj(o orb.Point) proj {
	return proj{lon0: o[0], lat0: o[1], kx: metresPerDegree * math.Cos(o[1]*math.Pi/180), ky: metresPerDegree}
}

func (p proj) to(q orb.Point) xy { return xy{(q[0] - p.lon0) * p.kx, (q[1] - p.lat0) * p.ky} }

func (p proj) from(q xy) orb.Point { return orb.Point{p.lon0 + q.x/p.kx, p.lat0 + q.y/p.ky} }

func dist(a, b xy) float64 { return math.Hypot(b.x-a.x, b.y-a.y) }

func lerp(a, b xy, t float64) xy { return xy{a.x + t*(b.x-a.x), a.y + t*(b.y-a.y)} }

// samples returns points along a→b no more than step metres apart, both
// ends included, at most limit+1 points.
func samples(a, b xy, step float64, limit int) []xy {
	n := int(math.Ceil(dist(a, b) / step))
	n = min(max(n, 1), limit)
	out := make([]xy, 0, n+1)
	for i := 0; i <= n; i++ {
		out = append(out, lerp(a, b, float64(i)/float64(n)))
	}
	return out
}

// area is a polygon (outer ring and holes) projected once.
type area [][]xy

func projectPolygon(pr proj, poly orb.Polygon) area {
	out := make(area, 0, len(poly))
	for _, r := range poly {
		ring := make([]xy, 0, len(r))
		for _, q := range r {
			ring = append(ring, pr.to(q))
		}
		out = append(out, ring)
	}
	return out
}

// containsStrict reports whether q is inside the outer ring, outside every
// hole and on no edge: the boundary of an allowed area is not inside it.
func (a area) containsStrict(q xy) bool {
	if len(a) == 0 || !inRing(a[0], q) {
		return false
	}
	for _, h := range a[1:] {
		if inRing(h, q) {
			return false
		}
	}
	for _, r := range a {
		for i := range r {
			if segDist(q, r[i], r[(i+1)%len(r)]) < 1e-6 {
				return false
			}
		}
	}
	return true
}

// containsSegment reports whether the whole segment a→b lies strictly
// inside: both ends inside and no edge met (touching counts as meeting).
func (ar area) containsSegment(a, b xy) bool {
	if !ar.containsStrict(a) || !ar.containsStrict(b) {
		return false
	}
	for _, r := range ar {
		for i := range r {
			if segmentsMeet(a, b, r[i], r[(i+1)%len(r)]) {
				return false
			}
		}
	}
	return true
}

// inRing is the even-odd test; ring closure is optional.
func inRing(r []xy, q xy) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
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

// segmentsMeet reports whether segments a→b and c→d cross or touch.
func segmentsMeet(a, b, c, d xy) bool {
	cross := func(o, p, q xy) float64 { return (p.x-o.x)*(q.y-o.y) - (p.y-o.y)*(q.x-o.x) }
	d1, d2 := cross(c, d, a), cross(c, d, b)
	d3, d4 := cross(a, b, c), cross(a, b, d)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	const eps = 1e-6
	return segDist(a, c, d) < eps || segDist(b, c, d) < eps || segDist(c, a, b) < eps || segDist(d, a, b) < eps
}
