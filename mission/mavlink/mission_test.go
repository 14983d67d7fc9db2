package mavlink

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/missiontest"
)

func TestMissionItemsRoundTrip(t *testing.T) {
	p := missiontest.FullPlan()
	for _, opt := range []MissionOptions{ArduPilot, PX4} {
		items, is := MissionItems(p.Home, p.Mission, opt)
		require.Empty(t, is)
		home, decoded, is := DecodeMission(items, opt)
		require.Empty(t, is)
		require.Len(t, decoded, len(p.Mission))
		again, _ := MissionItems(home, decoded, opt)
		require.Equal(t, fmt.Sprintf("%+v", items), fmt.Sprintf("%+v", again), "MAVLink → model → MAVLink is exact")
		require.Equal(t, mission.Jump{Target: 1, Repeat: 3}, decoded[10], "jump targets follow the home offset")
		if opt.HomeAtZero {
			require.Equal(t, uint16(mission.CmdNavWaypoint), items[0].Command)
			require.InDelta(t, 36.1275, home.Lat(), 1e-7)
		}
	}
}

func TestMissionItemsDegE7(t *testing.T) {
	items, _ := MissionItems(nil, []mission.Item{mission.Waypoint{Pos: mission.At(36.1234567, -5.4321098, mission.Rel(50))}, mission.Gimbal{Command: mission.GimbalManagerPitchYaw, Flags: 16}}, PX4)
	require.Equal(t, int32(361234567), items[0].X)
	require.Equal(t, int32(-54321098), items[0].Y)
	require.Equal(t, mission.FrameGlobalRelativeAlt, items[0].Frame)
	require.Equal(t, int32(16), items[1].X, "non-global frames carry param5 as a plain integer")
}

func TestDecodeMissionKeepsUnknownCommands(t *testing.T) {
	cases := []struct {
		name string
		in   MAVItem
		want mission.Kind
	}{
		{"waypoint", MAVItem{Command: 16, Frame: 6, Autocontinue: 1, X: 361000000, Y: -54000000, Z: 50}, mission.KindWaypoint},
		{"no autocontinue", MAVItem{Command: 16, Frame: 3, X: 361000000}, mission.KindCommand},
		{"local frame", MAVItem{Command: 16, Frame: 1, Autocontinue: 1}, mission.KindCommand},
		{"vtol takeoff", MAVItem{Command: 84, Frame: 3, Autocontinue: 1}, mission.KindCommand},
		{"bad speed type", MAVItem{Command: 178, Frame: 2, Autocontinue: 1, Param1: 7}, mission.KindCommand},
		{"speed", MAVItem{Command: 178, Frame: 0, Autocontinue: 1, Param1: 1, Param2: 5}, mission.KindSpeed},
		{"delay with time of day", MAVItem{Command: 93, Frame: 2, Autocontinue: 1, Param1: -1, Param2: 12, Param3: 0, Param4: 0}, mission.KindCommand},
		{"fractional jump", MAVItem{Command: 177, Frame: 2, Autocontinue: 1, Param1: 0.5}, mission.KindCommand},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			_, m, _ := DecodeMission([]MAVItem{ca.in}, PX4)
			require.Equal(t, ca.want, m[0].Kind())
			again, _ := MissionItems(nil, m, PX4)
			if ca.want == mission.KindCommand {
				require.Equal(t, ca.in, again[0], "a generic command is kept exactly")
			}
		})
	}
}

func TestDecodeMissionIssues(t *testing.T) {
	in := []MAVItem{{Seq: 0, Command: 16, Frame: 3, Autocontinue: 1, X: 951000000}, {Seq: 5, Command: 177, Frame: 2, Autocontinue: 1, Param1: 9, MissionType: TypeFence}}
	_, _, is := DecodeMission(in, PX4)
	require.Equal(t, []string{
		"error: mission[1].seq: item 1 has seq 5",
		"error: mission[1].mission_type: mission type 1, want 0",
		"error: mission[0].pos: lat 95.1, lon 0 out of range",
		"error: mission[1].target: jump target 9 is outside the mission (0..1)",
	}, missiontest.IssueStrings(is))
}

// TestCurrentPositionRoundTrip: items at ArduPilot's current position go
// out as x = y = 0 and come back as the current position; a home at 0, 0
// is no home.
func TestCurrentPositionRoundTrip(t *testing.T) {
	in := []mission.Item{
		mission.Takeoff{Pos: mission.Here(mission.Rel(30)), Yaw: math.NaN()},
		mission.Loiter{Pos: mission.Here(mission.Rel(0)), Mode: mission.LoiterTurns, Turns: 2, Radius: 40, Param4: 0},
		mission.Land{Pos: mission.Here(mission.Rel(0)), Yaw: math.NaN()},
	}
	unknown := mission.Here(mission.AMSL(0))
	items, _ := MissionItems(&unknown, in, ArduPilot)
	for _, m := range items {
		require.Zero(t, m.X)
		require.Zero(t, m.Y)
	}
	home, out, is := DecodeMission(items, ArduPilot)
	require.Nil(t, home)
	require.Equal(t, mission.SeverityInfo, is[0].Severity)
	require.Len(t, out, 3)
	for i, it := range out {
		pos, ok := mission.PositionOf(it)
		require.True(t, ok && pos.Current(), "item %d", i)
	}
	require.Equal(t, in[1], out[1])
}
