package yolo

import "image"

// frame is a w×h 4:2:0 frame, black, full range or video range.
func frame(w, h int, full bool) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	black := uint8(0)
	if !full {
		black = 16
	}
	for i := range img.Y {
		img.Y[i] = black
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 128, 128
	}
	return img
}

// fill paints a rectangle in YCbCr.
func fill(img *image.YCbCr, r image.Rectangle, y, cb, cr uint8) {
	for j := r.Min.Y; j < r.Max.Y; j++ {
		for i := r.Min.X; i < r.Max.X; i++ {
			img.Y[img.YOffset(i, j)] = y
			img.Cb[img.COffset(i, j)] = cb
			img.Cr[img.COffset(i, j)] = cr
		}
	}
}
