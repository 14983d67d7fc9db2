package planner

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/local"
)

// legVectors returns the legs between the plan's waypoints, in metres,
// without the return leg home.
func legVectors(p *mission.Plan) []vec {
	pos := flown(p)
	pos = pos[1 : len(pos)-2]
	pr := local.New(pos[0].Point)
	var out []vec
	for i := 1; i < len(pos); i++ {
		out = append(out, pr.XY(pos[i].Point).Sub(pr.XY(pos[i-1].Point)))
	}
	return out
}

func TestExpandingSquareGeometry(t *testing.T) {
	p, _, err := ExpandingSquare(bay, SquareOptions{Spacing: 100, Legs: 8})
	require.NoError(t, err)
	legs := legVectors(p)
	require.Len(t, legs, 8, "the return leg home is not counted")
	want := []float64{100, 100, 200, 200, 300, 300, 400, 400}
	for i, l := range legs {
		require.InDelta(t, want[i], l.Norm(), 0.5, "leg %d", i)
		if i > 0 {
			// a right turn of 90°: the cross product is negative
			require.InDelta(t, -1, legs[i-1].Unit().Cross(l.Unit()), 1e-3, "turn after leg %d", i-1)
		}
	}
	require.InDelta(t, 100, legs[0].Y, 0.5, "first leg north")
}

func TestSectorSearchGeometry(t *testing.T) {
	p, _, err := SectorSearch(bay, SectorOptions{Radius: 500, Sectors: 3, Heading: 90})
	require.NoError(t, err)
	pos := flown(p)[1:]
	pr := local.New(bay)
	// datum, then per triangle: two corners and the datum; legs through
	// the datum are straight so simplification may merge them.
	var corners int
	for _, q := range pos {
		d := pr.XY(q.Point).Norm()
		if d > 1 {
			require.InDelta(t, 500, d, 1)
			corners++
		}
	}
	require.Equal(t, 6, corners)
	first := pr.XY(pos[1].Point)
	require.InDelta(t, 500, first.X, 1, "first leg east")
	// every turn at a corner is 120° to the right
	legs := legVectors(p)
	for i := 1; i < len(legs); i++ {
		if c := legs[i-1].Unit().Cross(legs[i].Unit()); math.Abs(c) > 1e-3 {
			require.InDelta(t, -math.Sin(120*math.Pi/180), c, 1e-3)
		}
	}
}

func TestCreepingLineGeometry(t *testing.T) {
	p, _, err := CreepingLine(bay, 90, 200, 1000, 5, Common{})
	require.NoError(t, err)
	legs := legVectors(p)
	require.Len(t, legs, 9, "the return leg home is not counted")
	for i, l := range legs {
		if i%2 == 0 {
			require.InDelta(t, 1000, l.Norm(), 0.5)
			require.InDelta(t, 0, l.X, 0.5, "search legs cross the east–west major axis")
		} else {
			require.InDelta(t, 200, l.X, 0.5, "creeps east along the major axis")
		}
	}
}

func TestOrbit(t *testing.T) {
	p, _, err := Orbit(bay, OrbitOptions{Common: Common{Altitude: 40}, Radius: 150, Turns: 3})
	require.NoError(t, err)
	var lo mission.Loiter
	for _, it := range p.Mission {
		if l, ok := it.(mission.Loiter); ok {
			lo = l
		}
	}
	require.Equal(t, mission.LoiterTurns, lo.Mode)
	require.Equal(t, 3.0, lo.Turns)
	require.Equal(t, 150.0, lo.Radius)
	require.Equal(t, 40.0, lo.Pos.Alt.M)

	excl := orb.Polygon{circleLL(orb.Point{bay[0] + 0.002, bay[1]}, 50)}
	_, _, err = Orbit(bay, OrbitOptions{Common: Common{Altitude: 40, Exclusions: []orb.Polygon{excl}}, Radius: 150, Turns: 3})
	require.ErrorIs(t, err, ErrInput)
}

func TestPrincipalAxis(t *testing.T) {
	pts := []vec{{X: 0, Y: 0}, {X: 1000, Y: 0}, {X: 1000, Y: 100}, {X: 0, Y: 100}}
	require.InDelta(t, 90, principalAxis(pts), 1e-6)
	pts = []vec{{X: 0, Y: 0}, {X: 100, Y: 0}, {X: 100, Y: 1000}, {X: 0, Y: 1000}}
	require.InDelta(t, 0, principalAxis(pts), 1e-6)
}

func TestCreepingLineArea(t *testing.T) {
	pr := local.New(bay)
	area := orb.Polygon{{pr.Point(vec{X: 0, Y: 0}), pr.Point(vec{X: 3000, Y: 0}), pr.Point(vec{X: 3000, Y: 800}), pr.Point(vec{X: 0, Y: 800}), pr.Point(vec{X: 0, Y: 0})}}
	p, _, err := CreepingLineArea(area, CreepingOptions{Spacing: 200})
	require.NoError(t, err)
	legs := legVectors(p)
	require.InDelta(t, 0, legs[0].X, 1, "legs run across the east–west major axis")
}
