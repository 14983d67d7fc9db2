package mavlink_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/mavlink"
)

// A short patrol over the Port of Algeciras, sent the ArduPilot way.
func ExampleMissionItems() {
	home := mission.At(36.1275, -5.4390, mission.AMSL(8))
	items := []mission.Item{
		mission.Takeoff{Pos: mission.At(36.1281, -5.4372, mission.Rel(40))},
		mission.Waypoint{Pos: mission.At(36.1330, -5.4301, mission.Rel(60)), Hold: 5},
		mission.Jump{Target: 1, Repeat: 2},
		mission.RTL{},
	}
	mav, issues := mavlink.MissionItems(&home, items, mavlink.ArduPilot)
	for _, m := range mav {
		fmt.Println(m.Seq, m.Command, m.Frame, m.Param1, m.X, m.Y, m.Z)
	}
	fmt.Println(len(issues), "issues")
	// Output:
	// 0 16 0 0 361275000 -54390000 8
	// 1 22 3 0 361281000 -54372000 40
	// 2 16 3 5 361330000 -54301000 60
	// 3 177 2 2 0 0 0
	// 4 20 2 0 0 0 0
	// 0 issues
}

// Fence zones become consecutive MAVLink fence items.
func ExampleFenceItems() {
	fence := mission.Fence{Zones: []mission.Zone{
		mission.InclusionPolygon(orb.Ring{{-5.445, 36.13}, {-5.425, 36.13}, {-5.425, 36.108}}),
		mission.ExclusionCircle(orb.Point{-5.435, 36.121}, 60),
	}}
	items, _ := mavlink.FenceItems(fence)
	for _, m := range items {
		fmt.Println(m.Seq, m.Command, m.Param1, m.Param2)
	}
	// Output:
	// 0 5001 3 0
	// 1 5001 3 0
	// 2 5001 3 0
	// 3 5004 60 0
}
