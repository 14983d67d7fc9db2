package detect

import (
	"image"
	"image/color"
)

// ToYCbCr returns m as full-range YCbCr (JPEG's own planes when m already
// is one; otherwise converted at 4:4:4).
func ToYCbCr(m image.Image) *image.YCbCr {
	if y, ok := m.(*image.YCbCr); ok {
		return y
	}
	b := m.Bounds()
	out := image.NewYCbCr(b, image.YCbCrSubsampleRatio444)
	for j := b.Min.Y; j < b.Max.Y; j++ {
		for i := b.Min.X; i < b.Max.X; i++ {
			r, g, bl, _ := m.At(i, j).RGBA()
			yy, cb, cr := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(bl>>8))
			out.Y[out.YOffset(i, j)] = yy
			out.Cb[out.COffset(i, j)] = cb
			out.Cr[out.COffset(i, j)] = cr
		}
	}
	return out
}
