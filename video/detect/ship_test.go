package detect

import (
	"image"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
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

// paint fills r of img with luma y and chroma (cb, cr).
func paint(img *image.YCbCr, r rect, y, cb, cr uint8) {
	for j := int(r.y0); j < int(r.y1); j++ {
		for i := int(r.x0); i < int(r.x1); i++ {
			img.Y[j*img.YStride+i] = y
			img.Cb[j/2*img.CStride+i/2], img.Cr[j/2*img.CStride+i/2] = cb, cr
		}
	}
}

// TestShipInTwoTonesJoinedAtASeam: a ship of two colours (a brown hull
// and a grey-green superstructure) meets at a thin line that passes the
// water's test (the edge's texture, as rendered or compressed): it is one
// ship with one box, not two.
func TestShipInTwoTonesJoinedAtASeam(t *testing.T) {
	boxesFor := func(seam float64) []Box {
		img := seaFrame(5, -1, 0)
		paint(img, rect{160, 150, 300, 200}, 90, 110, 160)         // hull, brown
		paint(img, rect{300 + seam, 150, 440, 200}, 150, 100, 120) // superstructure, grey-green
		paint(img, rect{300, 150, 300 + seam, 200}, 70, 150, 110)  // the seam, of the sea's colour
		boxes, err := NewClassical(DefaultParams()).Detect(Frame{Image: img, FullRange: true})
		require.NoError(t, err)
		return boxes
	}
	ship := rect{160, 150, 440, 200}
	boxes := boxesFor(4)
	require.NotEmpty(t, boxes)
	require.GreaterOrEqual(t, iou(boxRect(boxes[0]), ship), 0.7, "%+v", boxes)
	require.Len(t, boxes, 1, "one ship, one box")
	// Water 20 px wide between two things is water: they are not joined.
	for _, b := range boxesFor(20) {
		require.Less(t, iou(boxRect(b), ship), 0.7, "%+v", b)
	}
}

// TestShipAcrossTheFrame: a ship passing under the camera from the top of
// the frame to the bottom, water on both sides, is a vessel; land along
// one side (a shore) touching the same two edges is not.
func TestShipAcrossTheFrame(t *testing.T) {
	// 120 m straight down: 0.26 m a pixel, the ship 95 m long in view.
	pose := &gcs.CameraPose{AltAMSL: 120, Pitch: -90, HFOV: 70}
	img := seaFrame(9, -1, 0)
	ship := rect{280, 0, 340, 360}
	paint(img, ship, 90, 110, 160)
	boxes, err := NewClassical(DefaultParams()).Detect(Frame{Image: img, FullRange: true, Pose: pose})
	require.NoError(t, err)
	require.NotEmpty(t, boxes)
	require.GreaterOrEqual(t, iou(boxRect(boxes[0]), ship), 0.7, "%+v", boxes)

	img = seaFrame(9, -1, 0)
	shore := rect{0, 0, 200, 360}
	paint(img, shore, 90, 110, 160)
	boxes, err = NewClassical(DefaultParams()).Detect(Frame{Image: img, FullRange: true, Pose: pose})
	require.NoError(t, err)
	for _, b := range boxes {
		require.Less(t, iou(boxRect(b), shore), 0.3, "a shore is not a vessel: %+v", b)
	}
}
