package bench

import (
	"image"
	"image/color"
	"path/filepath"
	"strings"

	"skerry/sim/scene"
	"skerry/video/detect"
)

// writeDebug writes a frame as PNG to dir with the true boxes that count
// in green, the neutral ones in yellow and the detections in red.
func writeDebug(dir, name string, img *image.YCbCr, truth []scene.Truth, dets []detect.Box) error {
	out := toRGBA(img)
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
	return writePNG(filepath.Join(dir, name+".png"), out)
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
