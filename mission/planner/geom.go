package planner

import (
	"math"
	"sort"

	"skerry/mission/local"
)

// pathLength returns the length of a polyline.
func pathLength(pts []vec) float64 {
	var l float64
	for i := 1; i < len(pts); i++ {
		l += local.Dist(pts[i], pts[i-1])
	}
	return l
}

// resample returns points every step metres along pts, keeping both ends.
func resample(pts []vec, step float64) []vec {
	if len(pts) < 2 || step <= 0 {
		return append([]vec(nil), pts...)
	}
	out := []vec{pts[0]}
	carry := 0.0
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		l := local.Dist(a, b)
		for s := step - carry; s < l; s += step {
			out = append(out, a.Lerp(b, s/l))
		}
		carry = math.Mod(carry+l, step)
	}
	if last := pts[len(pts)-1]; local.Dist(out[len(out)-1], last) > 1e-6 {
		out = append(out, last)
	}
	return out
}

// cut returns the part of pts from arc length s0 to s1 (s0 < s1).
func cut(pts []vec, s0, s1 float64) []vec {
	var out []vec
	acc := 0.0
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		l := local.Dist(a, b)
		if l == 0 {
			continue
		}
		if acc+l >= s0 && acc <= s1 {
			t0 := math.Max(0, (s0-acc)/l)
			t1 := math.Min(1, (s1-acc)/l)
			if len(out) == 0 {
				out = append(out, a.Lerp(b, t0))
			}
			out = append(out, a.Lerp(b, t1))
		}
		acc += l
	}
	return out
}

// nearestArc returns the arc length along pts of the point nearest to p.
func nearestArc(pts []vec, p vec) float64 {
	best, bestS, acc := math.Inf(1), 0.0, 0.0
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		l := local.Dist(a, b)
		if t, d := local.SegNearest(p, a, b); d < best {
			best, bestS = d, acc+t*l
		}
		acc += l
	}
	return bestS
}

// isConvex reports whether the open ring r is convex.
func isConvex(r []vec) bool {
	sign := 0.0
	for i := range r {
		a, b, c := r[i], r[(i+1)%len(r)], r[(i+2)%len(r)]
		x := b.Sub(a).Cross(c.Sub(b))
		if x == 0 {
			continue
		}
		if sign == 0 {
			sign = x
		} else if sign*x < 0 {
			return false
		}
	}
	return true
}

// convexHull returns the counter-clockwise convex hull of pts (monotone
// chain).
func convexHull(pts []vec) []vec {
	p := append([]vec(nil), pts...)
	sortVecs(p)
	if len(p) < 3 {
		return p
	}
	var h []vec
	for pass := 0; pass < 2; pass++ {
		start := len(h)
		for _, q := range p {
			for len(h) >= start+2 && h[len(h)-1].Sub(h[len(h)-2]).Cross(q.Sub(h[len(h)-1])) <= 0 {
				h = h[:len(h)-1]
			}
			h = append(h, q)
		}
		h = h[:len(h)-1]
		for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
			p[i], p[j] = p[j], p[i]
		}
	}
	return h
}

// sortVecs sorts points by X then Y.
func sortVecs(p []vec) {
	sort.Slice(p, func(i, j int) bool {
		if p[i].X != p[j].X {
			return p[i].X < p[j].X
		}
		return p[i].Y < p[j].Y
	})
}

// nan returns NaN (mission's "unchanged" yaw).
func nan() float64 { return math.NaN() }

// douglasPeucker simplifies pts with tolerance tol; a shortcut a–b is only
// taken when ok(a, b) (nil = always).
func douglasPeucker(pts []vec, tol float64, ok func(a, b vec) bool) []vec {
	if len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	type span struct{ i, j int }
	stack := []span{{0, len(pts) - 1}}
	for len(stack) > 0 {
		sp := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if sp.j-sp.i < 2 {
			continue
		}
		k, dmax := sp.i+1, -1.0
		for m := sp.i + 1; m < sp.j; m++ {
			if d := local.SegDist(pts[m], pts[sp.i], pts[sp.j]); d > dmax {
				k, dmax = m, d
			}
		}
		if dmax > tol || (ok != nil && !ok(pts[sp.i], pts[sp.j])) {
			keep[k] = true
			stack = append(stack, span{sp.i, k}, span{k, sp.j})
		}
	}
	var out []vec
	for i, p := range pts {
		if keep[i] && (len(out) == 0 || local.Dist(out[len(out)-1], p) > 0.01) {
			out = append(out, p)
		}
	}
	return out
}

// reversed returns pts in reverse order.
func reversed(pts []vec) []vec {
	out := make([]vec, len(pts))
	for i, p := range pts {
		out[len(pts)-1-i] = p
	}
	return out
}
