package detect

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBigRoughShipAtSea: a ship filling much of the frame (a region
// larger than LandFrac) with dark hull and rough deck cargo, water all
// round it, is a vessel; the same region running off the frame's edge is
// land and is not.
func TestBigRoughShipAtSea(t *testing.T) {
	ship := func(x0, x1 int) []Box {
		img := seaFrame(3, -1, 0)
		for j := 130; j < 200; j++ {
			for i := x0; i < x1; i++ {
				v := uint8(30) // dark hull
				if j > 140 && j < 190 && i > x0+10 && i < x1-10 {
					v = uint8(40 + 120*((i/12+j/9)%2)) // containers
				}
				img.Y[j*img.YStride+i] = v
				img.Cb[j/2*img.CStride+i/2], img.Cr[j/2*img.CStride+i/2] = 120, 150
			}
		}
		boxes, err := NewClassical(DefaultParams()).Detect(Frame{Image: img, FullRange: true})
		require.NoError(t, err)
		return boxes
	}
	boxes := ship(160, 460)
	require.NotEmpty(t, boxes)
	require.GreaterOrEqual(t, iou(boxRect(boxes[0]), rect{160, 130, 460, 200}), 0.7, "%+v", boxes[0])
	for _, b := range ship(0, 300) {
		require.Less(t, iou(boxRect(b), rect{0, 130, 300, 200}), 0.3, "land running off the frame: %+v", b)
	}
}
