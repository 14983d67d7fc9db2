package bench

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"skerry/sim/scene"
	"skerry/video/detect"
)

// writeDebug writes a frame as PNG to dir with the true boxes that count
// in green, the neutral ones in yellow and the detections in red.
func writeDebug(dir, name string, img *image.YCbCr, truth []scene.Truth, dets []detect.Box) error {
	b := img.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	for _, t := range truth {
		c := color.RGBA{0, 255, 0, 255}
		if !counts(t) {
			c = color.RGBA{255, 255, 0, 255}
		}
		outline(out, rectBox(t.Box.Inset(-2)), c)
	}
	for _, d := range dets {
		outline(out, detBox(d), color.RGBA{255, 0, 0, 255})
	}
	name = strings.NewReplacer("/", "-", "°", "").Replace(name)
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		return fmt.Errorf("bench vessels: %w", err)
	}
	if err := png.Encode(f, out); err != nil {
		f.Close()
		return fmt.Errorf("bench vessels: %w", err)
	}
	return f.Close()
}

// outline draws a box's edges.
func outline(img *image.RGBA, r box, c color.RGBA) {
	x0, y0, x1, y1 := int(r.x0), int(r.y0), int(r.x1), int(r.y1)
	for x := x0; x <= x1; x++ {
		img.SetRGBA(x, y0, c)
		img.SetRGBA(x, y1, c)
	}
	for y := y0; y <= y1; y++ {
		img.SetRGBA(x0, y, c)
		img.SetRGBA(x1, y, c)
	}
}
