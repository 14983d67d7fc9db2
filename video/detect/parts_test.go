package detect

import (
	"image"
	"testing"

	"github.com/stretchr/testify/require"
)

// twoBoatsInGlitter is seaFrame's sea with orange 16×40 and 16×24 hulls 40 px
// apart, joined by a band of glitter between them (the sea's colour, much
// brighter).
func twoBoatsInGlitter() (*image.YCbCr, []rect) {
	img := seaFrame(7, -1, 0)
	hulls := []rect{{200, 150, 216, 190}, {256, 158, 272, 182}}
	in := func(i, j int, r rect) bool {
		return float64(i) >= r.x0 && float64(i) < r.x1 && float64(j) >= r.y0 && float64(j) < r.y1
	}
	glitter := rect{214, 160, 258, 180}
	for j := range 360 {
		for i := range 640 {
			switch {
			case in(i, j, hulls[0]) || in(i, j, hulls[1]):
				img.Y[j*img.YStride+i] = 150
				img.Cb[j/2*img.CStride+i/2], img.Cr[j/2*img.CStride+i/2] = 80, 190
			case in(i, j, glitter):
				img.Y[j*img.YStride+i] = 200
			}
		}
	}
	return img, hulls
}

// TestTwoBoatsJoinedByGlitter: a blob holding two hulls (and the glare
// between them) gives a box for each hull, not one box for the larger.
func TestTwoBoatsJoinedByGlitter(t *testing.T) {
	img, hulls := twoBoatsInGlitter()
	found := func(p Params) int {
		boxes, err := NewClassical(p).Detect(Frame{Image: img, FullRange: true})
		require.NoError(t, err)
		n := 0
		for _, h := range hulls {
			for _, b := range boxes {
				if iou(boxRect(b), h) >= 0.5 {
					n++
					break
				}
			}
		}
		return n
	}
	require.Equal(t, 2, found(DefaultParams()), "each hull has its box")
	p := DefaultParams()
	p.PartShare = 0
	require.Less(t, found(p), 2, "without parts one box covers both (the test shows the mechanism)")
}
