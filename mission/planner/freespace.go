package planner

import (
	"math"
	"sort"

	"github.com/tidwall/rtree"

	"skerry/mission/local"
)

// slack is the extra clearance, in metres, between the region routes are
// walked along and the region legs are checked against. Waypoints and
// boundary walks lie at least margin+slack from every exclusion; a leg is
// accepted when it stays margin+slack/2 away, so the tests are never
// decided by rounding on a shared edge.
const slack = 2.0

// space is the free space a route may use, in the plane: inside the
// operation area and outside every exclusion zone grown by the margin.
// It is held twice: walk (the tighter region: waypoints must be inside it
// and detours follow its boundary) and check (a slightly looser region:
// legs must not cross its boundary). walk ⊂ check, slack/2 apart.
type space struct {
	walk, check   []polyRings
	walkR, checkR [][]vec // every ring of walk / check, flattened
	walkT, checkT rtree.RTreeG[edgeRef]
}

// edgeRef names edge idx (from vertex idx to idx+1) of ring ring.
type edgeRef struct{ ring, idx int }

// newSpace builds the free space: the area polygons minus the exclusions
// grown by margin.
func newSpace(area []polyRings, excl []polyRings, margin float64) (*space, error) {
	s := &space{}
	var err error
	if s.walk, err = freeRegion(area, excl, margin+slack, slack); err != nil {
		return nil, err
	}
	if s.check, err = freeRegion(area, excl, margin+slack/2, slack/2); err != nil {
		return nil, err
	}
	s.walkR = index(&s.walkT, s.walk)
	s.checkR = index(&s.checkT, s.check)
	return s, nil
}

// freeRegion returns area inset by in, minus exclusions grown by grow.
func freeRegion(area []polyRings, excl []polyRings, grow, in float64) ([]polyRings, error) {
	var base []polyRings
	for _, a := range area {
		in, err := inset(a, in)
		if err != nil {
			return nil, err
		}
		base = append(base, in...)
	}
	var blocked []polyRings
	for _, e := range excl {
		g, err := inflate(e, grow)
		if err != nil {
			return nil, err
		}
		blocked = append(blocked, g...)
	}
	return difference(base, blocked)
}

// index puts every edge of ps in t and returns the flattened rings.
func index(t *rtree.RTreeG[edgeRef], ps []polyRings) [][]vec {
	var rings [][]vec
	for _, p := range ps {
		for _, r := range p {
			k := len(rings)
			rings = append(rings, r)
			for i := range r {
				a, b := r[i], r[(i+1)%len(r)]
				t.Insert([2]float64{math.Min(a.X, b.X), math.Min(a.Y, b.Y)}, [2]float64{math.Max(a.X, b.X), math.Max(a.Y, b.Y)}, edgeRef{k, i})
			}
		}
	}
	return rings
}

// inside reports whether p is strictly inside the walk region (even–odd
// over all rings, which is right for disjoint polygons with holes; a point
// on the boundary is outside, package local's rule).
func (s *space) inside(p vec) bool {
	in, on := false, false
	lo, hi := [2]float64{p.X - local.Eps, p.Y - local.Eps}, [2]float64{math.Inf(1), p.Y + local.Eps}
	s.walkT.Search(lo, hi, func(_, _ [2]float64, e edgeRef) bool {
		r := s.walkR[e.ring]
		cross, onEdge := local.EdgeRay(r[e.idx], r[(e.idx+1)%len(r)], p)
		in, on = in != cross, onEdge
		return !on
	})
	return in && !on
}

// free reports whether the leg a–b meets no boundary of the check region
// (a is assumed inside it): touching counts as meeting.
func (s *space) free(a, b vec) bool {
	ok := true
	lo, hi := box(a, b, local.Eps)
	s.checkT.Search(lo, hi, func(_, _ [2]float64, e edgeRef) bool {
		r := s.checkR[e.ring]
		ok = !local.Meet(a, b, r[e.idx], r[(e.idx+1)%len(r)])
		return ok
	})
	return ok
}

// box is the bounding box of the segment a–b grown by g.
func box(a, b vec, g float64) (lo, hi [2]float64) {
	return [2]float64{math.Min(a.X, b.X) - g, math.Min(a.Y, b.Y) - g}, [2]float64{math.Max(a.X, b.X) + g, math.Max(a.Y, b.Y) + g}
}

// hit is a crossing of a leg with the walk boundary.
type hit struct {
	t  float64
	e  edgeRef
	pt vec
}

// crossings returns where a–b crosses the walk boundary, by t.
func (s *space) crossings(a, b vec) []hit {
	var hs []hit
	lo, hi := box(a, b, 0)
	s.walkT.Search(lo, hi, func(_, _ [2]float64, e edgeRef) bool {
		r := s.walkR[e.ring]
		if t, _, ok := local.SegIntersect(a, b, r[e.idx], r[(e.idx+1)%len(r)]); ok {
			hs = append(hs, hit{t, e, a.Lerp(b, t)})
		}
		return true
	})
	sort.Slice(hs, func(i, j int) bool { return hs[i].t < hs[j].t })
	out := hs[:0]
	for _, h := range hs {
		if n := len(out); n > 0 && out[n-1].e.ring == h.e.ring && h.t-out[n-1].t < 1e-12 {
			continue // through a vertex: counted on both edges
		}
		out = append(out, h)
	}
	return out
}

// route returns the points after a that lead to b inside the walk region,
// going around obstacles along their boundary the shorter way. ok is
// false when b cannot be reached that way (another component).
func (s *space) route(a, b vec) (pts []vec, ok bool) {
	hs := s.crossings(a, b)
	if len(hs)%2 != 0 {
		return nil, false
	}
	for i := 0; i < len(hs); i += 2 {
		h1, h2 := hs[i], hs[i+1]
		if h1.e.ring != h2.e.ring {
			return nil, false
		}
		pts = append(pts, h1.pt)
		pts = append(pts, s.ringWalk(h1, h2)...)
		pts = append(pts, h2.pt)
	}
	return append(pts, b), true
}

// ringWalk returns the ring vertices from h1 to h2, the shorter way.
func (s *space) ringWalk(h1, h2 hit) []vec {
	r := s.walkR[h1.e.ring]
	n := len(r)
	i, j := h1.e.idx, h2.e.idx
	if i == j {
		return nil
	}
	var fwd, bwd []vec
	for k := (i + 1) % n; ; k = (k + 1) % n {
		fwd = append(fwd, r[k])
		if k == j {
			break
		}
	}
	for k := i; ; k = (k - 1 + n) % n {
		bwd = append(bwd, r[k])
		if k == (j+1)%n {
			break
		}
	}
	lf := pathLength(append(append([]vec{h1.pt}, fwd...), h2.pt))
	lb := pathLength(append(append([]vec{h1.pt}, bwd...), h2.pt))
	if lf <= lb {
		return fwd
	}
	return bwd
}

// fixReport counts what fix had to change.
type fixReport struct {
	dropped     int // points inside an obstacle, left out
	unreachable int // points that could not be reached, left out
	detours     int // legs that go around an obstacle
}

// fix makes a desired path safe: points inside obstacles or outside the
// area are dropped, legs that cross an obstacle go around it along the
// walk boundary.
func (s *space) fix(pts []vec) ([]vec, fixReport) {
	var rep fixReport
	var out []vec
	for _, p := range pts {
		if !s.inside(p) {
			rep.dropped++
			continue
		}
		if len(out) == 0 {
			out = append(out, p)
			continue
		}
		seg, ok := s.route(out[len(out)-1], p)
		if !ok {
			rep.unreachable++
			continue
		}
		if len(seg) > 1 {
			rep.detours++
		}
		out = append(out, seg...)
	}
	return out, rep
}

// simplify is Douglas–Peucker with tolerance tol that only keeps a
// shortcut when the shortcut is free.
func (s *space) simplify(pts []vec, tol float64) []vec {
	return douglasPeucker(pts, tol, s.free)
}
