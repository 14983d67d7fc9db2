package planner

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"
)

// TestPlansCarryAFenceRadiusThatHoldsTheRoute: a plan says how far from
// its take-off point the vehicle may go (the autopilot's circle fence),
// enough for the whole route, so that the vehicle's own 300 m circle does
// not cut a patrol short; beyond what an autopilot can hold it says so.
func TestPlansCarryAFenceRadiusThatHoldsTheRoute(t *testing.T) {
	at := orb.Point{-5.30, 36.10}
	p, _, err := Orbit(at, OrbitOptions{Radius: 200, Turns: 1})
	require.NoError(t, err)
	require.NotNil(t, p.Fence.Radius)
	require.InDelta(t, 500.0, *p.Fence.Radius, 10, "take-off on the circle: 2 × 200 m across, plus the margin")

	p, _, err = SectorSearch(at, SectorOptions{Radius: 3000})
	require.NoError(t, err)
	require.InDelta(t, 3100.0, *p.Fence.Radius, 10)

	p, issues, err := SectorSearch(at, SectorOptions{Radius: 11000})
	require.NoError(t, err)
	require.Nil(t, p.Fence.Radius)
	var said []string
	for _, is := range issues {
		said = append(said, is.Message)
	}
	require.Contains(t, strings.Join(said, "\n"), "beyond the 10 km an autopilot's circle fence holds")
}
