package track

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"

	"skerry/video/detect"
)

// Snapshot crops: the box with a margin of half its size each side, at
// least minCrop pixels, at most maxCrop (scaled down beyond).
const (
	minCrop     = 96
	maxCrop     = 480
	jpegQuality = 85
)

// quality ranks a detection's picture: bigger and surer is better; a box
// cut by the frame's edge shows part of the boat.
func quality(b detect.Box, w, h int) float64 {
	q := math.Sqrt(math.Max(b.W*b.H, 0)) * math.Max(b.Score, 0.05)
	if cut(b, float64(w), float64(h)) {
		q /= 2
	}
	return q
}

// crop is the JPEG of the frame around box, with the box drawn.
func crop(img *image.YCbCr, fullRange bool, b detect.Box) ([]byte, error) {
	fb := img.Rect
	side := math.Max(math.Max(b.W, b.H)*2, minCrop)
	cx, cy := b.X+b.W/2, b.Y+b.H/2
	r := image.Rect(int(cx-side/2), int(cy-side/2), int(cx+side/2), int(cy+side/2)).Add(fb.Min).Intersect(fb)
	if r.Empty() {
		return nil, errEmptyCrop
	}
	step := 1
	for r.Dx()/step > maxCrop || r.Dy()/step > maxCrop {
		step++
	}
	out := image.NewRGBA(image.Rect(0, 0, r.Dx()/step, r.Dy()/step))
	for y := range out.Rect.Dy() {
		for x := range out.Rect.Dx() {
			sx, sy := r.Min.X+x*step, r.Min.Y+y*step
			yi, ci := img.YOffset(sx, sy), img.COffset(sx, sy)
			Y := img.Y[yi]
			if !fullRange {
				Y = expand(Y)
			}
			R, G, B := color.YCbCrToRGB(Y, img.Cb[ci], img.Cr[ci])
			out.SetRGBA(x, y, color.RGBA{R, G, B, 255})
		}
	}
	// The box, in the crop's pixels.
	bx0 := int((b.X+float64(fb.Min.X)-float64(r.Min.X))/float64(step)) - 1
	by0 := int((b.Y+float64(fb.Min.Y)-float64(r.Min.Y))/float64(step)) - 1
	bx1 := int((b.X+b.W+float64(fb.Min.X)-float64(r.Min.X))/float64(step)) + 1
	by1 := int((b.Y+b.H+float64(fb.Min.Y)-float64(r.Min.Y))/float64(step)) + 1
	box := color.RGBA{255, 210, 0, 255}
	for x := bx0; x <= bx1; x++ {
		out.SetRGBA(x, by0, box)
		out.SetRGBA(x, by1, box)
	}
	for y := by0; y <= by1; y++ {
		out.SetRGBA(bx0, y, box)
		out.SetRGBA(bx1, y, box)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// expand maps a video-range luma (16–235) to full range.
func expand(y uint8) uint8 {
	v := (int(y) - 16) * 255 / 219
	return uint8(min(max(v, 0), 255))
}

type cropError string

func (e cropError) Error() string { return string(e) }

const errEmptyCrop = cropError("track: the box is outside the frame")
