package validate

import (
	"math"

	"skerry/mission/local"
)

// The plane is package local's, with its rule for points on an edge: the
// boundary of the operation area is outside it (local.InPolygon,
// local.SegInPolygon).

// xy is a point in the local plane; proj is its projection.
type (
	xy   = local.XY
	proj = local.Projection
)

// samples returns points along a→b no more than step metres apart, both
// ends included, at most limit+1 points.
func samples(a, b xy, step float64, limit int) []xy {
	n := int(math.Ceil(local.Dist(a, b) / step))
	n = min(max(n, 1), limit)
	out := make([]xy, 0, n+1)
	for i := 0; i <= n; i++ {
		out = append(out, a.Lerp(b, float64(i)/float64(n)))
	}
	return out
}
