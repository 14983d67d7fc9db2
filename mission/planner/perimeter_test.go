package planner

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission/local"
)

func TestPortPerimeterDirection(t *testing.T) {
	s := loadScene(t)
	for _, cw := range []bool{false, true} {
		p, _, err := PortPerimeter(s.port, PerimeterOptions{Clockwise: cw, Offset: 200})
		require.NoError(t, err)
		pos := flown(p)[1:]
		pr := local.New(pos[0].Point)
		var ring []vec
		for _, q := range pos {
			ring = append(ring, pr.XY(q.Point))
		}
		require.InDelta(t, 0, local.Dist(ring[0], ring[len(ring)-1]), 0.05, "closed circuit")
		require.Equal(t, cw, local.RingArea(ring) < 0, "clockwise %v", cw)
		port := pr.Ring(s.port[0])
		for _, v := range ring {
			require.False(t, local.InRing(port, v))
			require.GreaterOrEqual(t, ringDist(v, port), 199.0)
		}
	}
}

func TestPortPerimeterLaps(t *testing.T) {
	s := loadScene(t)
	one, _, err := PortPerimeter(s.port, PerimeterOptions{})
	require.NoError(t, err)
	two, _, err := PortPerimeter(s.port, PerimeterOptions{Laps: 2})
	require.NoError(t, err)
	require.Greater(t, len(flown(two)), len(flown(one))+3)
	_, _, err = PortPerimeter(orb.Polygon{}, PerimeterOptions{})
	require.ErrorIs(t, err, ErrInput)
}

// ringDist is the distance from v to the ring's edges.
func ringDist(v vec, r []vec) float64 {
	d := local.SegDist(v, r[len(r)-1], r[0])
	for i := 1; i < len(r); i++ {
		d = min(d, local.SegDist(v, r[i-1], r[i]))
	}
	return d
}
