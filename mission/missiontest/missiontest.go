// Package missiontest holds test helpers shared by the tests of package
// mission and its subpackages (mission/mavlink, mission/planfile): a plan
// with one of everything the model has, and issues as strings.
package missiontest

import (
	"math"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// FullPlan holds one of everything the model has: every item kind, both
// zone shapes in two inclusion groups, floor, ceiling, return and rally
// points. It is valid; each call returns a new plan.
func FullPlan() *mission.Plan {
	home := mission.At(36.1275, -5.439, mission.AMSL(8))
	ret := mission.At(36.128, -5.438, mission.Rel(30))
	radius := 2500.0
	return &mission.Plan{Name: "Algeciras <all>", VehicleType: mission.VehicleQuadrotor, Firmware: mission.FirmwareArduPilot, CruiseSpeed: 15, HoverSpeed: 7.5,
		Home: &home,
		Mission: []mission.Item{
			mission.Takeoff{Pos: mission.At(36.128, -5.437, mission.Rel(40)), Yaw: math.NaN()},
			mission.Waypoint{Pos: mission.At(36.133, -5.4301, mission.Rel(60)), Hold: 2, AcceptRadius: 3, PassRadius: -1, Yaw: 270},
			mission.Loiter{Pos: mission.At(36.14, -5.42, mission.AboveTerrain(50)), Mode: mission.LoiterTime, Seconds: 30, Radius: 40, CounterClockwise: true, HeadingRequired: true},
			mission.SpeedChange{Type: mission.SpeedAir, Speed: 12, Throttle: -1},
			mission.TakePhoto(),
			mission.Camera{Action: mission.CameraTriggerDistance, Distance: 25, TriggerOnce: true},
			mission.Gimbal{Command: mission.GimbalManagerPitchYaw, Pitch: -45, Yaw: math.NaN(), PitchRate: math.NaN(), YawRate: math.NaN(), Flags: 16},
			mission.ROI{Pos: mission.At(36.145, -5.393, mission.AMSL(0))},
			mission.ROINone{},
			mission.Delay{Seconds: 5},
			mission.Jump{Target: 1, Repeat: 3},
			mission.Command{Command: 31, Frame: mission.FrameGlobalRelativeAlt, Params: [7]float64{1, 80, 0, 1, 36.135, -5.428, 30}},
			mission.Land{Pos: mission.At(36.1275, -5.439, mission.Rel(0)), Yaw: math.NaN()},
			mission.RTL{},
		},
		Fence: mission.Fence{
			Zones: []mission.Zone{
				mission.InclusionPolygon(orb.Ring{{-5.445, 36.13}, {-5.425, 36.13}, {-5.425, 36.108}, {-5.445, 36.108}}),
				mission.ExclusionCircle(orb.Point{-5.435, 36.121}, 60),
				{Polygon: orb.Ring{{-5.436, 36.116}, {-5.433, 36.117}, {-5.432, 36.115}}, Group: 2},
			},
			Floor: &mission.Altitude{M: 5, Ref: mission.AltRelative}, Ceiling: &mission.Altitude{M: 120, Ref: mission.AltRelative}, Return: &ret,
			Radius: &radius,
		},
		Rally: []mission.RallyPoint{{Pos: mission.At(36.129, -5.441, mission.Rel(30))}},
	}
}

// IssueStrings formats issues with Issue.String, for comparisons.
func IssueStrings(is mission.Issues) []string {
	out := make([]string, len(is))
	for i, x := range is {
		out[i] = x.String()
	}
	return out
}
