// Package scene is the simulator's camera world: the scenario's vessels
// moving along their routes, and a renderer that draws what a gimbal camera
// at a given pose sees (sea, land, vessels), with the ground truth of every
// visible vessel and the capture time burned into the picture.
//
// World reads the scenario's "vessel" features (schema in
// sim/scenario/README.md) and moves them deterministically in simulated
// time. Renderer draws a pinhole camera's view of the flat sea (the sea is
// at 0 m; poses are metres above mean sea level): sky and haze, waves
// with whitecaps that drift downwind, the sun's glint, the "land"
// polygons and the "port" polygons' quays round their basins (quays.go),
// and the vessels as shaded hulls and superstructures of
// their real sizes with wakes that grow with speed. It draws straight into
// 4:2:0 YCbCr planes, a row at a time (each image row of sea is a line on
// the sea plane, stepped through a mipmapped wave tile), allocating
// nothing per frame but the truth it returns.
//
// The light, the air and the sea may be changed per renderer (Sun,
// Visibility, SeaState, Glint; ConditionFor names the calm, glare, haze
// and rough settings the vessel benchmark measures under).
//
// It imports no other project package (like the rest of sim).
package scene

import (
	"image"
	"time"
)

// Vessel is one vessel's true state at a moment.
type Vessel struct {
	ID       string  // scenario id, stable
	Name     string  // scenario name
	Type     string  // "rib", "fishing", "yacht", "patrol", "cargo"
	Lat, Lon float64 // degrees
	Heading  float64 // degrees true, clockwise from north
	Speed    float64 // metres per second
	Length   float64 // metres
	Beam     float64 // metres
	AIS      bool    // carries a working AIS transponder
	MMSI     uint32  // 0 without AIS
	// AISClass is the transponder's class with AIS: "A" (the default) or
	// "B" (class B "CS", as yachts and small fishing boats carry).
	AISClass string
	// AISOffAfter, when > 0, is the simulated time after which the
	// transponder is switched off ("ais_off_after" seconds); 0 = never.
	AISOffAfter time.Duration
}

// Pose is where a camera is and where it looks.
type Pose struct {
	Lat, Lon float64 // degrees
	Alt      float64 // metres above mean sea level
	Heading  float64 // vehicle heading, degrees true
	// GimbalPitch is degrees below (negative) or above the horizon: -90
	// looks straight down.
	GimbalPitch float64
	// GimbalYaw is degrees clockwise from the vehicle's heading.
	GimbalYaw float64
	// HFOV is the horizontal field of view in degrees.
	HFOV float64
}

// Truth is one vessel seen in a frame: its box in pixels and where it is.
type Truth struct {
	VesselID string
	Type     string
	Box      image.Rectangle
	Lat, Lon float64
	Range    float64 // metres from the camera
	// Visible is the share of the vessel's whole picture box (unclipped)
	// that lies in the frame: 1 for a vessel wholly in view, less for one
	// cut by the frame's edge, 0 when part of it is behind the camera.
	Visible float64
}

// Sun is the sun's position for glint: azimuth degrees true, elevation
// degrees above the horizon.
type Sun struct{ Azimuth, Elevation float64 }
