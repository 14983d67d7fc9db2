package telemetry

import (
	"errors"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

// commandSetup starts a station and one ArduCopter peer, sysid 1 on link "a".
func commandSetup(t testing.TB, s *Station, hb *common.MessageHeartbeat) (*collector, *peer) {
	t.Helper()
	s.Links = []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}
	c := startStation(t, s)
	p := udpPeer(t, s, "a", 1)
	p.send(hb)
	c.wait(t, 0, isLink("a-1", found))
	return c, p
}

func TestCommandsArduCopter(t *testing.T) {
	cases := []struct {
		name string
		cmd  gcs.Command
		want []*common.MessageCommandLong // COMMAND_LONGs the vehicle must get, in order
	}{
		{"arm", gcs.Command{Kind: gcs.CmdArm}, []*common.MessageCommandLong{{Command: common.MAV_CMD_COMPONENT_ARM_DISARM, Param1: 1}}},
		{"force disarm", gcs.Command{Kind: gcs.CmdDisarm, Force: true}, []*common.MessageCommandLong{{Command: common.MAV_CMD_COMPONENT_ARM_DISARM, Param2: 21196}}},
		{"mode", gcs.Command{Kind: gcs.CmdSetMode, Mode: "alt_hold"}, []*common.MessageCommandLong{{Command: common.MAV_CMD_DO_SET_MODE, Param1: 1, Param2: 2}}},
		{"hold", gcs.Command{Kind: gcs.CmdHold}, []*common.MessageCommandLong{{Command: common.MAV_CMD_DO_SET_MODE, Param1: 1, Param2: 17}}},
		{"return", gcs.Command{Kind: gcs.CmdReturn}, []*common.MessageCommandLong{{Command: common.MAV_CMD_DO_SET_MODE, Param1: 1, Param2: 6}}},
		{"land", gcs.Command{Kind: gcs.CmdLand}, []*common.MessageCommandLong{{Command: common.MAV_CMD_DO_SET_MODE, Param1: 1, Param2: 9}}},
		{"terminate", gcs.Command{Kind: gcs.CmdTerminate, Confirm: "a-1"}, []*common.MessageCommandLong{{Command: common.MAV_CMD_DO_FLIGHTTERMINATION, Param1: 1}}},
		{"takeoff from loiter, disarmed", gcs.Command{Kind: gcs.CmdTakeoff, Altitude: 25}, []*common.MessageCommandLong{
			{Command: common.MAV_CMD_DO_SET_MODE, Param1: 1, Param2: 4},
			{Command: common.MAV_CMD_COMPONENT_ARM_DISARM, Param1: 1},
			{Command: common.MAV_CMD_NAV_TAKEOFF, Param7: 25},
		}},
	}
	s := &Station{}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.NoError(t, s.Execute(bg, "a-1", ca.cmd))
			for _, w := range ca.want {
				got := p.nextCmd(t).(*common.MessageCommandLong)
				w.TargetSystem, w.TargetComponent = 1, 1
				require.Equal(t, w, got)
			}
		})
	}
}

func TestGoToReposition(t *testing.T) {
	s := &Station{}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_GUIDED, true))
	require.NoError(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdGoTo, Lat: 43.6123456, Lon: 7.1, Altitude: 30}))
	got := p.nextCmd(t).(*common.MessageCommandInt)
	require.Equal(t, common.MAV_CMD_DO_REPOSITION, got.Command)
	require.Equal(t, common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, got.Frame)
	require.Equal(t, [3]any{int32(436123456), int32(71000000), float32(30)}, [3]any{got.X, got.Y, got.Z})
}

func TestGoToFallback(t *testing.T) {
	s := &Station{}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_GUIDED, true))
	p.setAnswer(func(c common.MAV_CMD) reply {
		if c == common.MAV_CMD_DO_REPOSITION {
			return reply{result: int(common.MAV_RESULT_UNSUPPORTED)}
		}
		return reply{result: 0}
	})
	targets := make(chan *common.MessageSetPositionTargetGlobalInt, 1)
	hook := func(m message.Message) {
		if sp, ok := m.(*common.MessageSetPositionTargetGlobalInt); ok {
			targets <- sp
		}
	}
	p.hook.Store(&hook)
	require.NoError(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdGoTo, Lat: 1, Lon: 2, Altitude: 3}))
	require.IsType(t, &common.MessageCommandInt{}, p.nextCmd(t))
	require.Equal(t, common.MAV_CMD_DO_SET_MODE, p.nextCmd(t).(*common.MessageCommandLong).Command)
	select {
	case sp := <-targets:
		// Addressed: a target system 0 is a broadcast every GUIDED
		// vehicle on the channel would obey.
		require.Equal(t, [2]uint8{1, 1}, [2]uint8{sp.TargetSystem, sp.TargetComponent})
		require.Equal(t, [2]int32{10_000_000, 20_000_000}, [2]int32{sp.LatInt, sp.LonInt})
	case <-time.After(5 * time.Second):
		t.Fatal("no SET_POSITION_TARGET_GLOBAL_INT")
	}
}

func TestCommandRefusals(t *testing.T) {
	cases := []struct {
		name   string
		cmd    gcs.Command
		answer reply
		want   *gcs.RejectedError
		is     error
	}{
		{"denied with prearm text", gcs.Command{Kind: gcs.CmdArm},
			reply{text: "PreArm: Battery below minimum arming voltage", result: int(common.MAV_RESULT_DENIED)},
			&gcs.RejectedError{Command: "MAV_CMD_COMPONENT_ARM_DISARM", Result: 2, ResultName: "MAV_RESULT_DENIED", Reason: "PreArm: Battery below minimum arming voltage"}, nil},
		{"failed", gcs.Command{Kind: gcs.CmdArm}, reply{text: "Arm: Throttle too high", result: int(common.MAV_RESULT_FAILED)},
			&gcs.RejectedError{Command: "MAV_CMD_COMPONENT_ARM_DISARM", Result: 4, ResultName: "MAV_RESULT_FAILED", Reason: "Arm: Throttle too high"}, nil},
		{"unknown mode", gcs.Command{Kind: gcs.CmdSetMode, Mode: "WARP"}, reply{}, nil, gcs.ErrUnknownMode},
		{"bad goto", gcs.Command{Kind: gcs.CmdGoTo, Lat: 123}, reply{}, nil, gcs.ErrInvalidCommand},
	}
	s := &Station{}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p.setAnswer(func(common.MAV_CMD) reply { return ca.answer })
			err := s.Execute(bg, "a-1", ca.cmd)
			if ca.is != nil {
				require.ErrorIs(t, err, ca.is)
				return
			}
			var rej *gcs.RejectedError
			require.ErrorAs(t, err, &rej)
			require.Equal(t, ca.want, rej)
		})
	}
}

// A refusal whose explanation comes after the ACK still carries it.
func TestRefusalTextAfterAck(t *testing.T) {
	s := &Station{}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	p.setAnswer(func(common.MAV_CMD) reply { return reply{result: -1} })
	errc := make(chan error, 1)
	go func() { errc <- s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdArm}) }()
	p.nextCmd(t)
	p.send(&common.MessageCommandAck{Command: common.MAV_CMD_COMPONENT_ARM_DISARM, Result: common.MAV_RESULT_TEMPORARILY_REJECTED},
		&common.MessageStatustext{Severity: common.MAV_SEVERITY_CRITICAL, Text: "PreArm: Gyros not calibrated"})
	var rej *gcs.RejectedError
	require.ErrorAs(t, <-errc, &rej)
	require.Equal(t, "PreArm: Gyros not calibrated", rej.Reason)
	require.Equal(t, 1, rej.Result)
}

// No answer: resent CommandRetries times with the confirmation field
// counting, then gcs.ErrTimeout; deadlines follow the injected clock.
func TestCommandTimeoutRetries(t *testing.T) {
	clk := gcstest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := &Station{Now: clk.Now, LinkTimeout: time.Hour}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	p.setAnswer(func(common.MAV_CMD) reply { return reply{result: -1} })
	errc := make(chan error, 1)
	go func() { errc <- s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdLand}) }()
	for try := range 4 {
		got := p.nextCmd(t).(*common.MessageCommandLong)
		require.Equal(t, uint8(try), got.Confirmation)
		require.Empty(t, errc)
		clk.Advance(3 * time.Second)
	}
	err := <-errc
	require.ErrorIs(t, err, gcs.ErrTimeout)
	require.Empty(t, p.cmds)
}

// IN_PROGRESS extends the wait instead of resending.
func TestCommandInProgress(t *testing.T) {
	clk := gcstest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := &Station{Now: clk.Now, LinkTimeout: time.Hour}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	p.setAnswer(func(common.MAV_CMD) reply { return reply{result: int(common.MAV_RESULT_IN_PROGRESS)} })
	errc := make(chan error, 1)
	go func() { errc <- s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdTakeoff, Altitude: 10}) }()
	p.nextCmd(t) // GUIDED
	time.Sleep(3 * tickPeriod)
	clk.Advance(2 * time.Second)
	p.send(&common.MessageCommandAck{Command: common.MAV_CMD_DO_SET_MODE, Result: common.MAV_RESULT_IN_PROGRESS})
	time.Sleep(3 * tickPeriod)
	clk.Advance(2 * time.Second) // 4 s after the first send: still waiting, not resent
	time.Sleep(3 * tickPeriod)
	require.Empty(t, p.cmds)
	p.send(&common.MessageCommandAck{Command: common.MAV_CMD_DO_SET_MODE, Result: common.MAV_RESULT_ACCEPTED})
	require.Equal(t, common.MAV_CMD_COMPONENT_ARM_DISARM, p.nextCmd(t).(*common.MessageCommandLong).Command)
	p.setAnswer(func(common.MAV_CMD) reply { return reply{} })
	p.send(&common.MessageCommandAck{Command: common.MAV_CMD_COMPONENT_ARM_DISARM})
	require.Equal(t, common.MAV_CMD_NAV_TAKEOFF, p.nextCmd(t).(*common.MessageCommandLong).Command)
	require.NoError(t, <-errc)
}

func TestCommandUnknownVehicle(t *testing.T) {
	s := &Station{}
	commandSetup(t, s, copterHB(0, false))
	require.ErrorIs(t, s.Execute(bg, "a-99", gcs.Command{Kind: gcs.CmdArm}), gcs.ErrUnknownVehicle)
	_, err := s.ReadParam(bg, "zz-1", "X")
	require.ErrorIs(t, err, gcs.ErrUnknownVehicle)
	s.Close()
	require.True(t, errors.Is(s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdArm}), ErrClosed))
}

func TestCommandsPX4(t *testing.T) {
	hb := &common.MessageHeartbeat{Type: common.MAV_TYPE_QUADROTOR, Autopilot: common.MAV_AUTOPILOT_PX4,
		BaseMode: common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, CustomMode: 3 << 16}
	cases := []struct {
		name string
		cmd  gcs.Command
		want common.MessageCommandLong
	}{
		{"hold", gcs.Command{Kind: gcs.CmdHold}, common.MessageCommandLong{Command: common.MAV_CMD_DO_SET_MODE, Param1: 1, Param2: 4, Param3: 3}},
		{"mission", gcs.Command{Kind: gcs.CmdSetMode, Mode: "AUTO.MISSION"}, common.MessageCommandLong{Command: common.MAV_CMD_DO_SET_MODE, Param1: 1, Param2: 4, Param3: 4}},
		{"return", gcs.Command{Kind: gcs.CmdReturn}, common.MessageCommandLong{Command: common.MAV_CMD_NAV_RETURN_TO_LAUNCH}},
	}
	s := &Station{}
	_, p := commandSetup(t, s, hb)
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.NoError(t, s.Execute(bg, "a-1", ca.cmd))
			got := p.nextCmd(t).(*common.MessageCommandLong)
			ca.want.TargetSystem, ca.want.TargetComponent = 1, 1
			require.Equal(t, ca.want, *got)
		})
	}
}
