package planner

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/local"
)

func TestEqualStrips(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for trial := 0; trial < 5; trial++ {
		area, _ := randomSurvey(rng)
		pr := local.New(bay)
		region := []polyRings{pr.Polygon(area)}
		n := 2 + trial
		cells, err := equalStrips(region, heading(rng.Float64()*180).Perp(), n)
		require.NoError(t, err)
		require.Len(t, cells, n)
		total := areaOf(region)
		var sum float64
		for _, c := range cells {
			require.InDelta(t, total/float64(n), areaOf(c), total*0.002)
			sum += areaOf(c)
		}
		require.InDelta(t, total, sum, total*1e-6, "cells cover the area once")
	}
}

func TestFleetSplitSurvey(t *testing.T) {
	s := loadScene(t)
	opt := SurveyOptions{Common: Common{Altitude: 80, MaxAltitude: 120, Exclusions: s.exclusions}, Camera: golfCamera, Angle: 75}
	plans, _, err := FleetSplitSurvey(s.bay, opt, FleetOptions{Drones: 4})
	require.NoError(t, err)
	require.Len(t, plans, 4)
	pr := local.New(bay)
	for k, p := range plans {
		requireSafe(t, p, opt.Common)
		require.Equal(t, 80+10*float64(k), flown(p)[0].Alt.M)
	}
	requireDisjointTracks(t, plans, pr)
	_, _, err = FleetSplitSurvey(s.bay, opt, FleetOptions{Drones: 6})
	require.ErrorIs(t, err, ErrInput, "drone 6 would fly at 130 m")
	_, _, err = FleetSplitSurvey(s.bay, opt, FleetOptions{})
	require.ErrorIs(t, err, ErrInput)
}

func TestFleetSplitCoast(t *testing.T) {
	s := loadScene(t)
	opt := CoastOptions{Land: s.land, Common: Common{Exclusions: s.exclusions, Area: s.area}}
	plans, _, err := FleetSplitCoast(s.coast, opt, FleetOptions{Drones: 3, AltitudeStep: 15})
	require.NoError(t, err)
	require.Len(t, plans, 3)
	pr := local.New(bay)
	for k, p := range plans {
		requireSafe(t, p, opt.Common)
		require.Equal(t, 60+15*float64(k), flown(p)[1].Alt.M)
	}
	requireDisjointTracks(t, plans, pr)
}

// requireDisjointTracks checks no leg of one plan crosses a leg of
// another (take-off legs excluded; neighbouring coast stretches may touch
// at their common end).
func requireDisjointTracks(t *testing.T, plans []*mission.Plan, pr local.Projection) {
	t.Helper()
	for i := range plans {
		for j := i + 1; j < len(plans); j++ {
			for _, a := range surveyLegs(plans[i], pr) {
				for _, b := range surveyLegs(plans[j], pr) {
					t1, u1, hit := local.SegIntersect(a[0], a[1], b[0], b[1])
					inner := t1 > 1e-6 && t1 < 1-1e-6 && u1 > 1e-6 && u1 < 1-1e-6
					require.False(t, hit && inner, "plans %d and %d cross", i, j)
				}
			}
		}
	}
}
