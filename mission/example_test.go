package mission_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/paulmach/orb"

	"skerry/mission"
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
	mav, issues := mission.MissionItems(&home, items, mission.ArduPilot)
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
	items, _ := mission.FenceItems(fence)
	for _, m := range items {
		fmt.Println(m.Seq, m.Command, m.Param1, m.Param2)
	}
	// Output:
	// 0 5001 3 0
	// 1 5001 3 0
	// 2 5001 3 0
	// 3 5004 60 0
}

// Writing a waypoint file reports what the format cannot hold.
func ExampleWriteWPL() {
	home := mission.At(36.1275, -5.439, mission.AMSL(8))
	p := &mission.Plan{
		Home:    &home,
		Mission: []mission.Item{mission.Waypoint{Pos: mission.At(36.133, -5.4301, mission.Rel(60))}},
		Fence:   mission.Fence{Zones: []mission.Zone{mission.InclusionCircle(orb.Point{-5.44, 36.124}, 1500)}},
	}
	issues, err := mission.WriteWPL(os.Stdout, p)
	fmt.Println(err)
	for _, i := range issues {
		fmt.Println(i)
	}
	// Output:
	// QGC WPL 110
	// 0	1	0	16	0	0	0	0	36.1275	-5.439	8	1
	// 1	0	3	16	0	0	0	0	36.133	-5.4301	60	1
	// <nil>
	// warning: fence: a waypoint file has no fence; 1 zones not written
}

// Reading a QGroundControl plan; the issues say what was not kept.
func ExampleReadQGCPlan() {
	in := `{"fileType": "Plan", "version": 1, "groundStation": "QGroundControl",
	 "mission": {"version": 2, "firmwareType": 3, "vehicleType": 2, "cruiseSpeed": 15, "hoverSpeed": 5,
	  "plannedHomePosition": [36.1275, -5.439, 8],
	  "items": [
	   {"type": "SimpleItem", "autoContinue": true, "command": 22, "doJumpId": 1, "frame": 3,
	    "params": [0, 0, 0, null, 36.1281, -5.4372, 40], "AltitudeMode": 1, "Altitude": 40, "AMSLAltAboveTerrain": null},
	   {"type": "ComplexItem", "complexItemType": "StructureScan"}]}}`
	p, issues, err := mission.ReadQGCPlan(strings.NewReader(in))
	fmt.Println(err)
	fmt.Printf("%d item: %s at %v\n", len(p.Mission), p.Mission[0].Kind(), p.Mission[0].(mission.Takeoff).Pos.Alt)
	for _, i := range issues {
		fmt.Println(i)
	}
	// Output:
	// <nil>
	// 1 item: takeoff at 40 m relative
	// warning: mission[1].complexItemType: complex item "StructureScan" saves no generated items; dropped (regenerate it in QGroundControl)
}
