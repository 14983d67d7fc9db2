package validate_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/validate"
)

func TestCheckLegWatchesZonesAndAreaOnly(t *testing.T) {
	op := baseOp(t, "state")
	op.Zones = airspace.NewIndex([]airspace.Zone{zone("Z1", airspace.Prohibited)}) // 15 m round the middle of wp1→wp2
	at := func(p orb.Point) mission.Position { return mission.Position{Point: p, Alt: mission.AMSL(60)} }

	require.Empty(t, validate.CheckLeg(at(wp1Pt), at(wp1Pt), op), "at wp1: clear")
	vs := validate.CheckLeg(at(wp1Pt), at(wp2Pt), op)
	require.Len(t, vs, 1)
	require.Equal(t, validate.RuleAirspace, vs[0].Rule)
	inZ1 := orb.Point{-5.3985, 36.1520}
	require.NotEmpty(t, validate.CheckLeg(at(inZ1), at(inZ1), op), "inside Z1 now")

	op.Area = orb.Polygon{{{-5.401, 36.149}, {-5.399, 36.149}, {-5.399, 36.1525}, {-5.401, 36.1525}, {-5.401, 36.149}}}
	op.Zones = nil
	vs = validate.CheckLeg(at(wp2Pt), at(wp2Pt), op)
	require.Len(t, vs, 1, "%v", vs)
	require.Equal(t, validate.RuleArea, vs[0].Rule)
	require.Equal(t, wp2Pt, *vs[0].At)

	// At 150 m AMSL, the state profile's limit, it is no business of the watch.
	high := mission.Position{Point: wp1Pt, Alt: mission.AMSL(400)}
	require.Empty(t, validate.CheckLeg(high, high, op))
}
