package gcs

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeUplink records orders and answers with Answer.
type fakeUplink struct {
	mu     sync.Mutex
	got    map[VehicleID]Command
	Answer func(VehicleID, Command) error
}

func (u *fakeUplink) Execute(_ context.Context, id VehicleID, cmd Command) error {
	u.mu.Lock()
	if u.got == nil {
		u.got = map[VehicleID]Command{}
	}
	u.got[id] = cmd
	u.mu.Unlock()
	if u.Answer != nil {
		return u.Answer(id, cmd)
	}
	return nil
}

func (u *fakeUplink) ReadParam(context.Context, VehicleID, string) (float64, error) { return 0, nil }
func (u *fakeUplink) WriteParam(context.Context, VehicleID, string, float64) error  { return nil }

func TestCommanderFleetWideWithPerVehicleResults(t *testing.T) {
	f, _ := newTestFleet(t)
	for _, id := range []VehicleID{"a-1", "a-2", "b-1"} {
		observe(f, id, Identity{})
	}
	up := &fakeUplink{Answer: func(id VehicleID, _ Command) error {
		if id == "a-2" {
			return &RejectedError{Command: "MAV_CMD_NAV_TAKEOFF", Result: 4, ResultName: "MAV_RESULT_FAILED"}
		}
		return nil
	}}
	c := &Commander{Fleet: f, Uplink: up}
	rs := c.Do(context.Background(), nil, Command{Kind: CmdTakeoff, Altitude: 30})
	require.Len(t, rs, 3)
	require.True(t, rs[0].OK)
	require.False(t, rs[1].OK)
	require.Equal(t, 4, *rs[1].MAVResult)
	require.Contains(t, rs[1].Error, "MAV_RESULT_FAILED")
	require.True(t, rs[2].OK)
	require.Len(t, up.got, 3)
}

func TestCommanderRefusesBeforeSending(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{})
	up := &fakeUplink{}
	c := &Commander{Fleet: f, Uplink: up}
	cases := []struct {
		name   string
		target VehicleID
		cmd    Command
		want   error
	}{
		{"terminate without confirmation", "a-1", Command{Kind: CmdTerminate}, ErrNeedsConfirm},
		{"terminate confirming another vehicle", "a-1", Command{Kind: CmdTerminate, Confirm: "a-2"}, ErrNeedsConfirm},
		{"take-off to nothing", "a-1", Command{Kind: CmdTakeoff}, ErrInvalidCommand},
		{"go to null island", "a-1", Command{Kind: CmdGoTo, Altitude: 20}, ErrInvalidCommand},
		{"unknown order", "a-1", Command{Kind: "dance"}, ErrInvalidCommand},
		{"unknown vehicle", "zz-9", Command{Kind: CmdLand}, ErrUnknownVehicle},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			rs := c.Do(context.Background(), []VehicleID{ca.target}, ca.cmd)
			require.False(t, rs[0].OK)
			require.True(t, errors.Is(rs[0].Err, ca.want), rs[0].Error)
		})
	}
	require.Empty(t, up.got)
	rs := c.Do(context.Background(), []VehicleID{"a-1"}, Command{Kind: CmdTerminate, Confirm: "a-1"})
	require.True(t, rs[0].OK)
}
