package scene

import "math"

// near is the near clipping plane, metres in front of the camera.
const near = 0.5

// poly collects one polygon (rings, even-odd) in image coordinates: world
// points are moved into camera coordinates, clipped against the near plane
// and projected. Its buffers are reused from polygon to polygon.
type poly struct {
	in, out                []vec
	pts                    []pt
	ends                   []int // end of each ring in pts
	xs                     []float64
	minX, minY, maxX, maxY float64
}

type pt struct{ x, y float64 }

// reset starts a new polygon.
func (p *poly) reset() {
	p.pts, p.ends = p.pts[:0], p.ends[:0]
	p.minX, p.minY, p.maxX, p.maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
}

// ring adds the ring in p.in (camera coordinates) to the polygon.
func (p *poly) ring(c *camera) {
	p.out = p.out[:0]
	n := len(p.in)
	for i := 0; i < n; i++ {
		a, b := p.in[i], p.in[(i+1)%n]
		if a.z >= near {
			p.out = append(p.out, a)
		}
		if (a.z >= near) != (b.z >= near) {
			k := (near - a.z) / (b.z - a.z)
			p.out = append(p.out, vec{a.x + k*(b.x-a.x), a.y + k*(b.y-a.y), near})
		}
	}
	if len(p.out) < 3 {
		return
	}
	for _, q := range p.out {
		x, y := c.project(q)
		p.pts = append(p.pts, pt{x, y})
		p.minX, p.maxX = math.Min(p.minX, x), math.Max(p.maxX, x)
		p.minY, p.maxY = math.Min(p.minY, y), math.Max(p.maxY, y)
	}
	p.ends = append(p.ends, len(p.pts))
}

// bounds returns the polygon's pixel bounds clipped to a w×h frame; ok is
// false when it does not meet the frame.
func (p *poly) bounds(w, h int) (x0, y0, x1, y1 int, ok bool) {
	if len(p.ends) == 0 || p.maxX <= 0 || p.maxY <= 0 || p.minX >= float64(w) || p.minY >= float64(h) {
		return 0, 0, 0, 0, false
	}
	x0, y0 = int(math.Max(0, math.Floor(p.minX))), int(math.Max(0, math.Floor(p.minY)))
	x1, y1 = int(math.Min(float64(w), math.Ceil(p.maxX))), int(math.Min(float64(h), math.Ceil(p.maxY)))
	return x0, y0, x1, y1, x0 < x1 && y0 < y1
}

// spans calls span for every run of pixel centres inside the polygon
// (even-odd rule) in a w×h frame.
func (p *poly) spans(w, h int, span func(y, x0, x1 int)) {
	_, y0, _, y1, ok := p.bounds(w, h)
	if !ok {
		return
	}
	for y := y0; y < y1; y++ {
		yc := float64(y) + 0.5
		p.xs = p.xs[:0]
		start := 0
		for _, end := range p.ends {
			for i := start; i < end; i++ {
				a, b := p.pts[i], p.pts[start]
				if i+1 < end {
					b = p.pts[i+1]
				}
				if (a.y <= yc) != (b.y <= yc) {
					p.xs = append(p.xs, a.x+(yc-a.y)*(b.x-a.x)/(b.y-a.y))
				}
			}
			start = end
		}
		sortFloats(p.xs)
		for k := 0; k+1 < len(p.xs); k += 2 {
			x0 := int(math.Max(0, math.Ceil(p.xs[k]-0.5)))
			x1 := int(math.Min(float64(w), math.Ceil(p.xs[k+1]-0.5)))
			if x0 < x1 {
				span(y, x0, x1)
			}
		}
	}
}

// sortFloats is an insertion sort: the crossings of a row are few.
func sortFloats(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}
