package validate_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/validate"
)

// TestSummaryStaysFinite: numbers that are not finite, or absurd, give a
// clear violation and a summary that is still a length, a duration and a
// height: never NaN, never an overflowed (negative) duration.
func TestSummaryStaysFinite(t *testing.T) {
	cases := []struct {
		name      string
		edit      func(p *mission.Plan)
		contains  string
		unbounded bool
	}{
		{"NaN altitude", func(p *mission.Plan) {
			p.Mission[1] = mission.Waypoint{Pos: mission.Position{Point: wp1Pt, Alt: mission.Rel(math.NaN())}}
		}, "item 1 has no usable position", false},
		{"infinite latitude", func(p *mission.Plan) {
			p.Mission[2] = mission.Waypoint{Pos: mission.At(math.Inf(1), -5.4, mission.Rel(60))}
		}, "item 2 has no usable position", false},
		{"NaN hold", func(p *mission.Plan) {
			p.Mission[1] = mission.Waypoint{Pos: mission.Position{Point: wp1Pt, Alt: mission.Rel(60)}, Hold: math.NaN()}
		}, "a stay of NaN s is not a duration", false},
		{"endless hold", func(p *mission.Plan) {
			p.Mission[1] = mission.Waypoint{Pos: mission.Position{Point: wp1Pt, Alt: mission.Rel(60)}, Hold: 1e300}
		}, "exceeds 720h0m0s", true},
		{"crawling ground speed", func(p *mission.Plan) {
			p.Mission = append([]mission.Item{mission.SpeedChange{Type: mission.SpeedGround, Speed: 1e-300, Throttle: -1}}, p.Mission...)
		}, "exceeds 720h0m0s", true},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p := basePlan()
			ca.edit(p)
			r := validate.Check(p, baseOp(t, "state"))
			require.Contains(t, violationText(r), ca.contains)
			require.False(t, math.IsNaN(r.Length) || math.IsInf(r.Length, 0), "length %g", r.Length)
			require.False(t, math.IsNaN(r.MaxHeight) || math.IsInf(r.MaxHeight, 0), "height %g", r.MaxHeight)
			require.GreaterOrEqual(t, r.Duration, time.Duration(0))
			require.LessOrEqual(t, r.Duration, 30*24*time.Hour)
			require.Equal(t, ca.unbounded, r.Unbounded)
		})
	}
}
