package validate

import (
	"math"

	"github.com/paulmach/orb"

	"skerry/mission/local"
)

// xy is a point in the local plane; proj is its projection.
type (
	xy   = local.XY
	proj = local.Projection
)

func dist(a, b xy) float64 { return local.Dist(a, b) }

func lerp(a, b xy, t float64) xy { return xy{X: a.X + t*(b.X-a.X), Y: a.Y + t*(b.Y-a.Y)} }

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
			ring = append(ring, pr.XY(q))
		}
		out = append(out, ring)
	}
	return out
}

// containsStrict reports whether q is inside the outer ring, outside every
// hole and on no edge: the boundary of an allowed area is not inside it.
func (a area) containsStrict(q xy) bool {
	if len(a) == 0 || !local.InRing(a[0], q) {
		return false
	}
	for _, h := range a[1:] {
		if local.InRing(h, q) {
			return false
		}
	}
	for _, r := range a {
		for i := range r {
			if local.SegDist(q, r[i], r[(i+1)%len(r)]) < 1e-6 {
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
			if local.Meet(a, b, r[i], r[(i+1)%len(r)]) {
				return false
			}
		}
	}
	return true
}
