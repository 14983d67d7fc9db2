package planner

import (
	"fmt"
	"math"

	"skerry/mission/local"
)

// offsetLine returns the line d metres from the polyline line on one side
// (side +1 = left of its direction, −1 = right), running the same way.
//
// A naive parallel offset self-intersects in concave bays narrower than
// 2d. Instead the line is grown into its d-neighbourhood (the union of
// segment stadiums, see offset.go) and the part of that region's outer
// boundary lying on the wanted side is kept: bays too narrow for the
// offset are bridged, headlands are rounded, and the result never comes
// closer than d to any part of the line.
func offsetLine(line []vec, d, side float64) ([]vec, error) {
	if len(line) < 2 {
		return nil, fmt.Errorf("%w: a coastline needs at least 2 points", ErrInput)
	}
	ps, err := bufferLine(line, d)
	if err != nil {
		return nil, err
	}
	var shell []vec
	for _, p := range ps {
		if len(p) > 0 && math.Abs(local.RingArea(p[0])) > math.Abs(local.RingArea(shell)) {
			shell = p[0]
		}
	}
	shell = densify(shell, math.Max(1, math.Min(d/8, 25)))
	run := longestRun(shell, func(q vec) bool { return sideOf(line, q) == side })
	if len(run) < 2 {
		return nil, fmt.Errorf("%w: no offset line on the requested side", ErrInput)
	}
	if nearestArc(line, run[0]) > nearestArc(line, run[len(run)-1]) {
		run = reversed(run)
	}
	return run, nil
}

// sideOf tells on which side of the polyline q lies: +1 left, −1 right, 0
// beyond either end (the round caps of the neighbourhood).
func sideOf(line []vec, q vec) float64 {
	best, side := math.Inf(1), 0.0
	last := len(line) - 2
	for i := 0; i <= last; i++ {
		a, b := line[i], line[i+1]
		if a == b || boxDist2(q, a, b) >= best*best {
			continue // no nearer than the best so far: skipped without measuring
		}
		dist := local.SegDist(q, a, b)
		if dist >= best {
			continue
		}
		best = dist
		d := b.Sub(a)
		switch {
		case (i == 0 && d.Dot(q.Sub(a)) < 0) || (i == last && d.Dot(q.Sub(b)) > 0):
			side = 0 // beyond an end
		case d.Cross(q.Sub(a)) > 0:
			side = 1
		default:
			side = -1
		}
	}
	return side
}

// boxDist2 is the squared distance from q to the bounding box of a–b, a
// lower bound of the squared distance to the segment.
func boxDist2(q, a, b vec) float64 {
	dx, dy := outside(q.X, a.X, b.X), outside(q.Y, a.Y, b.Y)
	return dx*dx + dy*dy
}

// outside is how far x lies outside the interval between u and v.
func outside(x, u, v float64) float64 {
	if u > v {
		u, v = v, u
	}
	switch {
	case x < u:
		return u - x
	case x > v:
		return x - v
	}
	return 0
}

// longestRun returns the longest cyclic run of ring vertices satisfying
// keep.
func longestRun(ring []vec, keep func(vec) bool) []vec {
	n := len(ring)
	ok := make([]bool, n)
	first := -1
	for i, p := range ring {
		ok[i] = keep(p)
		if !ok[i] && first < 0 {
			first = i
		}
	}
	if first < 0 {
		return append(append([]vec(nil), ring...), ring[0])
	}
	var best, cur []vec
	for k := 1; k <= n; k++ {
		i := (first + k) % n
		if ok[i] {
			cur = append(cur, ring[i])
			continue
		}
		if len(cur) > len(best) {
			best = cur
		}
		cur = nil
	}
	return best
}

// densify returns the closed ring r (open form) with points added so no
// edge is longer than step.
func densify(r []vec, step float64) []vec {
	var out []vec
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		n := int(math.Ceil(local.Dist(a, b) / step))
		for k := 0; k < max(n, 1); k++ {
			out = append(out, a.Lerp(b, float64(k)/float64(max(n, 1))))
		}
	}
	return out
}
