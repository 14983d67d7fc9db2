package detect

import (
	"image"
	"testing"
	"time"

	"skerry/sim"
	"skerry/sim/scene"
)

// BenchmarkDetect720p times one 1280×720 frame: a rendered simulator frame
// 120 m over a vessel at 45°, and a real frame scaled to 720p.
func BenchmarkDetect720p(b *testing.B) {
	world, err := scene.NewWorld(sim.DefaultScenario(), 1)
	if err != nil {
		b.Fatal(err)
	}
	r := scene.NewRenderer(world, 1280, 720)
	simImg := r.NewFrame()
	pose := posesOver(world.Vessels(0)[0], simCase{120, -45})
	r.Render(simImg, pose, 0, time.Now())
	real, err := readJPEG(realDir + "/test/images/DJI_0262_JPG.rf.f32163d4903235060c8ef93b9f5afc6c.jpg")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    Frame
	}{
		{"sim", Frame{Image: simImg, FullRange: true, Pose: simPose(pose, 1280, 720)}},
		{"real", Frame{Image: scaleTo(real, 1280, 720), FullRange: true, Pose: realPose()}},
	} {
		b.Run(c.name, func(b *testing.B) {
			d := NewClassical(DefaultParams())
			for b.Loop() {
				if _, err := d.Detect(c.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// scaleTo resamples m to w×h (nearest neighbour, 4:4:4).
func scaleTo(m *image.YCbCr, w, h int) *image.YCbCr {
	out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio444)
	W, H := m.Rect.Dx(), m.Rect.Dy()
	for j := range h {
		for i := range w {
			x, y := i*W/w, j*H/h
			k := j*out.YStride + i
			out.Y[k] = m.Y[m.YOffset(x, y)]
			out.Cb[k] = m.Cb[m.COffset(x, y)]
			out.Cr[k] = m.Cr[m.COffset(x, y)]
		}
	}
	return out
}
