package mission

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	wp := func(lat, lon float64) Item { return Waypoint{Pos: At(lat, lon, Rel(50)), Yaw: math.NaN()} }
	cases := []struct {
		name string
		edit func(p *Plan)
		want []string
	}{
		{"valid", func(*Plan) {}, nil},
		{"lat", func(p *Plan) { p.Mission = []Item{wp(91, 0)} }, []string{"error: mission[0].pos: lat 91, lon 0 out of range"}},
		{"nan hold", func(p *Plan) { p.Mission = []Item{Waypoint{Pos: At(36, -5, Rel(1)), Hold: math.NaN()}} },
			[]string{"error: mission[0].hold: NaN is not a finite number"}},
		{"inf alt", func(p *Plan) { p.Mission = []Item{wp(36, -5), Takeoff{Pos: At(36, -5, Rel(math.Inf(1)))}} },
			[]string{"error: mission[1].pos: altitude +Inf is not finite"}},
		{"no ref", func(p *Plan) { p.Home = &Position{Point: orb.Point{-5, 36}} },
			[]string{`error: home: altitude reference "" is not relative, amsl or terrain`}},
		{"jump", func(p *Plan) { p.Mission = []Item{Jump{Target: 1, Repeat: -2}} },
			[]string{"error: mission[0].target: jump target 1 is outside the mission (0..0)", "error: mission[0].repeat: repeat -2 must be ≥ -1"}},
		{"fence", func(p *Plan) {
			p.Fence.Zones = []Zone{{Polygon: orb.Ring{{0, 0}, {1, 1}}}, {Group: 300, Circle: &Circle{Radius: 10}}}
			p.Fence.Floor, p.Fence.Ceiling = &Altitude{M: 100, Ref: AltRelative}, &Altitude{M: 50, Ref: AltRelative}
		}, []string{
			"error: fence[0].polygon: polygon has 2 vertices, needs at least 3",
			"error: fence[1].group: inclusion group 300 is outside 0..255",
			"error: fence.floor: floor 100 m relative is not below ceiling 50 m relative",
		}},
		{"nil item", func(p *Plan) { p.Mission = []Item{nil} }, []string{"error: mission[0]: nil item"}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p := fullPlan()
			ca.edit(p)
			got := issueStrings(p.Validate())
			if ca.want == nil {
				require.Empty(t, got)
				return
			}
			require.Equal(t, ca.want, got)
		})
	}
}

func TestIssuesErr(t *testing.T) {
	is := Issues{{Section: SectionRally, Item: 1, Message: "x", Severity: SeverityWarning}}
	require.NoError(t, is.Err())
	is = append(is, Issue{Section: SectionPlan, Item: -1, Field: "name", Message: "bad", Severity: SeverityError})
	require.EqualError(t, is.Err(), "error: plan.name: bad")
}
