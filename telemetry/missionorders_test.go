package telemetry

import (
	"testing"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

type orderCase struct {
	name string
	cmd  gcs.Command
	want []*common.MessageCommandLong // COMMAND_LONGs the vehicle must get, in order
}

func setMode(p ...float32) *common.MessageCommandLong {
	return long(common.MAV_CMD_DO_SET_MODE, append([]float32{1}, p...)...)
}

func runOrders(t *testing.T, hb *common.MessageHeartbeat, cases []orderCase) {
	s := &Station{}
	_, p := commandSetup(t, s, hb)
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.NoError(t, s.Execute(bg, "a-1", ca.cmd))
			for _, w := range ca.want {
				got := p.nextCmd(t).(*common.MessageCommandLong)
				w.TargetSystem, w.TargetComponent = 1, 1
				require.Equal(t, w, got)
			}
			require.Empty(t, p.cmds)
		})
	}
}

func TestMissionOrdersArduCopter(t *testing.T) {
	runOrders(t, copterHB(ardupilotmega.COPTER_MODE_LOITER, false), []orderCase{
		{"start disarmed", gcs.Command{Kind: gcs.CmdMissionStart}, []*common.MessageCommandLong{
			setMode(4), long(common.MAV_CMD_COMPONENT_ARM_DISARM, 1), long(common.MAV_CMD_MISSION_START)}},
		{"pause", gcs.Command{Kind: gcs.CmdPause}, []*common.MessageCommandLong{setMode(17)}},
		{"resume", gcs.Command{Kind: gcs.CmdResume}, []*common.MessageCommandLong{setMode(3)}},
		{"jump", gcs.Command{Kind: gcs.CmdJump, Seq: 5}, []*common.MessageCommandLong{long(common.MAV_CMD_DO_SET_MISSION_CURRENT, 5)}},
	})
}

func TestMissionOrdersArduCopterArmed(t *testing.T) {
	runOrders(t, copterHB(ardupilotmega.COPTER_MODE_GUIDED, true), []orderCase{
		{"start armed", gcs.Command{Kind: gcs.CmdMissionStart}, []*common.MessageCommandLong{long(common.MAV_CMD_MISSION_START)}},
	})
}

func TestMissionOrdersArduPlane(t *testing.T) {
	hb := &common.MessageHeartbeat{Type: common.MAV_TYPE_FIXED_WING, Autopilot: common.MAV_AUTOPILOT_ARDUPILOTMEGA,
		BaseMode: common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, CustomMode: 5}
	runOrders(t, hb, []orderCase{
		{"start", gcs.Command{Kind: gcs.CmdMissionStart}, []*common.MessageCommandLong{setMode(10), long(common.MAV_CMD_COMPONENT_ARM_DISARM, 1)}},
		{"pause", gcs.Command{Kind: gcs.CmdPause}, []*common.MessageCommandLong{setMode(12)}},
		{"resume", gcs.Command{Kind: gcs.CmdResume}, []*common.MessageCommandLong{setMode(10)}},
	})
}

func TestMissionOrdersPX4(t *testing.T) {
	hb := &common.MessageHeartbeat{Type: common.MAV_TYPE_QUADROTOR, Autopilot: common.MAV_AUTOPILOT_PX4,
		BaseMode: common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, CustomMode: 3 << 16}
	runOrders(t, hb, []orderCase{
		{"start", gcs.Command{Kind: gcs.CmdMissionStart}, []*common.MessageCommandLong{setMode(4, 4), long(common.MAV_CMD_COMPONENT_ARM_DISARM, 1)}},
		{"pause", gcs.Command{Kind: gcs.CmdPause}, []*common.MessageCommandLong{setMode(4, 3)}},
		{"resume", gcs.Command{Kind: gcs.CmdResume}, []*common.MessageCommandLong{setMode(4, 4)}},
		{"jump", gcs.Command{Kind: gcs.CmdJump, Seq: 2}, []*common.MessageCommandLong{long(common.MAV_CMD_DO_SET_MISSION_CURRENT, 2)}},
	})
}

// BRAKE refused: LOITER instead.
func TestPauseFallsBackToLoiter(t *testing.T) {
	s := &Station{}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_AUTO, true))
	p.setAnswer(func(common.MAV_CMD) reply { return reply{result: int(common.MAV_RESULT_DENIED)} })
	errc := make(chan error, 1)
	go func() { errc <- s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdPause}) }()
	require.Equal(t, float32(17), p.nextCmd(t).(*common.MessageCommandLong).Param2)
	p.setAnswer(func(common.MAV_CMD) reply { return reply{} })
	require.Equal(t, float32(5), p.nextCmd(t).(*common.MessageCommandLong).Param2)
	require.NoError(t, <-errc)
}

// DO_SET_MISSION_CURRENT unsupported: MISSION_SET_CURRENT, confirmed by
// MISSION_CURRENT.
func TestJumpFallback(t *testing.T) {
	s, _, p, f := missionSetup(t, copterHB(ardupilotmega.COPTER_MODE_AUTO, true))
	p.setAnswer(func(common.MAV_CMD) reply { return reply{result: int(common.MAV_RESULT_UNSUPPORTED)} })
	require.NoError(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdJump, Seq: 7}))
	require.Equal(t, common.MAV_CMD_DO_SET_MISSION_CURRENT, p.nextCmd(t).(*common.MessageCommandLong).Command)
	m := <-f.setCur
	require.Equal(t, common.MessageMissionSetCurrent{TargetSystem: 1, TargetComponent: 1, Seq: 7}, m)
	require.ErrorIs(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdJump, Seq: -1}), gcs.ErrInvalidCommand)
}
