package yolo

import (
	"errors"
	"image"
	"math"
)

// Grey is the letterbox's padding, 114 of 255 on every channel (as the
// Ultralytics exporters train and export).
const Grey = 114

// Letterbox maps a source frame into a model's input: scaled by one
// factor keeping the aspect, centred, the rest padded with Grey.
type Letterbox struct {
	SrcW, SrcH int // the source frame, pixels
	InW, InH   int // the model's input, pixels
	W, H       int // the scaled frame inside the input, pixels
	PadX, PadY int // left and top padding, pixels
}

// NewLetterbox fits a srcW×srcH frame into an inW×inH input. Sizes below
// one are taken as one.
func NewLetterbox(srcW, srcH, inW, inH int) Letterbox {
	srcW, srcH, inW, inH = max(srcW, 1), max(srcH, 1), max(inW, 1), max(inH, 1)
	r := math.Min(float64(inW)/float64(srcW), float64(inH)/float64(srcH))
	w := min(max(int(math.Round(float64(srcW)*r)), 1), inW)
	h := min(max(int(math.Round(float64(srcH)*r)), 1), inH)
	return Letterbox{SrcW: srcW, SrcH: srcH, InW: inW, InH: inH, W: w, H: h, PadX: (inW - w) / 2, PadY: (inH - h) / 2}
}

// ToSource maps a point of the input to the source frame (not clipped).
func (l Letterbox) ToSource(x, y float64) (float64, float64) {
	return (x - float64(l.PadX)) * float64(l.SrcW) / float64(l.W), (y - float64(l.PadY)) * float64(l.SrcH) / float64(l.H)
}

// ToInput maps a point of the source frame to the input.
func (l Letterbox) ToInput(x, y float64) (float64, float64) {
	return x*float64(l.W)/float64(l.SrcW) + float64(l.PadX), y*float64(l.H)/float64(l.SrcH) + float64(l.PadY)
}

// errShortImage: an image's planes are shorter than its rectangle says.
var errShortImage = errors.New("yolo: image planes shorter than its size")

// chromaDiv gives the horizontal and vertical chroma subsampling.
func chromaDiv(r image.YCbCrSubsampleRatio) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}

// tap is one output coordinate's two source samples and the weight of
// the second.
type tap struct {
	i0, i1 int32
	w      float32
}

// taps gives, for each of n output positions spread over src samples
// (sub to one luma sample), the bilinear taps in a plane of size samples.
func taps(n, src, sub, size int) []tap {
	out := make([]tap, n)
	scale := float64(src) / float64(n)
	for i := range out {
		s := ((float64(i)+0.5)*scale)/float64(sub) - 0.5
		s = math.Max(0, math.Min(s, float64(size-1)))
		i0 := int(s)
		i1 := min(i0+1, size-1)
		out[i] = tap{int32(i0), int32(i1), float32(s - float64(i0))}
	}
	return out
}

// Preprocess letterboxes img into dst, the model's input as float32 RGB
// planes (CHW) scaled 0..1, resampled bilinearly; fullRange tells the
// samples' range (JPEG's 0–255, or video's 16–235), BT.601 colours. dst
// must hold 3×l.InW×l.InH values; img must match l's source size.
func Preprocess(dst []float32, img *image.YCbCr, fullRange bool, l Letterbox) error {
	plane := l.InW * l.InH
	if len(dst) < 3*plane {
		return errors.New("yolo: input buffer too small")
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w != l.SrcW || h != l.SrcH || w <= 0 || h <= 0 {
		return errors.New("yolo: image size does not match the letterbox")
	}
	dx, dy := chromaDiv(img.SubsampleRatio)
	cw := (img.Rect.Max.X+dx-1)/dx - img.Rect.Min.X/dx
	ch := (img.Rect.Max.Y+dy-1)/dy - img.Rect.Min.Y/dy
	if img.YStride < w || img.CStride < cw || len(img.Y) < (h-1)*img.YStride+w ||
		len(img.Cb) < (ch-1)*img.CStride+cw || len(img.Cr) < (ch-1)*img.CStride+cw {
		return errShortImage
	}
	const pad = float32(Grey) / 255
	for c := range 3 {
		p := dst[c*plane : (c+1)*plane]
		fillPad(p[:l.PadY*l.InW], pad)
		fillPad(p[(l.PadY+l.H)*l.InW:], pad)
		for j := l.PadY; j < l.PadY+l.H; j++ {
			row := p[j*l.InW : (j+1)*l.InW]
			fillPad(row[:l.PadX], pad)
			fillPad(row[l.PadX+l.W:], pad)
		}
	}
	xl, yl := taps(l.W, w, 1, w), taps(l.H, h, 1, h)
	xc, yc := taps(l.W, w, dx, cw), taps(l.H, h, dy, ch)
	yOff, ySc, cSc := float32(0), float32(1), float32(1)
	if !fullRange {
		yOff, ySc, cSc = 16, 255.0/219, 255.0/224
	}
	// Vertically first into rows of the source's width, then across.
	vy, vb, vr := make([]float32, w), make([]float32, cw), make([]float32, cw)
	for j := range l.H {
		ty, tc := yl[j], yc[j]
		vlerp(vy, img.Y[int(ty.i0)*img.YStride:][:w], img.Y[int(ty.i1)*img.YStride:][:w], ty.w, yOff, ySc)
		vlerp(vb, img.Cb[int(tc.i0)*img.CStride:][:cw], img.Cb[int(tc.i1)*img.CStride:][:cw], tc.w, 128, cSc)
		vlerp(vr, img.Cr[int(tc.i0)*img.CStride:][:cw], img.Cr[int(tc.i1)*img.CStride:][:cw], tc.w, 128, cSc)
		o := (j+l.PadY)*l.InW + l.PadX
		r, g, b := dst[o:o+l.W], dst[plane+o:plane+o+l.W], dst[2*plane+o:2*plane+o+l.W]
		for i := range r {
			tx, cx := xl[i], xc[i]
			yv := vy[tx.i0] + (vy[tx.i1]-vy[tx.i0])*tx.w
			u := vb[cx.i0] + (vb[cx.i1]-vb[cx.i0])*cx.w
			v := vr[cx.i0] + (vr[cx.i1]-vr[cx.i0])*cx.w
			r[i] = unit(yv + 1.402*v)
			g[i] = unit(yv - 0.344136*u - 0.714136*v)
			b[i] = unit(yv + 1.772*u)
		}
	}
	return nil
}

// fillPad sets every value of p to v.
func fillPad(p []float32, v float32) {
	for i := range p {
		p[i] = v
	}
}

// vlerp interpolates between two rows of samples by wy into out, less
// off and times sc.
func vlerp(out []float32, row0, row1 []uint8, wy, off, sc float32) {
	row1 = row1[:len(row0)]
	out = out[:len(row0)]
	for i, a := range row0 {
		fa := float32(a)
		out[i] = (fa + (float32(row1[i])-fa)*wy - off) * sc
	}
}

// unit scales a 0–255 value to 0..1, clamped.
func unit(v float32) float32 {
	return min(max(v, 0), 255) / 255
}
