package gcs

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLandedStateIsJudgedWhenTheAutopilotSendsNone: an ArduPilot copter
// that sends no EXTENDED_SYS_STATE, armed and sitting at home's height, is
// on the ground, so disarming it needs no "in the air" confirmation
// (before, its landed state stayed unknown and the disarm was refused).
func TestLandedStateIsJudgedWhenTheAutopilotSendsNone(t *testing.T) {
	f, _ := newTestFleet(t)
	c := &Commander{Fleet: f, Uplink: &fakeUplink{}}
	landed := func() (string, string) {
		v, _ := f.Vehicle("a-1")
		return v.Landed, v.LandedFrom
	}
	observe(f, "a-1", Identity{Autopilot: "ardupilot", Type: "quadrotor", Mode: "LOITER"})
	l, from := landed()
	require.Equal(t, []string{"on_ground", "judged"}, []string{l, from}, "disarmed")

	observe(f, "a-1", Identity{Autopilot: "ardupilot", Type: "quadrotor", Mode: "LOITER", Armed: true})
	l, _ = landed()
	require.Equal(t, "", l, "armed, nothing known of where it is")
	observe(f, "a-1", GlobalPosition{Position: Position{Lat: 36.1, Lon: -5.4, AltRel: 0.3}})
	observe(f, "a-1", HUD{GroundSpeed: 0.1, ClimbRate: 0.0, AirSpeed: 0})
	l, from = landed()
	require.Equal(t, []string{"on_ground", "judged"}, []string{l, from})
	_, err := c.Order(context.Background(), []VehicleID{"a-1"}, Command{Kind: CmdDisarm}, "")
	require.NoError(t, err, "disarming a copter sitting armed on the ground needs no confirmation")

	observe(f, "a-1", Identity{Autopilot: "ardupilot", Type: "quadrotor", Mode: "LOITER", Armed: true})
	observe(f, "a-1", HUD{GroundSpeed: 0.1, ClimbRate: -0.8})
	l, _ = landed()
	require.Equal(t, "", l, "descending through a metre: not judged on the ground")
	observe(f, "a-1", GlobalPosition{Position: Position{Lat: 36.1, Lon: -5.4, AltRel: 25}})
	l, from = landed()
	require.Equal(t, []string{"in_air", "judged"}, []string{l, from})
	_, err = c.Order(context.Background(), []VehicleID{"a-1"}, Command{Kind: CmdDisarm}, "")
	require.ErrorIs(t, err, ErrConfirmRequired)

	// What the autopilot says wins.
	observe(f, "a-1", LandedUpdate{Landed: "in_air"})
	observe(f, "a-1", GlobalPosition{Position: Position{Lat: 36.1, Lon: -5.4, AltRel: 0.2}})
	observe(f, "a-1", HUD{GroundSpeed: 0, ClimbRate: 0})
	l, from = landed()
	require.Equal(t, []string{"in_air", "autopilot"}, []string{l, from})
}
