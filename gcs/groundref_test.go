package gcs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/mission"
)

// TestInlandHomeIsTheGroundReference: at ArduPilot SITL's default home
// (Canberra, 584 m above sea level) a 20 m patrol is lawful under the
// default profile, and the report says which ground its heights were
// measured from. Before, without terrain tiles the ground was sea level
// everywhere: "height 604.0 m (amsl, from 20 m relative) exceeds 150 m
// ... over water".
func TestInlandHomeIsTheGroundReference(t *testing.T) {
	clk := func() time.Time { return time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC) }
	f := &gcs.Fleet{Now: clk, TickPeriod: time.Hour}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	see := func(u gcs.Update) {
		f.Observe(gcs.Observation{Vehicle: "sitl-1", Link: "sitl", SystemID: 1, At: clk(), Update: u})
	}
	see(gcs.Identity{Autopilot: "ardupilot", Type: "quadrotor", Mode: "GUIDED"})
	see(gcs.HomeUpdate{Home: gcs.Position{Lat: -35.363261, Lon: 149.165230, AltAMSL: 584}})
	see(gcs.GlobalPosition{Position: gcs.Position{Lat: -35.363261, Lon: 149.165230, AltAMSL: 584, AltRel: 0}})
	op, err := gcs.NewOperation(gcs.Operation{Endurance: time.Hour})
	require.NoError(t, err)
	ops := &gcs.OperationStore{}
	ops.Set(op)
	rel := func(m float64) mission.Altitude { return mission.Altitude{M: m, Ref: mission.AltRelative} }
	plan := &mission.Plan{Mission: []mission.Item{
		mission.Takeoff{Pos: mission.At(-35.363261, 149.165230, rel(20))},
		mission.Waypoint{Pos: mission.At(-35.3620, 149.1660, rel(20))},
		mission.RTL{},
	}}
	res, err := (&gcs.Planning{Fleet: f, Operation: ops, Now: clk}).Check(plan, "sitl-1")
	require.NoError(t, err)
	require.True(t, res.Report.Lawful, "%v", res.Report.Errors())
	var all []string
	for _, v := range res.Report.Violations {
		all = append(all, v.Message)
	}
	text := strings.Join(all, "\n")
	require.Contains(t, text, "ground reference: the vehicle's home at 584.0 m AMSL")
	require.NotContains(t, text, "over water")
	require.InDelta(t, 20, res.Report.MaxHeight, 0.5)

	// Alone, the plan's first position stands in for home and its height
	// is unknown: sea level is assumed, and the check says it is rough.
	res, err = (&gcs.Planning{Fleet: f, Operation: ops, Now: clk}).Check(plan, "")
	require.NoError(t, err)
	all = nil
	for _, v := range res.Report.Violations {
		all = append(all, v.Message)
	}
	require.Contains(t, strings.Join(all, "\n"), "approximate height check for 2 item(s) (first 0): no terrain data, ground assumed at 0 m AMSL")
}
