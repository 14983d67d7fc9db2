package scene

import (
	"image"
	"math"
)

const landGain = 90 // the land texture's contrast, /256

// paint is what the span painters put down: a colour, a texture's
// contrast (land) or an opacity (blend), set before each polygon.
type paint struct {
	col   yuv
	gain  int32
	alpha int32 // blend: 0–256
	tex   bool  // textured land, hazed per row
}

// drawLand fills the land polygons, then the ports' quays over them
// (their basins left as drawn), where they fall in the frame.
func (r *Renderer) drawLand(dst *image.YCbCr, c *camera) {
	span := func(y, x0, x1 int) { r.landSpan(dst, y, x0, x1) }
	onLand := func(y, x0, x1 int) { r.portOnLandSpan(dst, y, x0, x1) }
	for i, rings := range r.world.land {
		if !r.world.bounds[i].inFront(c) {
			continue
		}
		port := i >= r.world.nLand
		if port && len(rings) == 2 {
			// a port with a basin: paved where it is on land, then its
			// quays round the basin
			r.polygon(c, rings[:1])
			r.paint = paint{col: portColour, gain: landGain / 3, tex: true}
			r.poly.spans(c.w, c.h, onLand)
		}
		r.polygon(c, rings)
		r.paint = paint{col: landColour, gain: landGain, tex: true}
		if port {
			r.paint = paint{col: portColour, gain: landGain / 3, tex: true}
		}
		r.poly.spans(c.w, c.h, span)
	}
}

// polygon projects rings into r.poly.
func (r *Renderer) polygon(c *camera, rings [][]xy) {
	r.poly.reset()
	for _, ring := range rings {
		r.poly.in = r.poly.in[:0]
		for _, p := range ring {
			r.poly.in = append(r.poly.in, c.toCam(vec{p.x, p.y, 0}))
		}
		r.poly.ring(c)
	}
}

// box is a polygon's bounding box in local metres.
type box struct{ minX, minY, maxX, maxY float64 }

// inFront reports whether any corner of the box (on the sea plane) is in
// front of the camera's near plane.
func (b box) inFront(c *camera) bool {
	for _, p := range [4]vec{{b.minX, b.minY, 0}, {b.maxX, b.minY, 0}, {b.minX, b.maxY, 0}, {b.maxX, b.maxY, 0}} {
		if c.toCam(p).z >= near {
			return true
		}
	}
	return false
}

// landSpan paints one span of land or port, textured along the row's line
// on the ground and hazed by its range.
func (r *Renderer) landSpan(dst *image.YCbCr, y, x0, x1 int) {
	ri := &r.rows[y]
	if !ri.sea {
		return
	}
	col := mix(r.paint.col, hazeColour, ri.haze)
	if y&1 == 0 {
		o := (y / 2) * dst.CStride
		for cx := x0 / 2; cx < (x1+1)/2; cx++ {
			dst.Cb[o+cx], dst.Cr[o+cx] = uint8(col.cb), uint8(col.cr)
		}
	}
	row := dst.Y[y*dst.YStride+x0 : y*dst.YStride+x1]
	level := ri.level
	gain := r.paint.gain * (256 - ri.haze) >> 8
	if level >= landBits-1 || gain <= 0 {
		fillRow(row, uint8(col.y))
		return
	}
	base := max(0, col.y-128*gain>>8)
	gain = min(gain, (255-base)*256/255)
	s := seaSampler{tex: r.tex.land[level], shift: uint(16 + level), bits: uint(landBits - level)}
	s.mask = 1<<s.bits - 1
	gx, gy := ri.gx0+float64(x0)*ri.dx, ri.gy0+float64(x0)*ri.dy
	s.plain(row, fixed(gx/landTexel), fixed(gy/landTexel), fixed(ri.dx/landTexel), fixed(ri.dy/landTexel), base, gain)
}

// boundsOf is the bounding box of a polygon's rings.
func boundsOf(rings [][]xy) box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, r := range rings {
		for _, p := range r {
			b.minX, b.maxX = math.Min(b.minX, p.x), math.Max(b.maxX, p.x)
			b.minY, b.maxY = math.Min(b.minY, p.y), math.Max(b.maxY, p.y)
		}
	}
	return b
}
