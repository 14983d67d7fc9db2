package validate_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/validate"
)

// TestCurrentPositionIsFlownWhereTheVehicleIs: ArduPilot flies a
// navigation item at latitude and longitude 0, 0 where the vehicle is
// (the previous item's position); the route never has a leg to 0, 0.
func TestCurrentPositionIsFlownWhereTheVehicleIs(t *testing.T) {
	base := validate.Check(basePlan(), baseOp(t, "state"))
	cases := []struct {
		name string
		item mission.Item
	}{
		{"loiter turns", mission.Loiter{Pos: mission.Here(mission.Rel(0)), Mode: mission.LoiterTurns, Turns: 2, Radius: 40}},
		{"loiter time", mission.Loiter{Pos: mission.Here(mission.Rel(70)), Mode: mission.LoiterTime, Seconds: 30}},
		{"waypoint", mission.Waypoint{Pos: mission.Here(mission.Rel(0)), Hold: 10}},
		{"land", mission.Land{Pos: mission.Here(mission.Rel(0))}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p := basePlan()
			p.Mission = append(p.Mission[:3:3], ca.item, mission.RTL{})
			r := validate.Check(p, baseOp(t, "state"))
			require.True(t, r.Lawful, "%v", r.Violations)
			require.LessOrEqual(t, r.Length, base.Length+1, "no leg to 0, 0: the route is no longer than without the item")
			require.Less(t, r.MaxHeight, 80.0)
			for _, v := range r.Violations {
				if v.At != nil {
					require.Greater(t, math.Abs(v.At.Lat()), 1.0, v.String())
				}
			}
		})
	}
}

// TestCurrentPositionHomeIsNoHome: a home at 0, 0 is "not known": the
// operation's home (or the first position) is used instead.
func TestCurrentPositionHomeIsNoHome(t *testing.T) {
	p := basePlan()
	unknown := mission.Here(mission.AMSL(0))
	p.Home = &unknown
	op := baseOp(t, "state")
	r := validate.Check(p, op)
	require.Less(t, r.Length, 5000.0, "%v", r.Violations)
	require.Contains(t, violationText(r), "no home position: item 1 taken as take-off and return point")

	home := mission.Position{Point: homePt, Alt: mission.AMSL(2)}
	op.Home = &home
	require.InDelta(t, validate.Check(basePlan(), baseOp(t, "state")).Length, validate.Check(p, op).Length, 1e-6)
}

func violationText(r validate.Report) string {
	s := ""
	for _, v := range r.Violations {
		s += v.String() + "\n"
	}
	return s
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
