package planner

import (
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/local"
)

// circleLL returns a closed ring approximating a circle of radius r metres.
func circleLL(c orb.Point, r float64) orb.Ring {
	pr := local.New(c)
	var ring orb.Ring
	for i := 0; i < 24; i++ {
		a := 2 * math.Pi * float64(i) / 24
		ring = append(ring, pr.Point(vec{X: r * math.Cos(a), Y: r * math.Sin(a)}))
	}
	return append(ring, ring[0])
}

// starLL returns a random star-shaped closed ring around c with radii in
// [rmin, rmax] metres.
func starLL(rng *rand.Rand, c orb.Point, n int, rmin, rmax float64) orb.Ring {
	pr := local.New(c)
	var ring orb.Ring
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		r := rmin + (rmax-rmin)*rng.Float64()
		ring = append(ring, pr.Point(vec{X: r * math.Cos(a), Y: r * math.Sin(a)}))
	}
	return append(ring, ring[0])
}

// flown returns the flown positions of a plan in order: take-off,
// waypoints, and home again for RTL.
func flown(p *mission.Plan) []mission.Position {
	var out []mission.Position
	for _, it := range p.Mission {
		switch v := it.(type) {
		case mission.Takeoff:
			out = append(out, v.Pos)
		case mission.Waypoint:
			out = append(out, v.Pos)
		case mission.RTL:
			out = append(out, out[0]) // straight home: home is the take-off point
		}
	}
	return out
}

// exclusionDistance returns the smallest distance in metres between a leg
// of the plan and an exclusion polygon (0 when inside).
func exclusionDistance(p *mission.Plan, excl []orb.Polygon) float64 {
	pos := flown(p)
	pr := local.New(pos[0].Point)
	best := math.Inf(1)
	for _, e := range excl {
		ring := pr.Ring(e[0])
		for i := 1; i < len(pos); i++ {
			a, b := pr.XY(pos[i-1].Point), pr.XY(pos[i].Point)
			if local.InRing(ring, a) || local.InRing(ring, b) {
				return 0
			}
			for k := range ring {
				best = math.Min(best, local.SegSegDist(a, b, ring[k], ring[(k+1)%len(ring)]))
			}
		}
	}
	return best
}

// requireSafe checks the plan properties every planner promises.
func requireSafe(t *testing.T, p *mission.Plan, c Common) {
	t.Helper()
	c = c.withDefaults()
	require.Empty(t, p.Validate())
	if len(c.Exclusions) > 0 {
		require.GreaterOrEqual(t, exclusionDistance(p, c.Exclusions), c.Margin-0.5, "a leg enters an exclusion margin")
	}
	pos := flown(p)
	pr := local.New(pos[0].Point)
	if len(c.Area) > 0 {
		area := pr.Polygon(c.Area)
		for i, q := range pos {
			require.True(t, local.InPolygon(area, pr.XY(q.Point)), "waypoint %d outside the area", i)
		}
	}
	for _, q := range pos {
		if c.MaxAltitude > 0 {
			require.LessOrEqual(t, q.Alt.M, c.MaxAltitude)
		}
		require.Equal(t, c.AltRef, q.Alt.Ref)
	}
	_, isRTL := p.Mission[len(p.Mission)-1].(mission.RTL)
	require.True(t, isRTL, "plan must end with RTL")
}
