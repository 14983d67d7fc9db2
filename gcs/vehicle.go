package gcs

import "time"

// VehicleID is a vehicle's short, URL-safe identity: the link (or redundant
// link group) it flies on plus its MAVLink system id, e.g. "radio-7".
type VehicleID string

// Position is a WGS84 position with both altitude references the station
// tracks. Latitude and longitude are degrees.
type Position struct {
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	AltAMSL float64 `json:"alt_amsl"` // metres above mean sea level
	AltRel  float64 `json:"alt_rel"`  // metres above home
}

// Velocity is a ground velocity in metres per second, north-east-down.
type Velocity struct {
	North float64 `json:"north"`
	East  float64 `json:"east"`
	Down  float64 `json:"down"`
}

// Attitude is roll, pitch and yaw in degrees (yaw 0..360, clockwise from
// north); each is unknown until the vehicle reports it.
type Attitude struct {
	Roll  Reading `json:"roll"`
	Pitch Reading `json:"pitch"`
	Yaw   Reading `json:"yaw"`
}

// unknownAttitude is the attitude of a vehicle that has reported none.
var unknownAttitude = Attitude{Unknown, Unknown, Unknown}

// Battery is the main battery: volts, amperes, percent remaining and
// milliampere-hours consumed, each unknown when the vehicle does not say.
type Battery struct {
	Voltage     Reading `json:"voltage"`
	Current     Reading `json:"current"`
	Remaining   Reading `json:"remaining"`
	ConsumedMAh Reading `json:"consumed_mah"`
}

// unknownBattery is the battery of a vehicle that has reported none.
var unknownBattery = Battery{Unknown, Unknown, Unknown, Unknown}

// GPS is the primary receiver's state. Fix follows GPS_FIX_TYPE (0 none,
// 2 2D, 3 3D, 4 DGPS, 5 RTK float, 6 RTK fixed).
type GPS struct {
	Fix        int     `json:"fix"`
	Satellites Reading `json:"satellites"`
	HDOP       Reading `json:"hdop"`
}

// unknownGPS is the receiver of a vehicle that has reported none.
var unknownGPS = GPS{Satellites: Unknown, HDOP: Unknown}

// Health is the autopilot's sensor health and pre-arm state. Sensors lists
// the sensors the autopilot reports present, each with its health.
type Health struct {
	Sensors  []Sensor `json:"sensors"`
	PrearmOK bool     `json:"prearm_ok"`
	// PrearmKnown is false when the autopilot does not report a pre-arm bit.
	PrearmKnown bool `json:"prearm_known"`
}

// Sensor is one onboard sensor as SYS_STATUS reports it.
type Sensor struct {
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"`
	Healthy bool   `json:"healthy"`
}

// Wind is the wind the autopilot estimates: direction it blows FROM in
// degrees, speeds in m/s.
type Wind struct {
	Direction Reading `json:"direction"`
	Speed     Reading `json:"speed"`
	SpeedZ    Reading `json:"speed_z"`
}

// unknownWind is the wind of a vehicle that has reported none.
var unknownWind = Wind{Unknown, Unknown, Unknown}

// PathStatus is one path (a link endpoint and remote address) to a vehicle.
type PathStatus struct {
	Link     string    `json:"link"`
	Remote   string    `json:"remote"`
	Up       bool      `json:"up"`
	Active   bool      `json:"active"` // the path commands are sent on
	LastSeen time.Time `json:"last_seen"`
	Loss     float64   `json:"loss"` // fraction of frames lost, from sequence numbers
	Rate     float64   `json:"rate"` // frames per second received
}

// Rejected counts a vehicle's reports the station refused as impossible.
type Rejected struct {
	Count uint64 `json:"count"`
	Last  string `json:"last,omitempty"`
}

// StatusText is a text message from the vehicle. Severity follows
// MAV_SEVERITY (0 emergency .. 7 debug).
type StatusText struct {
	At       time.Time `json:"at"`
	Severity int       `json:"severity"`
	Text     string    `json:"text"`
}

// Vehicle is everything the station knows about one vehicle. Values are
// copies: a Vehicle handed out by the Fleet never changes under its holder.
type Vehicle struct {
	ID        VehicleID `json:"id"`
	Link      string    `json:"link"`
	SystemID  uint8     `json:"system_id"`
	Type      string    `json:"type"`      // "quadrotor", "fixed_wing", "hexarotor", ...
	Autopilot string    `json:"autopilot"` // "ardupilot", "px4", "generic"
	Firmware  string    `json:"firmware,omitempty"`

	Mode         string `json:"mode"`
	Armed        bool   `json:"armed"`
	SystemStatus string `json:"system_status"` // "standby", "active", "critical", "emergency", ...
	Landed       string `json:"landed"`        // "on_ground", "in_air", "takeoff", "landing", "" unknown
	// LandedFrom says where Landed comes from: "autopilot"
	// (EXTENDED_SYS_STATE) or "judged" by the station from the rest of
	// the state while the autopilot reports none (see judgeLanded).
	LandedFrom string `json:"landed_from,omitempty"`
	Failsafe   bool   `json:"failsafe"`

	Position    Position  `json:"position"`
	HasPosition bool      `json:"has_position"`
	Velocity    Velocity  `json:"velocity"`
	Heading     Reading   `json:"heading"` // degrees
	GroundSpeed Reading   `json:"ground_speed"`
	AirSpeed    Reading   `json:"air_speed"`
	ClimbRate   Reading   `json:"climb_rate"`
	Attitude    Attitude  `json:"attitude"`
	Battery     Battery   `json:"battery"`
	GPS         GPS       `json:"gps"`
	Health      Health    `json:"health"`
	Wind        Wind      `json:"wind"`
	Home        *Position `json:"home,omitempty"`

	Mission MissionState `json:"mission"`
	Fence   FenceState   `json:"fence"` // the autopilot's own fence report
	// Watch is the station's own watch against the fence it knows.
	Watch FenceWatchState `json:"fence_watch"`
	// Zones is the station's watch against the operation's zones and area.
	Zones ZoneWatchState `json:"zone_watch"`

	Paths    []PathStatus `json:"paths"`
	LinkLost bool         `json:"link_lost"`
	// Conflict is set when another vehicle on the same link uses the same
	// system id: a configuration error the pilot must fix.
	Conflict string `json:"conflict,omitempty"`
	// Rejected counts the reports refused as impossible (a position off
	// the globe), with the last reason.
	Rejected Rejected  `json:"rejected"`
	LastSeen time.Time `json:"last_seen"`
	// Messages holds the most recent status texts, oldest first.
	Messages []StatusText `json:"messages"`
	// Cameras are the vehicle's cameras and their video streams.
	Cameras []VehicleCamera `json:"cameras"`
	// Gimbal is the camera gimbal's attitude; nil until reported.
	Gimbal *Gimbal `json:"gimbal,omitempty"`
	// Footprint is the patch of sea the camera sees (see PoseOf); nil
	// when the position, the field of view or where it looks is unknown.
	Footprint *Footprint `json:"footprint,omitempty"`
}

// clone returns a deep copy, so that state handed out is never shared.
func (v *Vehicle) clone() Vehicle {
	c := *v
	c.Health.Sensors = append([]Sensor(nil), v.Health.Sensors...)
	c.Paths = append([]PathStatus(nil), v.Paths...)
	c.Messages = append([]StatusText(nil), v.Messages...)
	c.Cameras = cloneCameras(v.Cameras)
	if v.Gimbal != nil {
		g := *v.Gimbal
		if g.ROI != nil {
			r := *g.ROI
			g.ROI = &r
		}
		c.Gimbal = &g
	}
	if v.Footprint != nil {
		f := *v.Footprint
		f.Corners = append([]Position(nil), f.Corners...)
		c.Footprint = &f
	}
	if v.Home != nil {
		h := *v.Home
		c.Home = &h
	}
	return c
}
