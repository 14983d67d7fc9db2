package scene

import (
	"image"
	"math"
)

// Ports are drawn as quays: a scenario's "port" polygon is a port's area,
// its basins included (README: the outlines are approximate, drawn round
// the whole port), so filling it made a slab of concrete kilometres wide
// over the water, whose straight edges and bare expanse the detector took
// for objects. The renderer instead draws a band quayWidth wide along the
// polygon's outline — the quays and breakwaters that enclose a port — and
// leaves the basin inside as it is: sea, or land where the land polygons
// are; where the polygon lies on land it is paved (portOnLandSpan). A
// polygon too small for a basin stays solid (a pier).
const quayWidth = 30.0 // metres

// quayRings returns a port polygon's rings to fill even-odd: the outer
// ring and, inside it, the ring quayWidth in (its edges moved inwards and
// mitred), or the outer ring alone when the polygon is too small for it.
func quayRings(outer []xy) [][]xy {
	in, ok := inset(outer, quayWidth)
	if !ok {
		return [][]xy{outer}
	}
	return [][]xy{outer, in}
}

// inset moves each edge of a simple polygon d inwards and joins the moved
// edges at their intersections; ok is false when the result is not a ring
// of the same winding and about the expected size (the polygon is too
// small or too thin for it, or a corner too sharp).
func inset(ring []xy, d float64) ([]xy, bool) {
	n := len(ring)
	if n > 1 && ring[0] == ring[n-1] {
		n--
	}
	if n < 3 {
		return nil, false
	}
	area := signedArea(ring[:n])
	if math.Abs(area) < 1 {
		return nil, false
	}
	sign := 1.0 // counter-clockwise: the inside is on the left
	if area < 0 {
		sign = -1
	}
	// each edge i (ring[i] → ring[i+1]) moved inwards: a point and a direction
	type line struct{ px, py, dx, dy float64 }
	lines := make([]line, n)
	for i := range n {
		a, b := ring[i], ring[(i+1)%n]
		dx, dy := b.x-a.x, b.y-a.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			return nil, false
		}
		dx, dy = dx/l, dy/l
		nx, ny := -dy*sign, dx*sign // the left normal, inwards
		lines[i] = line{a.x + nx*d, a.y + ny*d, dx, dy}
	}
	out := make([]xy, n)
	for i := range n {
		p, q := lines[(i+n-1)%n], lines[i]
		den := p.dx*q.dy - p.dy*q.dx
		if math.Abs(den) < 1e-6 {
			return nil, false // straight on: a redundant point
		}
		t := ((q.px-p.px)*q.dy - (q.py-p.py)*q.dx) / den
		out[i] = xy{p.px + t*p.dx, p.py + t*p.dy}
		if math.Hypot(out[i].x-ring[i].x, out[i].y-ring[i].y) > 4*d {
			return nil, false // a sharp corner: the mitre runs off
		}
	}
	inner := signedArea(out)
	if inner*area <= 0 || math.Abs(inner) < 0.2*math.Abs(area) {
		return nil, false
	}
	return out, true
}

// signedArea is a ring's area, positive counter-clockwise (east, north).
func signedArea(r []xy) float64 {
	s := 0.0
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		s += a.x*b.y - b.x*a.y
	}
	return s / 2
}

// portOnLandSpan paints a span of a port's area as landSpan does, but only
// its pixels already painted as land (the land's chroma is flat along a
// row: a pixel pair whose chroma is the row's land colour, or the port's
// when the row above, sharing its chroma, painted it, is land).
func (r *Renderer) portOnLandSpan(dst *image.YCbCr, y, x0, x1 int) {
	ri := &r.rows[y]
	if !ri.sea {
		return
	}
	land := mix(landColour, hazeColour, ri.haze)
	paved := yuv{cb: -1, cr: -1}
	if y&1 == 1 {
		paved = mix(portColour, hazeColour, r.rows[y-1].haze)
	}
	o := (y / 2) * dst.CStride
	is := func(x int) bool {
		cb, cr := int32(dst.Cb[o+x/2]), int32(dst.Cr[o+x/2])
		return cb == land.cb && cr == land.cr || cb == paved.cb && cr == paved.cr
	}
	for x := x0; x < x1; {
		if !is(x) {
			x++
			continue
		}
		end := x + 1
		for end < x1 && is(end) {
			end++
		}
		r.landSpan(dst, y, x, end)
		x = end
	}
}
