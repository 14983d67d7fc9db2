package scene

import (
	"image"
	"math"
)

const (
	glintBlock = 128  // pixels of a row between glint values (interpolated)
	glintCos   = 0.94 // the sun's glitter spreads ~20° around its mirror point
	seaGain    = 200  // the wave texture's contrast on the sea, /256
	seaMid     = 80   // the wave texture's mean
)

// fixed is x in 16.16 fixed point, wrapped to 32 bits (the tiles wrap).
func fixed(x float64) uint32 { return uint32(int64(math.Floor(x * 65536))) }

// drawSea paints every row: sky above the horizon; below it the sea plane,
// each row a line on the plane stepped pixel by pixel through the wave
// tile's level for that row's footprint, hazed by the row's range, with
// the sun's glint block by block. It records each row's line in r.rows for
// the land.
func (r *Renderer) drawSea(dst *image.YCbCr, c *camera, sec float64) {
	sun := r.sunVec()
	look, tex := r.seaLook()
	r.rtStep = c.rt
	down := (r.world.windDir + 180) * math.Pi / 180
	ox, oy := math.Sin(down)*waveSpeed*sec, math.Cos(down)*waveSpeed*sec
	for j := 0; j < c.h; j++ {
		ri := &r.rows[j]
		*ri = rowInfo{}
		row := dst.Y[j*dst.YStride : j*dst.YStride+c.w]
		dc := c.fwd.sub(c.up.scale((float64(j) + 0.5 - c.cy) / c.fpx))
		if dc.z >= -1e-6 {
			elev := math.Atan2(dc.z, math.Hypot(dc.x, dc.y)) * 180 / math.Pi
			col := mix(hazeColour, zenithColour, int32(256*(1-math.Exp(-math.Max(elev, 0)/10))))
			fillRow(row, uint8(col.y))
			chromaRow(dst, j, c.w, col)
			continue
		}
		t := c.pos.z / -dc.z
		a := dc.add(c.rt.scale((0.5 - c.cx) / c.fpx))
		*ri = rowInfo{sea: true, t: t, gx0: c.pos.x + t*a.x, gy0: c.pos.y + t*a.y, dx: t * c.rt.x / c.fpx, dy: t * c.rt.y / c.fpx}
		ri.haze = r.hazeOf(t * dc.norm())
		// The footprint of a pixel: along the row, and across it
		// (stretched by the grazing angle); their geometric mean picks
		// the level.
		fp := t * dc.dot(dc) / (c.fpx * -dc.z)
		ri.level = max(0, int(math.Ceil(math.Log2(fp/landTexel))))
		col := mix(seaColour, hazeColour, ri.haze)
		chromaRow(dst, j, c.w, col)
		level := max(0, int(math.Ceil(math.Log2(fp/seaTexel))))
		gain := look.gain * (256 - ri.haze) >> 8
		if level > seaBits-3 || gain <= 0 {
			fillRow(row, uint8(col.y))
			continue
		}
		base := max(0, col.y-seaMid*gain>>8)
		gain = min(gain, (255-base)*256/255)
		s := seaSampler{tex: tex.sea[level], shift: uint(16 + level), bits: uint(seaBits - level)}
		s.mask = 1<<s.bits - 1
		u, v := fixed((ri.gx0-ox)/seaTexel), fixed((ri.gy0-oy)/seaTexel)
		du, dv := fixed(ri.dx/seaTexel), fixed(ri.dy/seaTexel)
		gPrev := r.glintAt(a, 0, c.fpx, sun, ri.haze, look.glintCos)
		for bx := 0; bx < c.w; bx += glintBlock {
			end := min(bx+glintBlock, c.w)
			g := r.glintAt(a, float64(end), c.fpx, sun, ri.haze, look.glintCos)
			if g <= 0 && gPrev <= 0 {
				u, v = s.plain(row[bx:end], u, v, du, dv, base, gain)
			} else {
				u, v = s.glint(row[bx:end], u, v, du, dv, base, gain, gPrev<<8, (g-gPrev)<<8/int32(end-bx))
			}
			gPrev = g
		}
	}
}

// glintAt is the sun's glint (0–256) at pixel x of a row whose pixel 0
// looks along a: how near the ray's mirror image points to the sun
// (nothing beyond the angle whose cosine is spread).
func (r *Renderer) glintAt(a vec, x, fpx float64, sun vec, haze int32, spread float64) int32 {
	if sun.z <= 0 {
		return 0
	}
	d := a.add(r.rtStep.scale((x - 0.5) / fpx))
	refl := vec{d.x, d.y, -d.z}
	cs := refl.dot(sun) / refl.norm()
	if cs <= spread {
		return 0
	}
	q := (cs - spread) / (1 - spread)
	k := r.Glint
	if !(k >= 0 && k <= 4) {
		k = 1
	}
	return int32(256 * q * q * k * float64(256-haze) / 256)
}

// seaSampler steps through one level of the wave tile.
type seaSampler struct {
	tex         []uint8
	shift, bits uint
	mask        uint32
}

// plain writes base + texel·gain/256 along out.
func (s *seaSampler) plain(out []uint8, u, v, du, dv uint32, base, gain int32) (uint32, uint32) {
	tex, sh, bits, m := s.tex, s.shift, s.bits, s.mask
	for i := range out {
		tv := int32(tex[((v>>sh)&m)<<bits|(u>>sh)&m])
		out[i] = uint8(base + tv*gain>>8)
		u += du
		v += dv
	}
	return u, v
}

// glint is plain brightened by the sun's glint g (0–256, ×256 fixed
// point, stepping by dg a pixel): a sheen, and sparkle on bright facets.
func (s *seaSampler) glint(out []uint8, u, v, du, dv uint32, base, gain, g, dg int32) (uint32, uint32) {
	tex, sh, bits, m := s.tex, s.shift, s.bits, s.mask
	for i := range out {
		tv := int32(tex[((v>>sh)&m)<<bits|(u>>sh)&m])
		gi := g >> 8
		sp := tv - 95
		sp &^= sp >> 31 // max(0, tv-95) without a branch
		y := base + tv*gain>>8 + gi*70>>8 + sp*gi>>5
		out[i] = uint8(min(y, 255))
		u += du
		v += dv
		g += dg
	}
	return u, v
}

// fillRow sets a row of luma.
func fillRow(row []uint8, y uint8) {
	for i := range row {
		row[i] = y
	}
}

// chromaRow sets the chroma of image row j's pair when j is even.
func chromaRow(dst *image.YCbCr, j, w int, col yuv) {
	if j&1 != 0 {
		return
	}
	o := (j / 2) * dst.CStride
	cb, cr := dst.Cb[o:o+(w+1)/2], dst.Cr[o:o+(w+1)/2]
	fillRow(cb, uint8(col.cb))
	fillRow(cr, uint8(col.cr))
}
