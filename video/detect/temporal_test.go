package detect

import (
	"image"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// seaFrame is a 640×360 frame of dark blue sea with mild noise and an
// orange 10×24 hull at (x, y) (none when x < 0).
func seaFrame(seed uint64, x, y int) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, 640, 360), image.YCbCrSubsampleRatio420)
	s := seed
	for j := range 360 {
		for i := range 640 {
			s = s*6364136223846793005 + 1442695040888963407
			v := uint8(60 + int(s>>59))
			if x >= 0 && i >= x && i < x+10 && j >= y && j < y+24 {
				v = 150
			}
			img.Y[j*img.YStride+i] = v
		}
	}
	for j := range 180 {
		for i := range 320 {
			cb, cr := uint8(150), uint8(110)
			if x >= 0 && 2*i >= x && 2*i < x+10 && 2*j >= y && 2*j < y+24 {
				cb, cr = 80, 190
			}
			img.Cb[j*img.CStride+i], img.Cr[j*img.CStride+i] = cb, cr
		}
	}
	return img
}

// TestTemporalEgoMotion: the drone flies north 10 m a frame over a boat at
// rest, so the boat moves 55 px down the image; through the poses it stays
// at one place on the sea and is confirmed, while a blob that jumps about
// is not (MinHits 2).
func TestTemporalEgoMotion(t *testing.T) {
	p := DefaultParams()
	p.MinHits = 2
	d := NewClassical(p)
	epoch := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)
	const alt, hfov = 100.0, 60.0
	// Ground sampling distance: 2·100·tan 30° / 640 ≈ 0.18 m/px.
	gsd := 2 * alt * 0.57735 / 640
	var got [][]Box
	for k := range 3 {
		north := 10.0 * float64(k)
		pose := &gcs.CameraPose{Lat: 36 + north/111320, Lon: -5.4, AltAMSL: alt, Pitch: -90, HFOV: hfov, Aspect: 640.0 / 360}
		y := 100 + int(north/gsd)
		boxes, err := d.Detect(Frame{Image: seaFrame(uint64(k), 300, y), FullRange: true, Pose: pose, Captured: epoch.Add(time.Duration(k) * 2 * time.Second)})
		require.NoError(t, err)
		got = append(got, boxes)
	}
	require.Empty(t, got[0], "one frame is not enough with MinHits 2")
	for k := 1; k < 3; k++ {
		require.Len(t, got[k], 1, "frame %d: %+v", k, got[k])
		require.InDelta(t, 100+10*float64(k)/gsd+12, got[k][0].Y+got[k][0].H/2, 6)
	}

	// Without poses, the same frames: the boat jumps 55 px a frame, beyond
	// the pixel gate, and is never confirmed.
	d = NewClassical(p)
	for k := range 3 {
		y := 100 + int(10*float64(k)/gsd)
		boxes, err := d.Detect(Frame{Image: seaFrame(uint64(k), 300, y), FullRange: true, Captured: epoch.Add(time.Duration(k) * 2 * time.Second)})
		require.NoError(t, err)
		require.Empty(t, boxes, "frame %d", k)
	}

	// A boat that stays put in the image without a pose is confirmed and
	// scores more the more it is seen.
	p.MinHits = 1
	d = NewClassical(p)
	var scores []float64
	for k := range 3 {
		boxes, err := d.Detect(Frame{Image: seaFrame(uint64(k), 300, 100), FullRange: true, Captured: epoch.Add(time.Duration(k) * 2 * time.Second)})
		require.NoError(t, err)
		require.Len(t, boxes, 1)
		scores = append(scores, boxes[0].Score)
	}
	require.Less(t, scores[0], scores[1])
	require.Less(t, scores[1], scores[2])

	// Time going backwards forgets the history.
	boxes, err := d.Detect(Frame{Image: seaFrame(9, 300, 100), FullRange: true, Captured: epoch})
	require.NoError(t, err)
	require.Len(t, boxes, 1)
	require.InDelta(t, scores[0], boxes[0].Score, 0.05)
}
