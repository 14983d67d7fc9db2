package detect

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// writeDebug draws the frame (a third of its size) with truth (vessels
// red, neutral grey) and detections (green) into dir, for a look.
func writeDebug(t *testing.T, dir string, fr realFrame, boxes []Box) {
	const s = 3
	b := fr.img.Rect
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()/s, b.Dy()/s))
	for y := 0; y < b.Dy()/s; y++ {
		for x := 0; x < b.Dx()/s; x++ {
			out.Set(x, y, fr.img.At(x*s, y*s))
		}
	}
	rectOn := func(r rect, c color.RGBA) {
		x0, y0, x1, y1 := int(r.x0/s), int(r.y0/s), int(r.x1/s), int(r.y1/s)
		for x := x0; x <= x1; x++ {
			out.Set(x, y0, c)
			out.Set(x, y1, c)
		}
		for y := y0; y <= y1; y++ {
			out.Set(x0, y, c)
			out.Set(x1, y, c)
		}
	}
	for _, tb := range fr.truth {
		c := color.RGBA{255, 0, 0, 255}
		if tb.neutral {
			c = color.RGBA{128, 128, 128, 255}
		}
		rectOn(tb.r, c)
	}
	for _, d := range boxes {
		rectOn(boxRect(d), color.RGBA{0, 255, 0, 255})
	}
	f, err := os.Create(filepath.Join(dir, fr.name[:8]+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, out); err != nil {
		t.Fatal(err)
	}
}
