package validate_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/validate"
)

// orbitPlan circles wp1Pt: home, take-off, loiter, RTL.
func orbitPlan(l mission.Loiter) *mission.Plan {
	p := basePlan()
	l.Pos = mission.Position{Point: wp1Pt, Alt: mission.Rel(60)}
	p.Mission = []mission.Item{p.Mission[0], l, mission.RTL{}}
	return p
}

func TestOrbitsAreCheckedAsFlown(t *testing.T) {
	op := baseOp(t, "state")
	z := zone("Z", airspace.Prohibited)
	z.Volumes[0].Circle = &airspace.Circle{Center: orb.Point{-5.400, 36.1540}, Radius: 30} // 222 m north of wp1
	op.Zones = airspace.NewIndex([]airspace.Zone{z})
	cases := []struct {
		name   string
		loiter mission.Loiter
		plane  bool
		lawful bool
	}{
		{"turns, radius 200: the circle reaches the zone", mission.Loiter{Mode: mission.LoiterTurns, Turns: 2, Radius: 200}, false, false},
		{"turns, radius 100: clear", mission.Loiter{Mode: mission.LoiterTurns, Turns: 2, Radius: 100}, false, true},
		{"time, radius 190", mission.Loiter{Mode: mission.LoiterTime, Seconds: 60, Radius: 190}, false, false},
		{"unlimited, radius 0 on a copter: it hovers", mission.Loiter{Mode: mission.LoiterUnlimited}, false, true},
		{"unlimited, radius 0 on a plane: WP_LOITER_RAD", mission.Loiter{Mode: mission.LoiterUnlimited}, true, true},
		{"plane, radius 180", mission.Loiter{Mode: mission.LoiterTime, Seconds: 60, Radius: 180}, true, false},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p := orbitPlan(ca.loiter)
			if ca.plane {
				p.VehicleType = mission.VehicleFixedWing
			}
			r := validate.Check(p, op)
			require.Equal(t, ca.lawful, r.Lawful, "%v", r.Errors())
			if !ca.lawful {
				require.Len(t, r.Errors(), 1, "one violation for the whole circle")
				require.Equal(t, [2]int{1, 1}, r.Errors()[0].Leg)
				require.Contains(t, r.Errors()[0].String(), "orbit of item 1")
			}
		})
	}
}

func TestAnOrbitBeyondThePilotsRange(t *testing.T) {
	op := baseOp(t, "eu-sts-02") // 1,000 m from the pilot
	op.Pilot = &homePt
	p := basePlan()
	p.Mission = []mission.Item{p.Mission[0], // the orbit, not its centre 222 m out, leaves the range
		mission.Loiter{Pos: mission.Position{Point: wp1Pt, Alt: mission.Rel(60)}, Mode: mission.LoiterTurns, Turns: 1, Radius: 850},
		mission.RTL{}}
	r := validate.Check(p, op)
	require.False(t, r.Lawful)
	require.Contains(t, r.Errors()[0].Message, "its orbit reaches")
}
