package scene

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestQuayRings checks a port is drawn as quays round a basin, and a
// small one as a solid pier, whichever way its ring winds.
func TestQuayRings(t *testing.T) {
	square := []xy{{0, 0}, {200, 0}, {200, 200}, {0, 200}, {0, 0}}
	rings := quayRings(square)
	require.Len(t, rings, 2)
	require.InDelta(t, 140*140, signedArea(rings[1]), 1e-6)
	require.InDelta(t, quayWidth, rings[1][0].x, 1e-9)
	require.InDelta(t, quayWidth, rings[1][0].y, 1e-9)

	cw := []xy{{0, 0}, {0, 200}, {200, 200}, {200, 0}}
	rings = quayRings(cw)
	require.Len(t, rings, 2)
	require.InDelta(t, -140*140, signedArea(rings[1]), 1e-6)

	require.Len(t, quayRings([]xy{{0, 0}, {50, 0}, {50, 50}, {0, 50}}), 1, "too small for a basin")
	require.Len(t, quayRings([]xy{{0, 0}, {500, 0}, {500, 40}, {0, 40}}), 1, "too thin for a basin")
	require.Len(t, quayRings([]xy{{0, 0}, {1, 1}}), 1, "not a polygon")
}

// TestPortBasinIsWater looks straight down at the middle of the
// Alcaidesa Marina's port polygon, inside its quays and off the land:
// water, where the polygon used to be drawn as a concrete slab.
func TestPortBasinIsWater(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	r := NewRenderer(w, 64, 36)
	img := r.NewFrame()
	r.Render(img, Pose{Lat: 36.1588, Lon: -5.3555, Alt: 30, GimbalPitch: -90, HFOV: 40}, 0, time.Unix(0, 0))
	c := img.YCbCrAt(32, 20)
	require.Less(t, int(c.Y), int(portColour.y)-40, "the basin is darker than concrete")
	require.Greater(t, int(c.Cb), 128, "and bluish")
}
