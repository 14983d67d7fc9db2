package planner

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/local"
)

// coastDistances returns the smallest and largest distance from the
// plan's waypoints (not the take-off) to the coastline.
func coastDistances(p *mission.Plan, coast orb.LineString) (lo, hi float64) {
	pr := local.New(coast[0])
	line := pr.Line(coast)
	lo = math.Inf(1)
	for _, q := range flown(p)[1:] {
		v := pr.XY(q.Point)
		d := math.Inf(1)
		for i := 1; i < len(line); i++ {
			d = math.Min(d, local.SegDist(v, line[i-1], line[i]))
		}
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	return lo, hi
}

func TestCoastStraightOffset(t *testing.T) {
	pr := local.New(bay)
	coast := orb.LineString{pr.Point(vec{X: 0, Y: 0}), pr.Point(vec{X: 0, Y: 5000})}
	for _, ca := range []struct {
		name  string
		side  Side
		signX float64
	}{{"left is west", SideLeft, -1}, {"right is east", SideRight, 1}} {
		t.Run(ca.name, func(t *testing.T) {
			p, _, err := CoastlinePatrol(coast, CoastOptions{SeaSide: ca.side, Offset: 300})
			require.NoError(t, err)
			lo, hi := coastDistances(p, coast)
			require.InDelta(t, 300, lo, 2)
			require.InDelta(t, 300, hi, 2)
			for _, q := range flown(p) {
				require.Greater(t, ca.signX*pr.XY(q.Point).X, 290.0)
			}
		})
	}
}

// TestCoastNarrowBay offsets a coast with a bay 200 m wide by 300 m: the
// naive parallel offset would loop back on itself; ours bridges the bay.
func TestCoastNarrowBay(t *testing.T) {
	pr := local.New(bay)
	pts := []vec{{X: 0, Y: 0}, {X: 0, Y: 2000}, {X: 1500, Y: 2000}, {X: 1500, Y: 2200}, {X: 0, Y: 2200}, {X: 0, Y: 4000}}
	var coast orb.LineString
	for _, v := range pts {
		coast = append(coast, pr.Point(v))
	}
	p, _, err := CoastlinePatrol(coast, CoastOptions{SeaSide: SideLeft, Offset: 300})
	require.NoError(t, err)
	lo, _ := coastDistances(p, coast)
	require.GreaterOrEqual(t, lo, 298.0)
	requireNoSelfCrossing(t, p, pr)
}

// requireNoSelfCrossing checks the outbound half of a there-and-back plan
// never crosses itself.
func requireNoSelfCrossing(t *testing.T, p *mission.Plan, pr local.Projection) {
	t.Helper()
	pos := flown(p)[1:]
	half := pos[:len(pos)/2+1]
	for i := 1; i < len(half); i++ {
		for j := i + 2; j < len(half); j++ {
			a, b := pr.XY(half[i-1].Point), pr.XY(half[i].Point)
			c, d := pr.XY(half[j-1].Point), pr.XY(half[j].Point)
			_, _, hit := local.SegIntersect(a, b, c, d)
			require.False(t, hit, "legs %d and %d cross", i, j)
		}
	}
}

func TestCoastLandDecidesSide(t *testing.T) {
	s := loadScene(t)
	p, issues, err := CoastlinePatrol(s.coast, CoastOptions{Land: s.land, SeaSide: SideLeft})
	require.NoError(t, err)
	pr := local.New(s.coast[0])
	land := pr.Polygon(s.land)
	for i, q := range flown(p) {
		require.False(t, local.InPolygon(land, pr.XY(q.Point)), "waypoint %d on land", i)
	}
	require.Contains(t, issues[0].Message, "right")
}

func TestCoastLengthAndStart(t *testing.T) {
	pr := local.New(bay)
	coast := orb.LineString{pr.Point(vec{X: 0, Y: 0}), pr.Point(vec{X: 0, Y: 5000})}
	p, _, err := CoastlinePatrol(coast, CoastOptions{Start: pr.Point(vec{X: 0, Y: 1000}), Length: 2000, SeaSide: SideRight})
	require.NoError(t, err)
	var ys []float64
	for _, q := range flown(p) {
		ys = append(ys, pr.XY(q.Point).Y)
	}
	require.InDelta(t, 1000, ys[0], 1)
	require.InDelta(t, 3000, slicesMax(ys), 1)
	require.InDelta(t, 1000, ys[len(ys)-1], 1, "there and back ends where it started")

	_, issues, err := CoastlinePatrol(coast, CoastOptions{Start: pr.Point(vec{X: 0, Y: 4000}), Length: 3000})
	require.NoError(t, err)
	require.Contains(t, fmtIssues(issues), "route shortened")
}

func TestCoastRejects(t *testing.T) {
	_, _, err := CoastlinePatrol(orb.LineString{bay}, CoastOptions{})
	require.ErrorIs(t, err, ErrInput)
	_, _, err = CoastlinePatrol(orb.LineString{bay, {-5.39, 36.15}}, CoastOptions{Common: Common{Altitude: 150, MaxAltitude: 120}})
	require.ErrorIs(t, err, ErrInput)
}

func slicesMax(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

func fmtIssues(is mission.Issues) string {
	var s string
	for _, i := range is {
		s += i.String() + "\n"
	}
	return s
}
