package planfile_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/planfile"
)

// Writing a waypoint file reports what the format cannot hold.
func ExampleWriteWPL() {
	home := mission.At(36.1275, -5.439, mission.AMSL(8))
	p := &mission.Plan{
		Home:    &home,
		Mission: []mission.Item{mission.Waypoint{Pos: mission.At(36.133, -5.4301, mission.Rel(60))}},
		Fence:   mission.Fence{Zones: []mission.Zone{mission.InclusionCircle(orb.Point{-5.44, 36.124}, 1500)}},
	}
	issues, err := planfile.WriteWPL(os.Stdout, p)
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

// Reading a QGroundControl plan; the issues say what was not kept, and
// an item QGroundControl saved before its terrain data arrived is read at
// the altitude it calculated.
func ExampleReadQGCPlan() {
	in := `{"fileType": "Plan", "version": 1, "groundStation": "QGroundControl",
	 "mission": {"version": 2, "firmwareType": 3, "vehicleType": 2, "cruiseSpeed": 15, "hoverSpeed": 5,
	  "plannedHomePosition": [36.1275, -5.439, 8],
	  "items": [
	   {"type": "SimpleItem", "autoContinue": true, "command": 22, "doJumpId": 1, "frame": 3,
	    "params": [0, 0, 0, null, 36.1281, -5.4372, 40], "AltitudeMode": 1, "Altitude": 40, "AMSLAltAboveTerrain": null},
	   {"type": "SimpleItem", "autoContinue": true, "command": 16, "doJumpId": 2, "frame": 0,
	    "params": [0, 0, 0, null, 36.133, -5.4301, null], "AltitudeMode": 3, "Altitude": null, "AMSLAltAboveTerrain": 112.5}]}}`
	p, issues, err := planfile.ReadQGCPlan(strings.NewReader(in))
	fmt.Println(err)
	fmt.Printf("%d items: %s at %v, %s at %v\n", len(p.Mission), p.Mission[0].Kind(), p.Mission[0].(mission.Takeoff).Pos.Alt,
		p.Mission[1].Kind(), p.Mission[1].(mission.Waypoint).Pos.Alt)
	for _, i := range issues {
		fmt.Println(i)
	}
	// Output:
	// <nil>
	// 2 items: takeoff at 40 m relative, waypoint at 112.5 m amsl
	// info: mission[1].AMSLAltAboveTerrain: QGC terrain item saved without param7: flown at the AMSL altitude 112.5 m QGroundControl calculated above the terrain
}
