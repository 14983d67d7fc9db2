package airspace

import (
	"math"

	"skerry/mission/local"
)

// span returns the part of the segment a→b (fractions of the way, from ≤
// to) that may come within margin metres of the volume: exact for a
// circle, the segment clipped to the polygon's box grown by margin for a
// polygon. The whole segment when it cannot tell (degenerate input).
func span(pr local.Projection, v *Volume, a, b local.XY, margin float64) (from, to float64) {
	if v.Circle != nil {
		return circleSpan(pr.XY(v.Circle.Center), v.Circle.Radius+margin, a, b)
	}
	if len(v.Polygon) == 0 || len(v.Polygon[0]) == 0 {
		return 0, 1
	}
	lo := local.XY{X: math.Inf(1), Y: math.Inf(1)}
	hi := local.XY{X: math.Inf(-1), Y: math.Inf(-1)}
	for _, p := range v.Polygon[0] {
		q := pr.XY(p)
		lo.X, lo.Y = math.Min(lo.X, q.X), math.Min(lo.Y, q.Y)
		hi.X, hi.Y = math.Max(hi.X, q.X), math.Max(hi.Y, q.Y)
	}
	lo.X, lo.Y, hi.X, hi.Y = lo.X-margin, lo.Y-margin, hi.X+margin, hi.Y+margin
	return boxSpan(lo, hi, a, b)
}

// circleSpan is the part of a→b within r of c.
func circleSpan(c local.XY, r float64, a, b local.XY) (float64, float64) {
	dx, dy := b.X-a.X, b.Y-a.Y
	fx, fy := a.X-c.X, a.Y-c.Y
	qa := dx*dx + dy*dy
	if qa < 1e-12 {
		return 0, 1
	}
	qb := 2 * (fx*dx + fy*dy)
	qc := fx*fx + fy*fy - r*r
	disc := qb*qb - 4*qa*qc
	if disc < 0 {
		return 0, 1 // the caller found it near: rounding; keep the whole leg
	}
	s := math.Sqrt(disc)
	t0, t1 := (-qb-s)/(2*qa), (-qb+s)/(2*qa)
	return clampSpan(t0, t1)
}

// boxSpan clips a→b to the box [lo, hi] (Liang–Barsky).
func boxSpan(lo, hi, a, b local.XY) (float64, float64) {
	t0, t1 := 0.0, 1.0
	d := local.XY{X: b.X - a.X, Y: b.Y - a.Y}
	clip := func(p, q float64) bool { // p·t ≤ q
		switch {
		case math.Abs(p) < 1e-12:
			return q >= 0
		case p < 0:
			t0 = math.Max(t0, q/p)
		default:
			t1 = math.Min(t1, q/p)
		}
		return t0 <= t1
	}
	if clip(-d.X, a.X-lo.X) && clip(d.X, hi.X-a.X) && clip(-d.Y, a.Y-lo.Y) && clip(d.Y, hi.Y-a.Y) {
		return t0, t1
	}
	return 0, 1
}

// clampSpan orders and clamps a span to [0, 1]; an empty one is the whole.
func clampSpan(t0, t1 float64) (float64, float64) {
	t0, t1 = math.Max(t0, 0), math.Min(t1, 1)
	if !(t0 <= t1) {
		return 0, 1
	}
	return t0, t1
}
