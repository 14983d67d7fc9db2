package validate_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/validate"
)

// TestNavigationCommandsAreFlown: navigation commands the model keeps as
// generic commands (an arc waypoint, a VTOL landing) are legs of the route
// like waypoints, not skipped; a VTOL landing ends the mission.
func TestNavigationCommandsAreFlown(t *testing.T) {
	at := func(cmd uint16, lat, lon, alt float64) mission.Command {
		return mission.Command{Command: cmd, Frame: mission.FrameGlobalRelativeAlt, Params: [7]float64{90, 0, 0, 0, lat, lon, alt}}
	}
	base := validate.Check(basePlan(), baseOp(t, "state"))
	p := basePlan()
	p.Mission = append(p.Mission[:3:3], at(36, 36.154, -5.397, 60), at(85, 36.154, -5.399, 0))
	r := validate.Check(p, baseOp(t, "state"))
	require.True(t, r.Lawful, "%v", r.Violations)
	// base: ... wp2, return home (~342 m); here: wp2 → arc end (222 m) → VTOL landing (180 m), no return.
	require.InDelta(t, base.Length-342+222+180, r.Length, 15)
}
