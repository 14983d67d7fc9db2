package mission_test

import (
	"fmt"

	"skerry/mission"
)

// A jump to the second mission item, numbered as ArduPilot and plan files
// number it: home is seq 0, so the first item is 1.
func ExampleEncodeItem() {
	r := mission.EncodeItem(mission.Jump{Target: 1, Repeat: 2}, 1)
	fmt.Println(r.Command, r.Frame, r.Params)
	// Output:
	// 177 2 [2 2 0 0 0 0 0]
}

// A waypoint comes back as a Waypoint; a command the model does not name,
// or a named one it could not encode back the same, as a Command.
func ExampleDecodeItem() {
	for _, r := range []mission.RawItem{
		{Command: mission.CmdNavWaypoint, Frame: mission.FrameGlobalRelativeAlt, AutoContinue: true, Params: [7]float64{5, 0, 0, 90, 36.133, -5.4301, 60}},
		{Command: 84, Frame: mission.FrameGlobalRelativeAlt, AutoContinue: true, Params: [7]float64{0, 0, 0, 0, 36.128, -5.437, 40}},
		{Command: mission.CmdNavWaypoint, Frame: mission.FrameLocalNED, AutoContinue: true},
	} {
		it := mission.DecodeItem(r, 1)
		fmt.Printf("%s %+v\n", it.Kind(), it)
	}
	// Output:
	// waypoint {Pos:{Point:[-5.4301 36.133] Alt:60 m relative} Hold:5 AcceptRadius:0 PassRadius:0 Yaw:90}
	// command {Command:84 Frame:3 Params:[0 0 0 0 36.128 -5.437 40] NoAutoContinue:false}
	// command {Command:16 Frame:1 Params:[0 0 0 0 0 0 0] NoAutoContinue:false}
}
