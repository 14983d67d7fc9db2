package decode

import (
	"image"
	"math"
)

// Lookup tables from video range to full range (ITU-R BT.601/709 levels:
// Y 16–235 and chroma 16–240 stretched to 0–255, clamped).
var lumaJFIF, chromaJFIF = rangeTables()

func rangeTables() (y, c [256]uint8) {
	clamp := func(v float64) uint8 { return uint8(min(max(math.Round(v), 0), 255)) }
	for i := range 256 {
		y[i] = clamp(float64(i-16) * 255 / 219)
		c[i] = clamp(128 + math.Round(float64(i-128)*255/224)) // symmetric about 128
	}
	return y, c
}

// JFIF returns the picture with full-range samples, as image/color and
// image/jpeg read them: the image itself when it is already, otherwise a
// stretched copy (e.g. before encoding a JPEG snapshot of an H.264 frame).
func (p *Picture) JFIF() *image.YCbCr {
	if p.FullRange || p.Image == nil {
		return p.Image
	}
	src := p.Image
	out := &image.YCbCr{
		Y: make([]byte, len(src.Y)), Cb: make([]byte, len(src.Cb)), Cr: make([]byte, len(src.Cr)),
		YStride: src.YStride, CStride: src.CStride, SubsampleRatio: src.SubsampleRatio, Rect: src.Rect,
	}
	for i, v := range src.Y {
		out.Y[i] = lumaJFIF[v]
	}
	for i, v := range src.Cb {
		out.Cb[i] = chromaJFIF[v]
	}
	for i, v := range src.Cr {
		out.Cr[i] = chromaJFIF[v]
	}
	return out
}
