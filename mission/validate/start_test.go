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
	op.Start, op.NoReturn = &start, true

	r := validate.Check(goTo(wp2Pt, 60), op) // crosses Z1
	require.False(t, r.Lawful)
	require.Equal(t, "airspace", r.Errors()[0].Rule)
	require.Equal(t, [2]int{validate.ItemVehicle, 0}, r.Errors()[0].Leg, "from where the vehicle is")
	require.Equal(t, &[2]orb.Point{wp1Pt, wp2Pt}, r.Errors()[0].LegEnds)
	require.InDelta(t, 269, r.Length, 2, "wp1→wp2 and no return home")

	away := orb.Point{-5.400, 36.154} // north of wp1, clear of Z1
	r = validate.Check(goTo(away, 60), op)
	require.True(t, r.Lawful, "%v", r.Violations)
	require.InDelta(t, 222, r.Length, 2)

	// Without Start the same plan flies from home and back.
	op.Start, op.NoReturn = nil, false
	require.InDelta(t, 889, validate.Check(goTo(away, 60), op).Length, 2)

	// Heights stay relative to home, not to where the vehicle is.
	op.Start, op.NoReturn = &start, true
	r = validate.Check(goTo(away, 150), op) // 2 m home + 150 m: 152 m AMSL, over the 150 m
	require.False(t, r.Lawful)
	require.Equal(t, "max-height", r.Errors()[0].Rule)
}

// TestVehicleHomeOverridesThePlans: a plan checked for a vehicle is
// flown from the vehicle's home, not from the home its file carries.
func TestVehicleHomeOverridesThePlans(t *testing.T) {
	op := baseOp(t, "state")
	plan := basePlan()                                                              // home on the bay
	far := mission.Position{Point: orb.Point{-5.400, 36.200}, Alt: mission.AMSL(2)} // 5.6 km north
	op.Home = &far
	require.InDelta(t, 800, validate.Check(plan, op).Length, 60, "the plan's home wins without Overrides")
	op.Overrides = true
	require.Greater(t, validate.Check(plan, op).Length, 10000.0, "from the vehicle's home, there and back")

	// In flight, the route starts where the vehicle is and still returns home.
	start := mission.Position{Point: wp2Pt, Alt: mission.Rel(60)}
	op.Start = &start
	r := validate.Check(plan, op)
	require.InDelta(t, 269+269+5350, r.Length, 60, "wp2 (here) → wp1 → wp2 → the vehicle's home")
}
