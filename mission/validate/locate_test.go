package validate_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/validate"
)

// TestViolationsAreLocatedFromTheHomeChecked: items and legs are placed
// on the map from the route as checked, with the vehicle's home where it
// replaces the plan's.
func TestViolationsAreLocatedFromTheHomeChecked(t *testing.T) {
	op := baseOp(t, "state")
	op.Pilot = nil
	// An area around home and wp1 only: wp2 and the legs to it are out.
	op.Area = orb.Polygon{{{-5.401, 36.149}, {-5.399, 36.149}, {-5.399, 36.1525}, {-5.401, 36.1525}, {-5.401, 36.149}}}
	plan := basePlan()
	r := validate.Check(plan, op)
	require.Len(t, r.Errors(), 1, "%v", r.Errors())
	require.Equal(t, validate.RuleArea, r.Errors()[0].Rule)
	require.Equal(t, wp2Pt, *r.Errors()[0].At, "at the item")
	require.Nil(t, r.Errors()[0].LegEnds)

	// Checked for a vehicle elsewhere, the return leg ends at its home.
	vh := mission.Position{Point: orb.Point{-5.4005, 36.1495}, Alt: mission.AMSL(2)}
	op.Home, op.Overrides = &vh, true
	op.Area = nil
	z := zone("Z", "PROHIBITED")
	z.Volumes[0].Circle.Center = orb.Point{-5.39850, 36.1510} // on the way back from wp2
	z.Volumes[0].Circle.Radius = 40
	withZones(z)(plan, &op)
	r = validate.Check(plan, op)
	require.False(t, r.Lawful)
	e := r.Errors()[0]
	require.Equal(t, [2]int{2, -1}, e.Leg, "%v", r.Errors())
	require.Equal(t, [2]orb.Point{wp2Pt, vh.Point}, *e.LegEnds)
}
