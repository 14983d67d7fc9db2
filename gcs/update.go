package gcs

import "time"

// Observation is one piece of news about one vehicle, as an adapter decoded
// it. The first observation of an unknown vehicle must be an Identity: it
// creates the vehicle; observations of unknown vehicles are otherwise
// ignored.
type Observation struct {
	Vehicle  VehicleID
	Link     string
	SystemID uint8
	At       time.Time
	Update   Update
}

// Update changes a vehicle's state. The set of updates is closed: adapters
// construct the exported types below.
type Update interface {
	apply(v *Vehicle)
}

// Identity reports what a vehicle is and its flight state, from a heartbeat.
type Identity struct {
	Type         string
	Autopilot    string
	Mode         string
	Armed        bool
	SystemStatus string
}

func (u Identity) apply(v *Vehicle) {
	v.Type, v.Autopilot, v.Mode, v.Armed, v.SystemStatus = u.Type, u.Autopilot, u.Mode, u.Armed, u.SystemStatus
	v.Failsafe = u.SystemStatus == "critical" || u.SystemStatus == "emergency"
}

// GlobalPosition reports the fused position, velocity and heading.
type GlobalPosition struct {
	Position Position
	Velocity Velocity
	Heading  Reading // degrees
}

func (u GlobalPosition) apply(v *Vehicle) {
	v.Position, v.Velocity, v.HasPosition, v.Heading = u.Position, u.Velocity, true, u.Heading
}

// AttitudeUpdate reports roll, pitch and yaw.
type AttitudeUpdate struct{ Attitude Attitude }

func (u AttitudeUpdate) apply(v *Vehicle) { v.Attitude = u.Attitude }

// HUD reports air data as VFR_HUD carries it.
type HUD struct {
	AirSpeed, GroundSpeed, ClimbRate Reading
}

func (u HUD) apply(v *Vehicle) {
	v.AirSpeed, v.GroundSpeed, v.ClimbRate = u.AirSpeed, u.GroundSpeed, u.ClimbRate
}

// SystemHealth reports sensor health, pre-arm state and the battery summary
// that SYS_STATUS carries.
type SystemHealth struct {
	Health  Health
	Battery Battery
}

func (u SystemHealth) apply(v *Vehicle) {
	v.Health = u.Health
	consumed := v.Battery.ConsumedMAh
	v.Battery = u.Battery
	v.Battery.ConsumedMAh = consumed
}

// BatteryUpdate reports the main battery in detail (BATTERY_STATUS).
type BatteryUpdate struct{ Battery Battery }

func (u BatteryUpdate) apply(v *Vehicle) { v.Battery = u.Battery }

// GPSUpdate reports the GPS receiver.
type GPSUpdate struct{ GPS GPS }

func (u GPSUpdate) apply(v *Vehicle) { v.GPS = u.GPS }

// HomeUpdate reports the home position.
type HomeUpdate struct{ Home Position }

func (u HomeUpdate) apply(v *Vehicle) {
	h := u.Home
	v.Home = &h
}

// LandedUpdate reports the landed state ("on_ground", "in_air", "takeoff", "landing").
type LandedUpdate struct{ Landed string }

func (u LandedUpdate) apply(v *Vehicle) { v.Landed, v.LandedFrom = u.Landed, landedFromAutopilot }

// WindUpdate reports the wind estimate.
type WindUpdate struct{ Wind Wind }

func (u WindUpdate) apply(v *Vehicle) { v.Wind = u.Wind }

// TextUpdate is a status text from the vehicle.
type TextUpdate struct{ Text StatusText }

// maxMessages is how many status texts a vehicle keeps.
const maxMessages = 20

func (u TextUpdate) apply(v *Vehicle) {
	v.Messages = append(v.Messages, u.Text)
	if n := len(v.Messages); n > maxMessages {
		v.Messages = append([]StatusText(nil), v.Messages[n-maxMessages:]...)
	}
}

// VersionUpdate reports the autopilot's firmware version.
type VersionUpdate struct{ Firmware string }

func (u VersionUpdate) apply(v *Vehicle) { v.Firmware = u.Firmware }

// LinkUpdate reports the state of every path to the vehicle. Lost is true
// when no path has heard the vehicle within the link-loss timeout.
type LinkUpdate struct {
	Paths []PathStatus
	Lost  bool
}

func (u LinkUpdate) apply(v *Vehicle) {
	v.Paths = append([]PathStatus(nil), u.Paths...)
	v.LinkLost = u.Lost
}

// RejectedUpdate reports how many of the vehicle's reports were refused
// as impossible, and why the last was.
type RejectedUpdate struct {
	Count uint64
	Last  string
}

func (u RejectedUpdate) apply(v *Vehicle) { v.Rejected = Rejected(u) }

// ConflictUpdate reports that two vehicles on one link share this system id
// (Detail says from where); an empty Detail clears the conflict.
type ConflictUpdate struct{ Detail string }

func (u ConflictUpdate) apply(v *Vehicle) { v.Conflict = u.Detail }
