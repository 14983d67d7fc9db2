package scene

import (
	"image"
	"math"
)

// kelvin is the half-angle of a wake's arms (the Kelvin wedge), radians.
var kelvin = 19.47 * math.Pi / 180

// drawWake whitens the sea behind a moving vessel: a turbulent trail from
// the stern, widening and fading with distance, and the two arms of the
// Kelvin wedge from the shoulders; all grow with speed.
func (r *Renderer) drawWake(dst *image.YCbCr, c *camera, p *placed) {
	if p.wake == 0 {
		return
	}
	st := hullStyles[p.v.Type]
	haze := r.hazeOf(p.dist)
	foam := math.Min(1, p.v.Speed/6) * float64(256-haze) / 256
	l, b := p.v.Length, p.v.Beam
	half := func(s float64) float64 { return b*0.45 + s*0.1 }
	for k := 0; k < 4; k++ {
		s0, s1 := p.wake*float64(k)/4, p.wake*float64(k+1)/4
		q := [4]vec{p.at(-l/2-s0, -half(s0), 0), p.at(-l/2-s1, -half(s1), 0), p.at(-l/2-s1, half(s1), 0), p.at(-l/2-s0, half(s0), 0)}
		r.blend(dst, c, q[:], int32(foam*float64(150-35*k)))
	}
	arm := p.wake * 0.7
	a0 := l/2 - st.shoulder*l
	da, db := arm*math.Cos(kelvin), arm*math.Sin(kelvin)
	w := math.Max(0.3, b*0.1)
	for _, side := range [2]float64{-1, 1} {
		q := [4]vec{p.at(a0, side*b/2, 0), p.at(a0-da, side*(b/2+db), 0), p.at(a0-da, side*(b/2+db+w*3), 0), p.at(a0, side*(b/2+w), 0)}
		r.blend(dst, c, q[:], int32(foam*50))
	}
}

// blend whitens one world polygon on the sea by alpha (0–256).
func (r *Renderer) blend(dst *image.YCbCr, c *camera, pts []vec, alpha int32) {
	if alpha <= 0 {
		return
	}
	r.poly.reset()
	r.poly.in = r.poly.in[:0]
	for _, p := range pts {
		r.poly.in = append(r.poly.in, c.toCam(p))
	}
	r.poly.ring(c)
	r.paint = paint{col: foamColour, alpha: alpha}
	r.poly.spans(c.w, c.h, func(y, x0, x1 int) { r.blendSpan(dst, y, x0, x1) })
}

// blendSpan mixes a span toward r.paint's colour by its alpha.
func (r *Renderer) blendSpan(dst *image.YCbCr, y, x0, x1 int) {
	col, a := r.paint.col, r.paint.alpha
	row := dst.Y[y*dst.YStride+x0 : y*dst.YStride+x1]
	for i, v := range row {
		// foam gathers on the bright crests: the sea's own texture
		// breaks the wake up
		aa := min(256, a*(int32(v)+48)>>7)
		row[i] = uint8(int32(v) + (col.y-int32(v))*aa>>8)
	}
	if y&1 == 0 {
		o := (y / 2) * dst.CStride
		cb, cr := dst.Cb[o+x0/2:o+(x1+1)/2], dst.Cr[o+x0/2:o+(x1+1)/2]
		for i := range cb {
			cb[i] = uint8(int32(cb[i]) + (col.cb-int32(cb[i]))*a>>8)
			cr[i] = uint8(int32(cr[i]) + (col.cr-int32(cr[i]))*a>>8)
		}
	}
}
