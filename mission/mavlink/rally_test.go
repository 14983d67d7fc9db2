package mavlink

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

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
