package local

import "math"

// SegNearest returns the point of the segment a–b nearest to q, as its
// parameter t along a→b (0 at a, 1 at b; 0 when a = b) and its distance d
// from q.
func SegNearest(q, a, b XY) (t, d float64) {
	dx, dy := b.X-a.X, b.Y-a.Y
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = clamp01(((q.X-a.X)*dx + (q.Y-a.Y)*dy) / l2)
	}
	return t, math.Hypot(q.X-a.X-t*dx, q.Y-a.Y-t*dy)
}

// clamp01 clamps t to [0, 1] without math.Max and math.Min, which are not
// inlined (NaN stays NaN either way).
func clamp01(t float64) float64 {
	if t < 0 {
		return 0
	}
	if t > 1 {
		return 1
	}
	return t
}

// SegDist is the distance from q to the segment a–b.
func SegDist(q, a, b XY) float64 {
	_, d := SegNearest(q, a, b)
	return d
}

// Crosses reports whether segments a–b and c–d properly cross: their
// interiors meet in one point. Touching is not crossing.
func Crosses(a, b, c, d XY) bool {
	return opposite(side(c, d, a), side(c, d, b)) && opposite(side(a, b, c), side(a, b, d))
}

// side is positive when q is left of o→p, negative when right; side²
// over |o→p|² is q's squared distance from the line.
func side(o, p, q XY) float64 { return (p.X-o.X)*(q.Y-o.Y) - (p.Y-o.Y)*(q.X-o.X) }

// opposite reports whether two sides are strictly opposite.
func opposite(s, t float64) bool { return (s > 0 && t < 0) || (s < 0 && t > 0) }

// Meet reports whether segments a–b and c–d cross, touch, overlap or pass
// within Eps of each other. Far segments are decided by their boxes, and
// an end is measured against the other segment only when it lies within
// Eps of that segment's line.
func Meet(a, b, c, d XY) bool {
	if max(a.X, b.X)+Eps < min(c.X, d.X) || max(c.X, d.X)+Eps < min(a.X, b.X) ||
		max(a.Y, b.Y)+Eps < min(c.Y, d.Y) || max(c.Y, d.Y)+Eps < min(a.Y, b.Y) {
		return false
	}
	sa, sb, sc, sd := side(c, d, a), side(c, d, b), side(a, b, c), side(a, b, d)
	if opposite(sa, sb) && opposite(sc, sd) {
		return true
	}
	ecd, eab := Eps*Eps*sqDist(c, d), Eps*Eps*sqDist(a, b)
	return (sa*sa <= ecd && nearSeg(a, c, d)) || (sb*sb <= ecd && nearSeg(b, c, d)) ||
		(sc*sc <= eab && nearSeg(c, a, b)) || (sd*sd <= eab && nearSeg(d, a, b))
}

// sqDist is the squared distance between two points.
func sqDist(a, b XY) float64 { return (b.X-a.X)*(b.X-a.X) + (b.Y-a.Y)*(b.Y-a.Y) }

// SegSegDist is the distance between segments a–b and c–d, 0 when they
// cross.
func SegSegDist(a, b, c, d XY) float64 {
	if Crosses(a, b, c, d) {
		return 0
	}
	return math.Min(math.Min(SegDist(a, c, d), SegDist(b, c, d)), math.Min(SegDist(c, a, b), SegDist(d, a, b)))
}

// SegIntersect returns where segments a–b and c–d meet, as the parameters
// t along a→b and u along c→d of the meeting point (a.Lerp(b, t) =
// c.Lerp(d, u)). The segments are closed: ok is true when they cross or
// touch, ends included. Parallel segments, collinear overlap included,
// meet in no single point and report false; Meet tests them.
func SegIntersect(a, b, c, d XY) (t, u float64, ok bool) {
	r, s := b.Sub(a), d.Sub(c)
	den := r.Cross(s)
	if den == 0 {
		return 0, 0, false
	}
	q := c.Sub(a)
	t, u = q.Cross(s)/den, q.Cross(r)/den
	return t, u, t >= 0 && t <= 1 && u >= 0 && u <= 1
}
