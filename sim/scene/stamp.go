package scene

import (
	"image"
	"time"
)

// stampBits is how many bits of Unix milliseconds the stamp carries.
const stampBits = 48

// stampCell is the side of one bit's square, in pixels: large enough to
// survive H.264 and JPEG compression at any sane quality.
const stampCell = 8

// Stamp burns t (Unix milliseconds, 48 bits) into the top-left corner of
// img as a row of black and white squares, with a white-black guard pair
// before it.
func Stamp(img *image.YCbCr, t time.Time) {
	ms := uint64(t.UnixMilli())
	for c := 0; c < stampBits+2; c++ {
		on := c == 0
		if c >= 2 {
			on = ms>>uint(stampBits+1-c)&1 == 1
		}
		v := uint8(16)
		if on {
			v = 235
		}
		for y := 0; y < stampCell && y < img.Rect.Dy(); y++ {
			for x := c * stampCell; x < (c+1)*stampCell && x < img.Rect.Dx(); x++ {
				img.Y[y*img.YStride+x] = v
			}
		}
	}
}

// ReadStamp reads a time burnt by Stamp from a decoded frame; ok is false
// when the corner holds no stamp.
func ReadStamp(img *image.YCbCr) (time.Time, bool) {
	n := stampBits + 2
	if img.Rect.Dx() < n*stampCell || img.Rect.Dy() < stampCell {
		return time.Time{}, false
	}
	bit := func(c int) bool {
		y, x := stampCell/2, c*stampCell+stampCell/2
		return img.Y[y*img.YStride+x] > 128
	}
	if !bit(0) || bit(1) {
		return time.Time{}, false
	}
	var ms uint64
	for c := 2; c < n; c++ {
		ms <<= 1
		if bit(c) {
			ms |= 1
		}
	}
	return time.UnixMilli(int64(ms)), true
}
