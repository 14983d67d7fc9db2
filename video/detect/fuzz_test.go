package detect

import (
	"image"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// FuzzDetect: frames of any size (tiny, odd, degenerate, one colour, noise)
// and any pose (NaN, infinite, below the sea) give boxes inside the frame
// with scores in 0..1, or none, never a crash.
func FuzzDetect(f *testing.F) {
	f.Add(uint16(64), uint16(48), uint8(0), int64(1), 100.0, -90.0, 70.0, true, false)
	f.Add(uint16(1), uint16(1), uint8(1), int64(2), math.NaN(), -45.0, 60.0, false, true)
	f.Add(uint16(9), uint16(3000), uint8(2), int64(3), 50.0, 10.0, 170.0, true, true)
	f.Add(uint16(641), uint16(17), uint8(0), int64(4), -5.0, math.Inf(1), 0.0, false, false)
	f.Add(uint16(200), uint16(150), uint8(3), int64(5), 120.0, -45.0, 70.0, true, false)
	f.Fuzz(func(t *testing.T, w, h uint16, ratio uint8, seed int64, alt, pitch, hfov float64, withPose, full bool) {
		w, h = w%1500, h%1500
		ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio440}
		img := image.NewYCbCr(image.Rect(0, 0, int(w), int(h)), ratios[int(ratio)%len(ratios)])
		x := uint64(seed)
		for i := range img.Y {
			x = x*6364136223846793005 + 1442695040888963407
			img.Y[i] = uint8(x >> 56 & 0x3f)
			if x>>40&0xff == 0 {
				img.Y[i] = 250
			}
		}
		for i := range img.Cb {
			img.Cb[i], img.Cr[i] = 120, uint8(130+i%3)
		}
		fr := Frame{Image: img, FullRange: full}
		if withPose {
			fr.Pose = &gcs.CameraPose{AltAMSL: alt, Pitch: pitch, HFOV: hfov, Lat: 36, Lon: -5}
		}
		d := NewClassical(DefaultParams())
		for range 2 {
			boxes, err := d.Detect(fr)
			require.NoError(t, err)
			for _, b := range boxes {
				require.True(t, b.X >= 0 && b.Y >= 0 && b.X+b.W <= float64(w)+1e-9 && b.Y+b.H <= float64(h)+1e-9, "%+v in %dx%d", b, w, h)
				require.True(t, b.Score >= 0 && b.Score <= 1, "%+v", b)
			}
		}
	})
}

// TestDegenerate: nil and empty images, and an image whose planes are
// shorter than its rectangle.
func TestDegenerate(t *testing.T) {
	d := NewClassical(Params{})
	b, err := d.Detect(Frame{})
	require.NoError(t, err)
	require.Empty(t, b)
	img := image.NewYCbCr(image.Rect(0, 0, 64, 64), image.YCbCrSubsampleRatio420)
	img.Y = img.Y[:100]
	_, err = d.Detect(Frame{Image: img})
	require.Error(t, err)
}
