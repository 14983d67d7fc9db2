package mission

import (
	"fmt"

	"github.com/paulmach/orb"
)

// AltRef is the reference a height is measured from.
type AltRef string

// Altitude references. The zero value is not valid: every height says what
// it is measured from.
const (
	// AltRelative is height above the home position
	// (MAV_FRAME_GLOBAL_RELATIVE_ALT).
	AltRelative AltRef = "relative"
	// AltAMSL is height above mean sea level (MAV_FRAME_GLOBAL).
	AltAMSL AltRef = "amsl"
	// AltTerrain is height above the terrain below the vehicle
	// (MAV_FRAME_GLOBAL_TERRAIN_ALT).
	AltTerrain AltRef = "terrain"
)

// Valid reports whether r is one of the defined references.
func (r AltRef) Valid() bool {
	return r == AltRelative || r == AltAMSL || r == AltTerrain
}

// MAVLink frame numbers (MAV_FRAME) the package knows.
const (
	FrameGlobal               uint8 = 0
	FrameLocalNED             uint8 = 1
	FrameMission              uint8 = 2
	FrameGlobalRelativeAlt    uint8 = 3
	FrameGlobalInt            uint8 = 5
	FrameGlobalRelativeAltInt uint8 = 6
	FrameGlobalTerrainAlt     uint8 = 10
	FrameGlobalTerrainAltInt  uint8 = 11
)

// RefOfFrame maps a MAVLink frame to the altitude reference it implies. The
// deprecated _INT variants map like their plain counterparts. ok is false
// for frames that are not global (local, body, mission).
func RefOfFrame(frame uint8) (ref AltRef, ok bool) {
	switch frame {
	case FrameGlobal, FrameGlobalInt:
		return AltAMSL, true
	case FrameGlobalRelativeAlt, FrameGlobalRelativeAltInt:
		return AltRelative, true
	case FrameGlobalTerrainAlt, FrameGlobalTerrainAltInt:
		return AltTerrain, true
	}
	return "", false
}

// Frame returns the MAVLink frame for r: MAV_FRAME_GLOBAL,
// MAV_FRAME_GLOBAL_RELATIVE_ALT or MAV_FRAME_GLOBAL_TERRAIN_ALT. The _INT
// variants are deprecated by MAVLink and never written. An invalid r gives
// the relative frame.
func (r AltRef) Frame() uint8 {
	switch r {
	case AltAMSL:
		return FrameGlobal
	case AltTerrain:
		return FrameGlobalTerrainAlt
	}
	return FrameGlobalRelativeAlt
}

// isGlobalFrame reports whether frame carries lat/lon in x/y.
func isGlobalFrame(frame uint8) bool {
	_, ok := RefOfFrame(frame)
	return ok
}

// Altitude is a height in metres with its reference.
type Altitude struct {
	// M is the height in metres.
	M float64
	// Ref is what M is measured from.
	Ref AltRef
}

// Rel returns a height of m metres above home.
func Rel(m float64) Altitude { return Altitude{M: m, Ref: AltRelative} }

// AMSL returns a height of m metres above mean sea level.
func AMSL(m float64) Altitude { return Altitude{M: m, Ref: AltAMSL} }

// AboveTerrain returns a height of m metres above the terrain.
func AboveTerrain(m float64) Altitude { return Altitude{M: m, Ref: AltTerrain} }

// String formats the altitude as "120 m relative".
func (a Altitude) String() string { return fmt.Sprintf("%g m %s", a.M, a.Ref) }

// Position is a point on the globe with a height.
//
// Latitude and longitude exactly 0, 0 are ArduPilot's "current position"
// (see Current): every conversion keeps them as they are, so a file, a
// MAVLink transfer and the model all say the same thing.
type Position struct {
	// Point is [lon, lat] in degrees; [0, 0] for the current position.
	Point orb.Point
	// Alt is the height and its reference.
	Alt Altitude
}

// Here returns the current position (see Position.Current) at height alt:
// the item is flown where the vehicle is when it starts it.
func Here(alt Altitude) Position { return Position{Alt: alt} }

// Current reports whether p is ArduPilot's "current position": latitude
// and longitude both exactly 0. ArduPilot flies a navigation item there
// (a waypoint, a loiter, a take-off or a landing) where the vehicle is
// when it starts the item, that is at the previous item's position
// (ModeAuto::loc_from_cmd, Plane's set_next_WP); a home line at 0, 0 in a
// waypoint file means the home is not known. Nothing ever flies to the
// real 0, 0, so the model keeps no separate flag: 0, 0 on the wire, in
// files and here is the one way to say it, and round trips keep it.
func (p Position) Current() bool { return p.Point[0] == 0 && p.Point[1] == 0 }

// At returns the position at lat, lon (degrees, in that order, as people
// say them) and alt.
func At(lat, lon float64, alt Altitude) Position {
	return Position{Point: orb.Point{lon, lat}, Alt: alt}
}

// Lat returns the latitude in degrees.
func (p Position) Lat() float64 { return p.Point[1] }

// Lon returns the longitude in degrees.
func (p Position) Lon() float64 { return p.Point[0] }
