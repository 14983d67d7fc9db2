package gcs

import "time"

// Inspection phases: what an inspecting drone is doing.
const (
	InspectTakeoff = "takeoff" // climbing where it stood
	InspectTransit = "transit" // flying to the vessel
	InspectOrbit   = "orbit"   // circling the vessel, camera on it
	InspectEnded   = "ended"   // given back: resumed its patrol or returning home
)

// Why an inspection ended (InspectSession.EndReason starts with one).
const (
	InspectEndPilot   = "pilot"   // the pilot ended it
	InspectEndBattery = "battery" // the battery must keep its reserve for the trip home
	InspectEndLost    = "lost"    // the target left the picture, or was not heard for too long
	InspectEndRefused = "refused" // no lawful orbit point, or the drone refused the orders
	InspectEndVehicle = "vehicle" // the drone stopped obeying: link lost, landed, taken by the pilot
	InspectEndClosed  = "closed"  // the station stopped
)

// InspectSession is one drone sent to look at one vessel, as it is now.
// Sessions are published on Events as InspectEvent and listed by
// Inspector.Sessions.
type InspectSession struct {
	ID       string    `json:"id"`
	Vehicle  VehicleID `json:"vehicle"`
	Target   VesselID  `json:"target"`
	Incident string    `json:"incident,omitempty"`
	// By is who confirmed it.
	By string `json:"by,omitempty"`
	// Phase is InspectTakeoff, InspectTransit, InspectOrbit or InspectEnded.
	Phase string `json:"phase"`
	// Radius is the orbit's radius now (metres; widened when a zone asks
	// for it), Altitude metres above home.
	Radius   float64 `json:"radius"`
	Altitude float64 `json:"altitude"`
	// Vessel is where the station reckons the vessel is now (dead
	// reckoned from its last report), VesselAt when it was last reported.
	Vessel   Position  `json:"vessel"`
	VesselAt time.Time `json:"vessel_at"`
	// Distance is the drone's horizontal distance to the vessel, metres.
	Distance float64 `json:"distance"`
	// Aim is the orbit point last sent (lat, lon, altitude above home).
	Aim *Position `json:"aim,omitempty"`
	// Laps counts the orbits flown (fractions included).
	Laps float64 `json:"laps"`
	// Sent and Refused count the go-to orders sent and the orbit points
	// skipped because the operation's rules refused them.
	Sent    int `json:"sent"`
	Refused int `json:"refused"`
	// Battery is the drone's battery now (percent), BatteryHome what it
	// needs to fly home with its reserve.
	Battery     Reading `json:"battery"`
	BatteryHome float64 `json:"battery_home"`
	// Resume is true when the drone was flying a mission when taken: it
	// resumes it at the end, else it returns home.
	Resume  bool      `json:"resume"`
	Started time.Time `json:"started"`
	Updated time.Time `json:"updated"`
	// Ended, EndReason ("pilot: ...", "battery: ...", "lost: ...",
	// "refused: ...", "vehicle: ...", "closed") and Then ("resume",
	// "return" or what failed) say how it ended.
	Ended     time.Time `json:"ended,omitzero"`
	EndReason string    `json:"end_reason,omitempty"`
	Then      string    `json:"then,omitempty"`
	// Warnings are what the pilot should know (a camera order refused,
	// an orbit widened, a point skipped), most recent last, at most 10.
	Warnings []string `json:"warnings,omitempty"`
}

// Active reports whether the session still holds its drone.
func (s *InspectSession) Active() bool { return s.Phase != InspectEnded }

// InspectEvent announces an inspection's new state. It is not coalesced:
// a session changes every few seconds at most.
type InspectEvent struct{ Session *InspectSession }

func (InspectEvent) event() {}

// maxInspectWarnings bounds InspectSession.Warnings.
const maxInspectWarnings = 10

// warn adds a warning, keeping the most recent.
func (s *InspectSession) warn(w string) {
	if n := len(s.Warnings); n > 0 && s.Warnings[n-1] == w {
		return
	}
	s.Warnings = append(s.Warnings, w)
	if len(s.Warnings) > maxInspectWarnings {
		s.Warnings = append([]string(nil), s.Warnings[len(s.Warnings)-maxInspectWarnings:]...)
	}
}

// clone copies s so the copy can be handed out.
func (s *InspectSession) clone() *InspectSession {
	c := *s
	c.Warnings = append([]string(nil), s.Warnings...)
	if s.Aim != nil {
		a := *s.Aim
		c.Aim = &a
	}
	return &c
}
