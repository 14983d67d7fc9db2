package gcs

import (
	"fmt"

	"github.com/paulmach/orb/geo"

	"skerry/mission"
	"skerry/mission/validate"
)

// flownFrom sets where vehicle v flies a plan from: the home it really
// has, which replaces the plan's own (an autopilot flies a mission from
// its own home whatever the file says; ArduPilot sets home where it arms),
// and where it is now when it is in the air. It returns a note for the
// report saying so, or a warning when the vehicle reports neither a home
// nor a position and the plan's home has to stand in.
func flownFrom(vop *validate.Operation, v *Vehicle, plan *mission.Plan) validate.Violation {
	note := validate.Violation{Item: -1, Leg: [2]int{-1, -1}, Rule: validate.RuleRoute, Severity: mission.SeverityInfo}
	var home mission.Position
	switch {
	case v.HasPosition && !v.Armed: // it takes off, and sets home, where it stands
		ground := v.Position.AltAMSL - v.Position.AltRel
		if v.Home != nil {
			ground = v.Home.AltAMSL
		}
		home = mission.At(v.Position.Lat, v.Position.Lon, mission.AMSL(ground))
		note.Message = fmt.Sprintf("checked as %s would fly it: from where it stands, %.5f, %.5f, where it takes off", v.ID, v.Position.Lat, v.Position.Lon)
	case v.Home != nil:
		home = mission.At(v.Home.Lat, v.Home.Lon, mission.AMSL(v.Home.AltAMSL))
		note.Message = fmt.Sprintf("checked as %s would fly it: from its home at %.5f, %.5f", v.ID, v.Home.Lat, v.Home.Lon)
	case v.HasPosition:
		home = mission.At(v.Position.Lat, v.Position.Lon, mission.AMSL(v.Position.AltAMSL-v.Position.AltRel))
		note.Message = fmt.Sprintf("checked as %s would fly it: it reports no home; from below where it is, %.5f, %.5f", v.ID, v.Position.Lat, v.Position.Lon)
	default:
		note.Severity = mission.SeverityWarning
		note.Message = fmt.Sprintf("%s reports neither a home nor a position yet: checked from the plan's own home, which the vehicle will not use", v.ID)
		return note
	}
	vop.Home, vop.Overrides = &home, true
	if v.Armed && v.HasPosition && v.Landed != "on_ground" {
		at := mission.At(v.Position.Lat, v.Position.Lon, mission.AMSL(v.Position.AltAMSL))
		vop.Start = &at
		note.Message += fmt.Sprintf("; it is in the air, so the route begins where it is, %.5f, %.5f, at %.0f m", v.Position.Lat, v.Position.Lon, v.Position.AltRel)
	}
	if plan != nil && plan.Home != nil {
		if d := geo.Distance(home.Point, plan.Home.Point); d > 1 {
			note.Message += fmt.Sprintf(" (the plan's own home, %.1f km away, is not used)", d/1000)
		}
	}
	return note
}
