package gcs

import "math"

// Where a vehicle's landed state comes from (Vehicle.LandedFrom).
const (
	landedFromAutopilot = "autopilot"
	landedJudged        = "judged"
)

// Thresholds of judgeLanded: a vehicle this close to its home's height,
// this still, is on the ground; this high above it, in the air.
const (
	groundHeight = 1.0 // m above home
	groundSpeed  = 1.0 // m/s
	groundClimb  = 0.3 // m/s
	airHeight    = 3.0 // m above home
)

// judgeLanded gives a vehicle whose autopilot reports no landed state
// (ArduPilot sends EXTENDED_SYS_STATE only when asked, and older firmware
// not at all) one judged from the rest of its state: disarmed is on the
// ground; armed, at home's height within a metre, not moving and not
// climbing is on the ground (a copter sitting armed after landing);
// armed and well above home is in the air. Anything between stays
// unknown, which the confirmation rules treat as possibly flying. A
// landed state from the autopilot always wins.
func judgeLanded(v *Vehicle) {
	if v.LandedFrom == landedFromAutopilot {
		return
	}
	landed := ""
	switch {
	case !v.Armed:
		landed = "on_ground"
	case !v.HasPosition:
	case math.Abs(v.Position.AltRel) < groundHeight && still(v):
		landed = "on_ground"
	case v.Position.AltRel > airHeight:
		landed = "in_air"
	}
	v.Landed, v.LandedFrom = landed, ""
	if landed != "" {
		v.LandedFrom = landedJudged
	}
}

// still reports a known ground speed and climb rate near zero.
func still(v *Vehicle) bool {
	return v.GroundSpeed.Known() && float64(v.GroundSpeed) < groundSpeed &&
		v.ClimbRate.Known() && math.Abs(float64(v.ClimbRate)) < groundClimb
}
