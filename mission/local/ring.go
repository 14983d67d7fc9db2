package local

// Eps is how close, in metres, a point must be to an edge to be on it (see
// the package documentation for what the ring and segment tests do there).
const Eps = 1e-6

// Location is where a point lies relative to a ring, polygon or circle.
type Location int

// The three places a point can be.
const (
	Outside Location = iota
	OnEdge           // within Eps of an edge or vertex (of a hole too)
	Inside
)

// String names the location.
func (l Location) String() string {
	switch l {
	case Inside:
		return "inside"
	case OnEdge:
		return "on edge"
	}
	return "outside"
}

// EdgeRay is the per-edge step of the ring tests, for callers that keep
// their own edge index: on reports q on the edge a–b (within Eps); cross
// reports that the ray from q towards +X crosses it, half-open in Y so
// that a vertex shared by two edges counts once. An odd number of
// crossings over a ring's edges, none of them on, means inside. An index
// must return every edge whose box, grown by Eps, meets the ray.
func EdgeRay(a, b, q XY) (cross, on bool) {
	if apart(a.Y, b.Y, q.Y-Eps, q.Y+Eps) {
		return false, false
	}
	cross, near := ray(a, b, q)
	if near && nearSeg(q, a, b) {
		return false, true
	}
	return cross, false
}

// The ring loops inline apart and ray and call nearSeg only for the rare
// edge whose line passes within Eps of q.

// apart reports whether an edge with ends at heights ya, yb lies wholly
// above hi or below lo, as most edges of a ring do.
func apart(ya, yb, lo, hi float64) bool { return (ya > hi && yb > hi) || (ya < lo && yb < lo) }

// ray reports whether the ray from q towards +X crosses the edge a–b
// (half-open in Y), and whether q is within Eps of the edge's line
// (c²/(dx²+dy²) is its squared distance from the line).
func ray(a, b, q XY) (cross, near bool) {
	dx, dy, py := b.X-a.X, b.Y-a.Y, q.Y-a.Y
	c := dx*py - dy*(q.X-a.X)
	return (py < 0) != (b.Y > q.Y) && q.X < dx*py/dy+a.X, c*c <= Eps*Eps*(dx*dx+dy*dy) // py < 0: a above q
}

// nearSeg reports whether q is within Eps of the segment a–b, comparing
// squares (no square root in the ring tests).
func nearSeg(q, a, b XY) bool {
	dx, dy := b.X-a.X, b.Y-a.Y
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = clamp01(((q.X-a.X)*dx + (q.Y-a.Y)*dy) / l2)
	}
	ex, ey := q.X-a.X-t*dx, q.Y-a.Y-t*dy
	return ex*ex+ey*ey < Eps*Eps
}

// Locate tells where q lies relative to the ring r (open or closed),
// by the even–odd rule.
func Locate(r []XY, q XY) Location {
	in := false
	lo, hi := q.Y-Eps, q.Y+Eps
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		if apart(r[i].Y, r[j].Y, lo, hi) {
			continue
		}
		cross, near := ray(r[i], r[j], q)
		if near && nearSeg(q, r[i], r[j]) {
			return OnEdge
		}
		in = in != cross
	}
	if in {
		return Inside
	}
	return Outside
}

// InRing reports whether q is strictly inside the ring r: a point on an
// edge is outside (the rule for allowed areas).
func InRing(r []XY, q XY) bool { return Locate(r, q) == Inside }

// InOrOnRing reports whether q is inside the ring r or on its edge (the
// rule for exclusion zones).
func InOrOnRing(r []XY, q XY) bool { return Locate(r, q) != Outside }

// LocatePolygon tells where q lies relative to the polygon p: shell p[0],
// holes p[1:]. A point on a hole's edge is OnEdge; inside a hole it is
// Outside.
func LocatePolygon(p [][]XY, q XY) Location {
	if len(p) == 0 {
		return Outside
	}
	if l := Locate(p[0], q); l != Inside {
		return l
	}
	for _, h := range p[1:] {
		switch Locate(h, q) {
		case Inside:
			return Outside
		case OnEdge:
			return OnEdge
		}
	}
	return Inside
}

// InPolygon reports whether q is strictly inside the polygon p: inside the
// shell, outside every hole and on no edge (the rule for allowed areas).
func InPolygon(p [][]XY, q XY) bool { return LocatePolygon(p, q) == Inside }

// InOrOnPolygon reports whether q is inside the polygon p or on an edge of
// its shell or holes (the rule for exclusion zones).
func InOrOnPolygon(p [][]XY, q XY) bool { return LocatePolygon(p, q) != Outside }

// SegInPolygon reports whether the whole segment a–b lies strictly inside
// the polygon p: both ends inside and no edge met (touching counts as
// meeting).
func SegInPolygon(p [][]XY, a, b XY) bool {
	if !InPolygon(p, a) || !InPolygon(p, b) {
		return false
	}
	for _, r := range p {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			if Meet(a, b, r[j], r[i]) {
				return false
			}
		}
	}
	return true
}

// LocateCircle tells where q lies relative to the circle of radius r
// around c. It compares squares: no square root.
func LocateCircle(c XY, r float64, q XY) Location {
	dx, dy := q.X-c.X, q.Y-c.Y
	d2 := dx*dx + dy*dy
	switch in, out := r-Eps, r+Eps; {
	case in >= 0 && d2 <= in*in:
		return Inside
	case d2 < out*out:
		return OnEdge
	}
	return Outside
}

// InCircle reports whether q is strictly inside the circle (r, c): on the
// circle is outside (the rule for allowed areas).
func InCircle(c XY, r float64, q XY) bool { return LocateCircle(c, r, q) == Inside }

// InOrOnCircle reports whether q is inside the circle (r, c) or on it (the
// rule for exclusion zones).
func InOrOnCircle(c XY, r float64, q XY) bool { return LocateCircle(c, r, q) != Outside }
