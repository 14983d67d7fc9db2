package mission_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/missiontest"
)

func TestValidate(t *testing.T) {
	wp := func(lat, lon float64) mission.Item {
		return mission.Waypoint{Pos: mission.At(lat, lon, mission.Rel(50)), Yaw: math.NaN()}
	}
	cases := []struct {
		name string
		edit func(p *mission.Plan)
		want []string
	}{
		{"valid", func(*mission.Plan) {}, nil},
		{"lat", func(p *mission.Plan) { p.Mission = []mission.Item{wp(91, 0)} }, []string{"error: mission[0].pos: lat 91, lon 0 out of range"}},
		{"nan hold", func(p *mission.Plan) {
			p.Mission = []mission.Item{mission.Waypoint{Pos: mission.At(36, -5, mission.Rel(1)), Hold: math.NaN()}}
		},
			[]string{"error: mission[0].hold: NaN is not a finite number"}},
		{"inf alt", func(p *mission.Plan) {
			p.Mission = []mission.Item{wp(36, -5), mission.Takeoff{Pos: mission.At(36, -5, mission.Rel(math.Inf(1)))}}
		},
			[]string{"error: mission[1].pos: altitude +Inf is not finite"}},
		{"no ref", func(p *mission.Plan) { p.Home = &mission.Position{Point: orb.Point{-5, 36}} },
			[]string{`error: home: altitude reference "" is not relative, amsl or terrain`}},
		{"jump", func(p *mission.Plan) { p.Mission = []mission.Item{mission.Jump{Target: 1, Repeat: -2}} },
			[]string{"error: mission[0].target: jump target 1 is outside the mission (0..0)", "error: mission[0].repeat: repeat -2 must be ≥ -1"}},
		{"fence", func(p *mission.Plan) {
			p.Fence.Zones = []mission.Zone{{Polygon: orb.Ring{{0, 0}, {1, 1}}}, {Group: 300, Circle: &mission.Circle{Radius: 10}}}
			p.Fence.Floor, p.Fence.Ceiling = &mission.Altitude{M: 100, Ref: mission.AltRelative}, &mission.Altitude{M: 50, Ref: mission.AltRelative}
		}, []string{
			"error: fence[0].polygon: polygon has 2 vertices, needs at least 3",
			"error: fence[1].group: inclusion group 300 is outside 0..255",
			"error: fence.floor: floor 100 m relative is not below ceiling 50 m relative",
		}},
		{"nil item", func(p *mission.Plan) { p.Mission = []mission.Item{nil} }, []string{"error: mission[0]: nil item"}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p := missiontest.FullPlan()
			ca.edit(p)
			got := missiontest.IssueStrings(p.Validate())
			if ca.want == nil {
				require.Empty(t, got)
				return
			}
			require.Equal(t, ca.want, got)
		})
	}
}

func TestIssuesErr(t *testing.T) {
	is := mission.Issues{{Section: mission.SectionRally, Item: 1, Message: "x", Severity: mission.SeverityWarning}}
	require.NoError(t, is.Err())
	is = append(is, mission.Issue{Section: mission.SectionPlan, Item: -1, Field: "name", Message: "bad", Severity: mission.SeverityError})
	require.EqualError(t, is.Err(), "error: plan.name: bad")
}
