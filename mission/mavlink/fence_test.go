package mavlink

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/missiontest"
)

func TestFenceItemsRoundTrip(t *testing.T) {
	f := missiontest.FullPlan().Fence
	items, is := FenceItems(f)
	require.Len(t, is, 2, "floor and ceiling, and radius, cannot be sent")
	require.Len(t, items, 4+1+3+1)
	require.Equal(t, mission.CmdFencePolygonInclude, items[0].Command)
	require.Equal(t, float32(4), items[3].Param1)
	require.Equal(t, float32(2), items[5].Param2, "group in param2")
	got, is := DecodeFence(items)
	require.Empty(t, is)
	f.Floor, f.Ceiling, f.Radius = nil, nil, nil
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
