package detect

import (
	"image"
	"image/draw"
	"image/png"
	"os"
	"testing"

	"skerry/gcs"
)

func TestZZPNG(t *testing.T) {
	path := os.Getenv("TRACE_PNG")
	if path == "" {
		t.Skip()
	}
	f, _ := os.Open(path)
	m, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(m.Bounds())
	draw.Draw(rgba, rgba.Rect, m, image.Point{}, draw.Src)
	y := image.NewYCbCr(m.Bounds(), image.YCbCrSubsampleRatio444)
	for j := 0; j < rgba.Rect.Dy(); j++ {
		for i := 0; i < rgba.Rect.Dx(); i++ {
			o := rgba.PixOffset(i, j)
			yy, cb, cr := colorRGBToYCbCr(rgba.Pix[o], rgba.Pix[o+1], rgba.Pix[o+2])
			y.Y[y.YOffset(i, j)], y.Cb[y.COffset(i, j)], y.Cr[y.COffset(i, j)] = yy, cb, cr
		}
	}
	d := NewClassical(DefaultParams())
	d.work.tracef = func(b *blob, why string) {
		s := d.work.scale
		if b.area > 20 {
			l, wd, _, _ := b.axes()
			t.Logf("%s: box %.0f,%.0f %.0fx%.0f area %d hull %d maxZ %.1f water %.2f L %.0f W %.0f", why, float64(b.x0)*s, float64(b.y0)*s, float64(b.x1-b.x0)*s, float64(b.y1-b.y0)*s, b.area, b.hull, b.maxZ, d.work.waterAround(b), l, wd)
		}
	}
	boxes, _ := d.Detect(Frame{Image: y, FullRange: true, Pose: &gcs.CameraPose{Lat: 36.1, Lon: -5.4, AltAMSL: 120, Pitch: -90, HFOV: 70, Aspect: 16.0 / 9}})
	t.Logf("boxes %v", boxes)
}
