package planner

import (
	"math"
	"sort"

	"skerry/mission/local"
)

// Boustrophedon decomposition. Each sweep line is clipped against the free
// region into pieces; walking the lines in order, a piece continues the
// cell of the piece before it when the two overlap along the line and
// neither has another overlapping partner. Where the region splits (a
// hole, an exclusion, a concave notch) or merges, cells end and new ones
// start, so each cell is a monotone strip flown back and forth without
// leaving the region, and only the hops between cells need routing.

// segment is one survey line piece from a to b (b farther along the line).
type segment struct{ a, b vec }

// cell is a boustrophedon cell: one piece on each of consecutive lines.
type cell []segment

// sweep clips lines in direction angle (compass degrees), spacing apart,
// against the polygons and returns the pieces line by line; pieces end
// 5 cm inside the region.
func sweep(region []polyRings, angle, spacing float64) [][]segment {
	u := heading(angle)
	v := u.Perp()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range region {
		for _, q := range p[0] {
			lo, hi = math.Min(lo, q.Dot(v)), math.Max(hi, q.Dot(v))
		}
	}
	if lo > hi || spacing <= 0 {
		return nil
	}
	n := max(int(math.Ceil((hi-lo)/spacing-1e-9)), 1)
	first := lo + ((hi-lo)-float64(n-1)*spacing)/2
	out := make([][]segment, n)
	for k := range out {
		out[k] = clipLine(region, u, v, first+float64(k)*spacing)
	}
	return out
}

// clipLine returns the pieces of the line {p : p·v = c} inside region,
// in order along u.
func clipLine(region []polyRings, u, v vec, c float64) []segment {
	var xs []float64
	for _, p := range region {
		for _, r := range p {
			for i := range r {
				a, b := r[i], r[(i+1)%len(r)]
				ca, cb := a.Dot(v), b.Dot(v)
				if (ca > c) != (cb > c) {
					xs = append(xs, a.Lerp(b, (c-ca)/(cb-ca)).Dot(u))
				}
			}
		}
	}
	sort.Float64s(xs)
	var out []segment
	for i := 0; i+1 < len(xs); i += 2 {
		s0, s1 := xs[i]+0.05, xs[i+1]-0.05
		if s1-s0 < 0.1 {
			continue
		}
		out = append(out, segment{u.Scale(s0).Add(v.Scale(c)), u.Scale(s1).Add(v.Scale(c))})
	}
	return out
}

// overlaps reports whether two pieces on neighbouring lines overlap along
// the line direction u.
func overlaps(s, t segment, u vec) bool {
	return math.Max(s.a.Dot(u), t.a.Dot(u)) < math.Min(s.b.Dot(u), t.b.Dot(u))
}

// boustrophedon groups the pieces of consecutive lines into cells.
func boustrophedon(lines [][]segment) []cell {
	var cells []cell
	var prevCell []int // cell index of each piece of the previous line
	var prev []segment
	for _, line := range lines {
		cur := make([]int, len(line))
		for j, s := range line {
			u := s.b.Sub(s.a).Unit()
			cur[j] = -1
			var partners []int
			for i, p := range prev {
				if overlaps(p, s, u) {
					partners = append(partners, i)
				}
			}
			if len(partners) == 1 && countOverlaps(prev[partners[0]], line, u) == 1 {
				cur[j] = prevCell[partners[0]]
				cells[cur[j]] = append(cells[cur[j]], s)
				continue
			}
			cur[j] = len(cells)
			cells = append(cells, cell{s})
		}
		prev, prevCell = line, cur
	}
	return cells
}

// countOverlaps counts the pieces of line overlapping p.
func countOverlaps(p segment, line []segment, u vec) int {
	n := 0
	for _, s := range line {
		if overlaps(p, s, u) {
			n++
		}
	}
	return n
}

// path returns the cell flown back and forth, starting on its first line
// (or last, when fromEnd) at the a end (or b, when flip).
func (c cell) path(fromEnd, flip bool) []segment {
	out := make([]segment, len(c))
	for i := range c {
		k := i
		if fromEnd {
			k = len(c) - 1 - i
		}
		s := c[k]
		if (i%2 == 1) != flip {
			s.a, s.b = s.b, s.a
		}
		out[i] = s
	}
	return out
}

// connect flies the cells nearest-entry-first and joins consecutive
// pieces with transits that stay in the free space.
func (b *builder) connect(cells []cell) []step {
	done := make([]bool, len(cells))
	var st []step
	var cur vec
	have, skipped := false, 0
	for range cells {
		best, bestD := []segment(nil), math.Inf(1)
		bi := -1
		for i, c := range cells {
			if done[i] {
				continue
			}
			for _, o := range [4][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
				p := c.path(o[0], o[1])
				d := 0.0
				if have {
					d = local.Dist(cur, p[0].a)
				}
				if d < bestD {
					best, bestD, bi = p, d, i
				}
			}
		}
		done[bi] = true
		for _, s := range best {
			if have {
				tr, ok := b.sp.route(cur, s.a)
				if !ok {
					skipped++
					continue
				}
				tr = douglasPeucker(append([]vec{cur}, tr...), b.c.Tolerance, b.sp.free)
				st = append(st, steps(tr[1:len(tr)-1])...)
			}
			st = append(st, step{p: s.a}, step{p: s.b})
			cur, have = s.b, true
		}
	}
	if skipped > 0 {
		b.warnf("survey: %d line pieces could not be reached inside the area and were skipped", skipped)
	}
	return st
}
