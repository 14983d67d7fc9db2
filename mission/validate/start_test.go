package validate_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/validate"
)

// goTo is a guided order: fly from where the vehicle is to one point and
// hold there.
func goTo(to orb.Point, rel float64) *mission.Plan {
	home := mission.Position{Point: homePt, Alt: mission.AMSL(2)}
	return &mission.Plan{Home: &home, HoverSpeed: 10, Mission: []mission.Item{
		mission.Waypoint{Pos: mission.Position{Point: to, Alt: mission.Rel(rel)}},
	}}
}

func TestStartAirborneChecksOnlyTheLegFlown(t *testing.T) {
	op := baseOp(t, "state")
	op.Zones = airspace.NewIndex([]airspace.Zone{zone("Z1", airspace.Prohibited)}) // on wp1→wp2
	start := mission.Position{Point: wp1Pt, Alt: mission.Rel(60)}
	op.Start = &start

	r := validate.Check(goTo(wp2Pt, 60), op) // crosses Z1
	require.False(t, r.Lawful)
	require.Equal(t, "airspace", r.Errors()[0].Rule)
	require.Equal(t, [2]int{-1, 0}, r.Errors()[0].Leg, "from where the vehicle is")
	require.InDelta(t, 269, r.Length, 2, "wp1→wp2 and no return home")

	away := orb.Point{-5.400, 36.154} // north of wp1, clear of Z1
	r = validate.Check(goTo(away, 60), op)
	require.True(t, r.Lawful, "%v", r.Violations)
	require.InDelta(t, 222, r.Length, 2)

	// Without Start the same plan flies from home and back.
	op.Start = nil
	require.InDelta(t, 889, validate.Check(goTo(away, 60), op).Length, 2)

	// Heights stay relative to home, not to where the vehicle is.
	op.Start = &start
	r = validate.Check(goTo(away, 150), op) // 2 m home + 150 m: 152 m AMSL, over the 150 m
	require.False(t, r.Lawful)
	require.Equal(t, "max-height", r.Errors()[0].Rule)
}
