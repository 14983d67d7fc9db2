package cli

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"
)

// i420Suffix names a frame stored as its 4:2:0 YCbCr planes in a grey
// PNG, as skerry bench vessels --dump-dir writes it (bench.DumpFrame):
// W wide and H×3/2 tall, H rows of Y, then H/2 rows each holding a row
// of Cb (left half) and of Cr (right half). skerry detect reads it as
// the exact frame the bench's detector saw.
const i420Suffix = ".i420.png"

// isI420 reports whether a file is to be read as planes.
func isI420(path string) bool { return strings.HasSuffix(strings.ToLower(path), i420Suffix) }

// decodeI420 decodes a planes PNG to a 4:2:0 frame.
func decodeI420(data []byte) (*image.YCbCr, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not a PNG image: %w", err)
	}
	W, rows := cfg.Width, cfg.Height
	if W <= 0 || W%2 != 0 || rows <= 0 || rows%3 != 0 || int64(W)*int64(rows) > maxDetectPixels {
		return nil, fmt.Errorf("planes image %d×%d: want an even width and a height of 3/2 the frame's", W, rows)
	}
	H := rows / 3 * 2
	m, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	g, ok := m.(*image.Gray)
	if !ok {
		return nil, fmt.Errorf("planes image is %T, want 8-bit grey", m)
	}
	out := image.NewYCbCr(image.Rect(0, 0, W, H), image.YCbCrSubsampleRatio420)
	for y := range H {
		copy(out.Y[y*out.YStride:], g.Pix[y*g.Stride:y*g.Stride+W])
	}
	cw := W / 2
	for y := range H / 2 {
		row := g.Pix[(H+y)*g.Stride:]
		copy(out.Cb[y*out.CStride:], row[:cw])
		copy(out.Cr[y*out.CStride:], row[cw:W])
	}
	return out, nil
}
