package airspace

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"
)

func TestExclusionsFollowTheEffect(t *testing.T) {
	circle := Circle{Center: orb.Point{-5.347, 36.151}, Radius: 2000}
	zones := []Zone{
		{ID: "P", Restriction: Prohibited, Volumes: []Volume{{Circle: &circle}}},
		{ID: "A", Restriction: ReqAuthorisation, Volumes: []Volume{{Polygon: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}}},
		{ID: "C", Restriction: Conditional, Volumes: []Volume{{Polygon: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}}},
	}
	require.Len(t, Exclusions(zones, Operation{}), 2)
	require.Len(t, Exclusions(zones, Operation{Authorisations: []string{"a"}}), 1)

	// Every edge of the polygon clears the circle.
	ring := Exclusions(zones, Operation{})[0][0]
	const mPerDeg = 6371008.8 * math.Pi / 180
	k := math.Cos(circle.Center[1] * math.Pi / 180)
	for i := 0; i+1 < len(ring); i++ {
		mid := orb.Point{(ring[i][0] + ring[i+1][0]) / 2, (ring[i][1] + ring[i+1][1]) / 2}
		d := math.Hypot((mid[0]-circle.Center[0])*mPerDeg*k, (mid[1]-circle.Center[1])*mPerDeg)
		require.GreaterOrEqual(t, d, circle.Radius-0.01)
	}
}
