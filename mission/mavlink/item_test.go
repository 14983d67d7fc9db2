package mavlink

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"
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

func TestFenceItemsRoundTrip(t *testing.T) {
	f := missiontest.FullPlan().Fence
	items, is := FenceItems(f)
	require.Len(t, is, 1, "floor and ceiling cannot be sent")
	require.Len(t, items, 4+1+3+1)
	require.Equal(t, mission.CmdFencePolygonInclude, items[0].Command)
	require.Equal(t, float32(4), items[3].Param1)
	require.Equal(t, float32(2), items[5].Param2, "group in param2")
	got, is := DecodeFence(items)
	require.Empty(t, is)
	f.Floor, f.Ceiling = nil, nil
	require.Equal(t, f, got)
}

func TestDecodeFenceStructure(t *testing.T) {
	v := func(seq uint16, cmd uint16, n float32) MAVItem {
		return MAVItem{Seq: seq, Command: cmd, Param1: n, X: 361000000 + int32(seq)*10000, Y: -54000000, MissionType: TypeFence}
	}
	cases := []struct {
		name  string
		items []MAVItem
		zones int
		want  string
	}{
		{"ok", []MAVItem{v(0, 5001, 3), v(1, 5001, 3), v(2, 5001, 3)}, 1, ""},
		{"too few", []MAVItem{v(0, 5001, 2), v(1, 5001, 2)}, 0, "vertex count 2 must be an integer ≥ 3"},
		{"count beyond end", []MAVItem{v(0, 5001, 4), v(1, 5001, 4), v(2, 5001, 4)}, 0, "with that many items left (3)"},
		{"inconsistent", []MAVItem{v(0, 5001, 3), v(1, 5001, 4), v(2, 5001, 3)}, 0, "item 1 breaks it"},
		{"interrupted", []MAVItem{v(0, 5002, 3), v(1, 5003, 50), v(2, 5002, 3)}, 1, "item 1 breaks it"},
		{"bad circle", []MAVItem{v(0, 5004, -1)}, 1, "circle radius -1 m must be finite and > 0"},
		{"not fence", []MAVItem{v(0, 16, 0)}, 0, "command 16 is not a fence item"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			f, is := DecodeFence(ca.items)
			require.Len(t, f.Zones, ca.zones)
			if ca.want == "" {
				require.Empty(t, is)
				return
			}
			require.NotEmpty(t, is)
			require.Contains(t, is[0].Message, ca.want)
		})
	}
}

func TestRallyItemsRoundTrip(t *testing.T) {
	pts := []mission.RallyPoint{{Pos: mission.At(36.129, -5.441, mission.Rel(30))}, {Pos: mission.At(36.11, -5.443, mission.AMSL(25))}}
	items, is := RallyItems(pts)
	require.Empty(t, is)
	require.Equal(t, mission.FrameGlobal, items[1].Frame)
	got, is := DecodeRally(items)
	require.Empty(t, is)
	require.Equal(t, pts, got)
	_, is = DecodeRally([]MAVItem{{Command: 16, MissionType: TypeRally}})
	require.Len(t, is, 1)
}

func TestDegE7(t *testing.T) {
	v, ok := DegE7(-5.4321098)
	require.True(t, ok)
	require.Equal(t, int32(-54321098), v)
	_, ok = DegE7(500)
	require.False(t, ok)
	require.Equal(t, orb.Point{-5.4321098, 0}[0], FromDegE7(v))
}
