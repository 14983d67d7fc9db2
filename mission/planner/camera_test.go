package planner

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCameraCalcGolden is QGroundControl's CameraCalc test vector.
func TestCameraCalcGolden(t *testing.T) {
	cam := Camera{SensorWidthMM: 13.2, SensorHeightMM: 8.8, ImageWidthPx: 5472, ImageHeightPx: 3648, FocalMM: 8.8}
	cc, err := cam.Calc(100, 0.7, 0.8)
	require.NoError(t, err)
	require.InDelta(t, 2.741, cc.GSD, 0.001)
	require.InDelta(t, 150, cc.FootprintSide, 1e-9)
	require.InDelta(t, 100, cc.FootprintFront, 1e-9)
	require.InDelta(t, 45, cc.Spacing, 1e-9)
	require.InDelta(t, 20, cc.Trigger, 1e-9)
}

func TestCameraCalcRejects(t *testing.T) {
	cam := Camera{SensorWidthMM: 13.2, SensorHeightMM: 8.8, ImageWidthPx: 5472, ImageHeightPx: 3648, FocalMM: 8.8}
	for _, ca := range []struct {
		name             string
		cam              Camera
		alt, side, front float64
	}{
		{"zero focal", Camera{SensorWidthMM: 1, SensorHeightMM: 1, ImageWidthPx: 1, ImageHeightPx: 1}, 100, 0.5, 0.5},
		{"zero altitude", cam, 0, 0.5, 0.5},
		{"full overlap", cam, 100, 1, 0.5},
		{"negative overlap", cam, 100, 0.5, -0.1},
	} {
		t.Run(ca.name, func(t *testing.T) {
			_, err := ca.cam.Calc(ca.alt, ca.side, ca.front)
			require.ErrorIs(t, err, ErrInput)
		})
	}
}
