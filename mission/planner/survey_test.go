package planner

import (
	"math/rand"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/local"
)

func TestSurveyCameraItems(t *testing.T) {
	s := loadScene(t)
	p, _, err := Survey(s.bay, SurveyOptions{Common: Common{Altitude: 100}, Camera: golfCamera})
	require.NoError(t, err)
	var cams []mission.Camera
	for _, it := range p.Mission {
		if c, ok := it.(mission.Camera); ok {
			cams = append(cams, c)
		}
	}
	require.Len(t, cams, 2)
	require.Equal(t, mission.CameraTriggerDistance, cams[0].Action)
	require.InDelta(t, 20, cams[0].Distance, 1e-9)
	require.Equal(t, 0.0, cams[1].Distance)
	_, isWP := p.Mission[len(p.Mission)-3].(mission.Waypoint)
	require.True(t, isWP, "trigger stops right after the last line")
}

// TestSurveyHoleTransit: a ring-shaped area (square with a big square
// hole) forces transits around the hole; no leg may cross it.
func TestSurveyHoleTransit(t *testing.T) {
	pr := local.New(bay)
	sq := func(h float64, cw bool) orb.Ring {
		r := orb.Ring{pr.Point(vec{X: -h, Y: -h}), pr.Point(vec{X: h, Y: -h}), pr.Point(vec{X: h, Y: h}), pr.Point(vec{X: -h, Y: h})}
		if cw {
			r[1], r[3] = r[3], r[1]
		}
		return append(r, r[0])
	}
	area := orb.Polygon{sq(1000, false), sq(600, true)}
	for _, angle := range []float64{0, 37, 90} {
		p, _, err := Survey(area, SurveyOptions{Common: Common{Altitude: 100}, Camera: golfCamera, Angle: angle})
		require.NoError(t, err)
		c := Common{Area: area}
		requireSafe(t, p, c)
		hole := pr.Ring(area[1])
		for _, l := range surveyLegs(p, pr) {
			for k := range hole {
				_, _, hit := local.SegIntersect(l[0], l[1], hole[k], hole[(k+1)%len(hole)])
				require.False(t, hit, "angle %v: a leg crosses the hole", angle)
			}
		}
		requireCovered(t, rand.New(rand.NewSource(1)), p, area, nil, 45, 0)
	}
}

func TestSurveyRejects(t *testing.T) {
	s := loadScene(t)
	_, _, err := Survey(s.bay, SurveyOptions{})
	require.ErrorIs(t, err, ErrInput, "no camera and no spacing")
	_, _, err = Survey(orb.Polygon{}, SurveyOptions{Spacing: 50})
	require.ErrorIs(t, err, ErrInput)
	far := orb.Polygon{circleLL(orb.Point{-5.0, 36.0}, 500)}
	_, _, err = Survey(s.bay, SurveyOptions{Spacing: 50, Common: Common{Area: far}})
	require.ErrorIs(t, err, ErrInput, "area outside the operation area")
}
