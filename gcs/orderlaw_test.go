package gcs

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
)

// lawWorld: a vehicle flying at 40 m over the bay, a prohibited circle
// 1 km east of it, and a fence it was given.
func lawWorld(t *testing.T) (*Commander, *fakeUplink) {
	t.Helper()
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Armed: true, Mode: "GUIDED"})
	observe(f, "a-1", HomeUpdate{Home: Position{Lat: 36.15, Lon: -5.40, AltAMSL: 2}})
	observe(f, "a-1", GlobalPosition{Position: Position{Lat: 36.15, Lon: -5.40, AltAMSL: 42, AltRel: 40}})
	store := prohibitedCircle(t)
	up := &fakeUplink{}
	return &Commander{Fleet: f, Uplink: up, Operation: store, Now: func() time.Time { return time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC) }}, up
}

func TestGuidedOrdersAreCheckedAgainstTheLaw(t *testing.T) {
	c, up := lawWorld(t)
	ctx := context.Background()
	east := Command{Kind: CmdGoTo, Lat: 36.15, Lon: -5.378, Altitude: 40} // through P1
	r := c.Do(ctx, []VehicleID{"a-1"}, east)[0]
	require.False(t, r.OK)
	require.True(t, r.Overridable)
	require.ErrorIs(t, r.Err, ErrUnlawfulOrder)
	var ue *UnlawfulOrderError
	require.True(t, errors.As(r.Err, &ue))
	require.Equal(t, "airspace", ue.Violations[0].Rule)
	require.Contains(t, r.Error, "P1")
	require.Empty(t, up.got, "nothing sent")

	north := Command{Kind: CmdGoTo, Lat: 36.155, Lon: -5.40, Altitude: 40}
	require.True(t, c.Do(ctx, []VehicleID{"a-1"}, north)[0].OK)

	tooHigh := Command{Kind: CmdTakeoff, Altitude: 200} // the state profile: 150 m AMSL
	r = c.Do(ctx, []VehicleID{"a-1"}, tooHigh)[0]
	require.False(t, r.OK)
	require.Contains(t, r.Error, "max-height")

	// Safety orders are never refused for the law.
	for _, k := range []CommandKind{CmdReturn, CmdLand, CmdHold} {
		require.True(t, c.Do(ctx, []VehicleID{"a-1"}, Command{Kind: k})[0].OK, k)
	}

	// An override sends it, and says so.
	east.Override = &Override{By: "pilot Ana Ruiz", Reason: "tower cleared the crossing"}
	r = c.Do(ctx, []VehicleID{"a-1"}, east)[0]
	require.True(t, r.OK, r.Error)
	require.Equal(t, east.Override, r.Override)
	require.Len(t, r.Overridden, 1)
	require.Contains(t, r.Overridden[0], "P1")
	require.Equal(t, east, up.got["a-1"])

	// An override must say who and why.
	east.Override = &Override{By: "  ", Reason: "because"}
	r = c.Do(ctx, []VehicleID{"a-1"}, east)[0]
	require.ErrorIs(t, r.Err, ErrInvalidCommand)
	require.False(t, r.Overridable)
}

func TestGoToLeavingTheFenceIsRefused(t *testing.T) {
	c, _ := lawWorld(t)
	c.Fleet.WatchFence("a-1", mission.Fence{Zones: []mission.Zone{{
		Inclusion: true, Circle: &mission.Circle{Center: orb.Point{-5.40, 36.15}, Radius: 300},
	}}})
	r := c.Do(context.Background(), []VehicleID{"a-1"}, Command{Kind: CmdGoTo, Lat: 36.16, Lon: -5.40, Altitude: 40})[0]
	require.False(t, r.OK)
	require.Contains(t, r.Error, "fence")
}

// A go-to sent under an override to a target outside the fence the
// station uploaded, which the vehicle refuses with a bare MAV_RESULT_FAILED
// (as ArduCopter does), comes back with the station's explanation.
func TestRefusalWithoutReasonIsExplainedByTheFence(t *testing.T) {
	c, up := lawWorld(t)
	c.Fleet.WatchFence("a-1", mission.Fence{Zones: []mission.Zone{{
		Inclusion: true, Circle: &mission.Circle{Center: orb.Point{-5.40, 36.15}, Radius: 300},
	}}})
	up.Answer = func(VehicleID, Command) error {
		return &RejectedError{Command: "MAV_CMD_DO_REPOSITION", Result: 4, ResultName: "MAV_RESULT_FAILED"}
	}
	out := Command{Kind: CmdGoTo, Lat: 36.16, Lon: -5.40, Altitude: 40,
		Override: &Override{By: "pilot Ana Ruiz", Reason: "a boat to look at"}}
	r := c.Do(context.Background(), []VehicleID{"a-1"}, out)[0]
	require.False(t, r.OK)
	require.Contains(t, r.Error, "MAV_RESULT_FAILED (4): the vehicle gave no reason; the station's explanation: the target is outside the fence uploaded to a-1: boundary")

	// A reason from the vehicle is its own, and a target inside the fence
	// has no explanation to add.
	up.Answer = func(VehicleID, Command) error {
		return &RejectedError{Command: "MAV_CMD_DO_REPOSITION", Result: 4, ResultName: "MAV_RESULT_FAILED", Reason: "Mode change failed"}
	}
	r = c.Do(context.Background(), []VehicleID{"a-1"}, out)[0]
	require.Equal(t, "MAV_CMD_DO_REPOSITION rejected: MAV_RESULT_FAILED (4): Mode change failed", r.Error)
	up.Answer = func(VehicleID, Command) error {
		return &RejectedError{Command: "MAV_CMD_DO_REPOSITION", Result: 4, ResultName: "MAV_RESULT_FAILED"}
	}
	r = c.Do(context.Background(), []VehicleID{"a-1"}, Command{Kind: CmdGoTo, Lat: 36.151, Lon: -5.40, Altitude: 40})[0]
	require.Equal(t, "MAV_CMD_DO_REPOSITION rejected: MAV_RESULT_FAILED (4)", r.Error)
}
