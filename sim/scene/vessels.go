package scene

import (
	"image"
	"math"
	"time"
)

// placed is a vessel set on the sea plane: its position and axes in local
// metres, so points given along (a, forward) and across (b, starboard) its
// hull can be placed in the world.
type placed struct {
	x, y   float64
	fx, fy float64 // forward unit vector
	sx, sy float64 // starboard unit vector
	dist   float64 // slant range from the camera
	wake   float64 // wake length, metres
	v      *Vessel
}

func (p *placed) at(a, b, z float64) vec {
	return vec{p.x + a*p.fx + b*p.sx, p.y + a*p.fy + b*p.sy, z}
}

// wakeLength is how far behind a vessel its wake shows, metres.
func wakeLength(v *Vessel) float64 {
	if v.Speed < 0.3 {
		return 0
	}
	return math.Min(400, v.Length*0.5+v.Speed*12)
}

// drawVessels draws the wakes, then the vessels far to near, of the
// vessels whose bounds fall in the frame, and returns their truth.
func (r *Renderer) drawVessels(dst *image.YCbCr, c *camera, simT time.Duration) []Truth {
	r.vessels = r.world.appendVessels(r.vessels[:0], simT)
	r.placed = r.placed[:0]
	for i := range r.vessels {
		v := &r.vessels[i]
		x, y := r.world.frame.xy(v.Lat, v.Lon)
		h := v.Heading * math.Pi / 180
		p := placed{x: x, y: y, fx: math.Sin(h), fy: math.Cos(h), sx: math.Cos(h), sy: -math.Sin(h), v: v, wake: wakeLength(v)}
		centre := vec{x, y, 0}
		p.dist = centre.sub(c.pos).norm()
		if !c.mayShow(c.toCam(centre), v.Length/2+p.wake+30) {
			continue
		}
		r.placed = append(r.placed, p)
	}
	// far to near (insertion sort: a few vessels)
	for i := 1; i < len(r.placed); i++ {
		for j := i; j > 0 && r.placed[j].dist > r.placed[j-1].dist; j-- {
			r.placed[j], r.placed[j-1] = r.placed[j-1], r.placed[j]
		}
	}
	for i := range r.placed {
		r.drawWake(dst, c, &r.placed[i])
	}
	var truth []Truth
	for i := range r.placed {
		p := &r.placed[i]
		if b := r.drawHull(dst, c, p); !b.Empty() {
			if truth == nil {
				truth = make([]Truth, 0, len(r.placed)-i)
			}
			truth = append(truth, Truth{VesselID: p.v.ID, Type: p.v.Type, Box: b, Lat: p.v.Lat, Lon: p.v.Lon, Range: p.dist,
				Visible: r.visible(c, p, b)})
		}
	}
	return truth
}

// mayShow reports whether a sphere of radius rad around q (camera
// coordinates) can meet the frame.
func (c *camera) mayShow(q vec, rad float64) bool {
	if q.z < -rad {
		return false
	}
	if q.z <= rad {
		return true
	}
	x, y := c.project(q)
	rp := c.fpx * rad / (q.z - rad)
	return x+rp >= 0 && x-rp <= float64(c.w) && y+rp >= 0 && y-rp <= float64(c.h)
}

// drawHull draws a vessel's visible hull sides, deck and superstructure,
// shaded by the sun and hazed by range, and returns its box in the frame.
func (r *Renderer) drawHull(dst *image.YCbCr, c *camera, p *placed) image.Rectangle {
	st, ok := hullStyles[p.v.Type]
	if !ok {
		return image.Rectangle{}
	}
	haze := r.hazeOf(p.dist)
	sun := r.sunVec()
	ol := st.outline(p.v.Length, p.v.Beam)
	var plan [5]vec
	for i, q := range ol {
		plan[i] = p.at(q.x, q.y, 0)
	}
	var box image.Rectangle
	r.prism(dst, c, plan[:], 0, st.freeboard, st.hull, st.deck, haze, sun, &box)
	for _, bl := range st.blocks {
		l, w := p.v.Length, p.v.Beam*bl.width/2
		pts := [4]vec{p.at(bl.a0*l, -w, 0), p.at(bl.a1*l, -w, 0), p.at(bl.a1*l, w, 0), p.at(bl.a0*l, w, 0)}
		r.prism(dst, c, pts[:], st.freeboard, st.freeboard+bl.height, bl.col, bl.col, haze, sun, &box)
	}
	return box
}

// visible is the share of the vessel's unclipped picture box (its hull
// and superstructure's corners projected) that the clipped box b covers;
// 0 when a corner is behind the camera.
func (r *Renderer) visible(c *camera, p *placed, b image.Rectangle) float64 {
	st := hullStyles[p.v.Type]
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	top := st.freeboard
	for _, bl := range st.blocks {
		top = max(top, st.freeboard+bl.height)
	}
	for _, q := range st.outline(p.v.Length, p.v.Beam) {
		for _, z := range [2]float64{0, top} {
			cp := c.toCam(p.at(q.x, q.y, z))
			if cp.z <= 0.01 {
				return 0
			}
			u, v := c.project(cp)
			x0, y0, x1, y1 = min(x0, u), min(y0, v), max(x1, u), max(y1, v)
		}
	}
	whole := (x1 - x0) * (y1 - y0)
	if !(whole > 0) {
		return 0
	}
	return min(1, float64(b.Dx()*b.Dy())/whole)
}

// prism draws an upright prism over plan (clockwise seen from above) from
// z0 to z1: the sides facing the camera, then the top; box grows by what
// it covers.
func (r *Renderer) prism(dst *image.YCbCr, c *camera, plan []vec, z0, z1 float64, side, top yuv, haze int32, sun vec, box *image.Rectangle) {
	n := len(plan)
	for i := 0; i < n; i++ {
		a, b := plan[i], plan[(i+1)%n]
		ex, ey := b.x-a.x, b.y-a.y
		l := math.Hypot(ex, ey)
		if l == 0 {
			continue
		}
		nx, ny := -ey/l, ex/l
		if nx*(c.pos.x-a.x)+ny*(c.pos.y-a.y) <= 0 {
			continue
		}
		lit := int32(150 + 106*math.Max(0, nx*sun.x+ny*sun.y))
		q := [4]vec{{a.x, a.y, z0}, {b.x, b.y, z0}, {b.x, b.y, z1}, {a.x, a.y, z1}}
		r.solid(dst, c, q[:], mix(shade(side, lit), hazeColour, haze), box)
	}
	var q [8]vec
	for i, p := range plan {
		q[i] = vec{p.x, p.y, z1}
	}
	lit := int32(170 + 86*math.Max(0, sun.z))
	r.solid(dst, c, q[:n], mix(shade(top, lit), hazeColour, haze), box)
}

// solid fills one world polygon with a flat colour.
func (r *Renderer) solid(dst *image.YCbCr, c *camera, pts []vec, col yuv, box *image.Rectangle) {
	r.poly.reset()
	r.poly.in = r.poly.in[:0]
	for _, p := range pts {
		r.poly.in = append(r.poly.in, c.toCam(p))
	}
	r.poly.ring(c)
	x0, y0, x1, y1, ok := r.poly.bounds(c.w, c.h)
	if !ok {
		return
	}
	*box = box.Union(image.Rect(x0, y0, x1, y1))
	r.paint = paint{col: col}
	r.poly.spans(c.w, c.h, func(y, x0, x1 int) { r.solidSpan(dst, y, x0, x1) })
}

// solidSpan paints a span in r.paint's colour.
func (r *Renderer) solidSpan(dst *image.YCbCr, y, x0, x1 int) {
	col := r.paint.col
	fillRow(dst.Y[y*dst.YStride+x0:y*dst.YStride+x1], clampU8(col.y))
	if y&1 == 0 {
		o := (y / 2) * dst.CStride
		fillRow(dst.Cb[o+x0/2:o+(x1+1)/2], clampU8(col.cb))
		fillRow(dst.Cr[o+x0/2:o+(x1+1)/2], clampU8(col.cr))
	}
}
