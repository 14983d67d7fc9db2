package decode

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
)

// jpegDecoder decodes MJPEG in process: every unit is a whole JPEG file
// (gortsplib's RTP/JPEG depacketiser rebuilds them).
type jpegDecoder struct{}

// Decode decodes u when it is wanted (JPEG frames reference nothing, so
// unwanted ones are skipped).
func (d *jpegDecoder) Decode(ctx context.Context, u Unit) (*Picture, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !u.Want {
		return nil, nil
	}
	img, err := decodeJPEG(u.Data)
	if err != nil {
		return nil, err
	}
	return &Picture{PTS: u.PTS, Image: img, FullRange: true}, nil
}

func (d *jpegDecoder) Name() string { return "image/jpeg (in process)" }
func (d *jpegDecoder) Close() error { return nil }

// decodeJPEG decodes one JPEG to 4:2:0 YCbCr. image/jpeg is pure Go, so
// it cannot corrupt memory; a panic on hostile data is caught all the same.
func decodeJPEG(data []byte) (img *image.YCbCr, err error) {
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("jpeg: decoder panic: %v", p)
		}
	}()
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("jpeg: %w", err)
	}
	if cfg.Width > maxDim || cfg.Height > maxDim {
		return nil, fmt.Errorf("jpeg: %dx%d is over the %d limit", cfg.Width, cfg.Height, maxDim)
	}
	m, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("jpeg: %w", err)
	}
	return to420(m), nil
}

// to420 returns m as 4:2:0 YCbCr with its origin at (0, 0), converting
// (chroma averaged over each 2×2 block) when it is anything else: 4:2:2
// and 4:4:4 cameras, greyscale, CMYK.
func to420(m image.Image) *image.YCbCr {
	if y, ok := m.(*image.YCbCr); ok && y.SubsampleRatio == image.YCbCrSubsampleRatio420 && y.Rect.Min == (image.Point{}) {
		return y
	}
	b := m.Bounds()
	out := image.NewYCbCr(image.Rect(0, 0, b.Dx(), b.Dy()), image.YCbCrSubsampleRatio420)
	at := func(x, y int) color.YCbCr {
		switch s := m.(type) {
		case *image.YCbCr:
			return s.YCbCrAt(b.Min.X+x, b.Min.Y+y)
		case *image.Gray:
			return color.YCbCr{Y: s.GrayAt(b.Min.X+x, b.Min.Y+y).Y, Cb: 128, Cr: 128}
		}
		return color.YCbCrModel.Convert(m.At(b.Min.X+x, b.Min.Y+y)).(color.YCbCr)
	}
	w, h := b.Dx(), b.Dy()
	for cy := 0; cy < (h+1)/2; cy++ {
		for cx := 0; cx < (w+1)/2; cx++ {
			var cb, cr, n int
			for dy := 0; dy < 2; dy++ {
				for dx := 0; dx < 2; dx++ {
					x, y := 2*cx+dx, 2*cy+dy
					if x >= w || y >= h {
						continue
					}
					c := at(x, y)
					out.Y[y*out.YStride+x] = c.Y
					cb += int(c.Cb)
					cr += int(c.Cr)
					n++
				}
			}
			out.Cb[cy*out.CStride+cx] = uint8((cb + n/2) / n)
			out.Cr[cy*out.CStride+cx] = uint8((cr + n/2) / n)
		}
	}
	return out
}
