package mission

// Kind names a mission item type. It is the "kind" property in GeoJSON.
type Kind string

// Item kinds.
const (
	KindWaypoint Kind = "waypoint"
	KindLoiter   Kind = "loiter"
	KindSpeed    Kind = "speed"
	KindCamera   Kind = "camera"
	KindGimbal   Kind = "gimbal"
	KindROI      Kind = "roi"
	KindROINone  Kind = "roi_none"
	KindRTL      Kind = "rtl"
	KindLand     Kind = "land"
	KindTakeoff  Kind = "takeoff"
	KindJump     Kind = "jump"
	KindDelay    Kind = "delay"
	KindCommand  Kind = "command"
)

// Item is one mission item. The set of implementations is closed: the
// types in this file. Values, not pointers, implement it.
type Item interface {
	// Kind names the item type.
	Kind() Kind
	// encode gives the MAVLink-shaped form; offset is the sequence number
	// of the first mission item (1 when seq 0 is home).
	encode(offset int) RawItem
}

// Waypoint is MAV_CMD_NAV_WAYPOINT (16): fly to Pos; at the current
// position (Position.Current) the vehicle stays where the previous item
// left it.
type Waypoint struct {
	Pos Position `json:"-"`
	// Hold is the time to stay at the waypoint, seconds (param1).
	Hold float64 `json:"hold"`
	// AcceptRadius is the radius in metres at which the waypoint counts as
	// reached (param2; 0 = autopilot default).
	AcceptRadius float64 `json:"accept_radius"`
	// PassRadius is the distance to pass beside the waypoint, metres;
	// positive passes clockwise (param3; fixed wing).
	PassRadius float64 `json:"pass_radius"`
	// Yaw is the heading at the waypoint in degrees, NaN to keep the
	// autopilot's choice (param4).
	Yaw float64 `json:"yaw" mission:"nan"`
}

// LoiterMode selects how long a Loiter lasts.
type LoiterMode string

// Loiter modes.
const (
	// LoiterUnlimited circles until the mission is advanced
	// (MAV_CMD_NAV_LOITER_UNLIM, 17).
	LoiterUnlimited LoiterMode = "unlimited"
	// LoiterTurns circles Turns times (MAV_CMD_NAV_LOITER_TURNS, 18).
	LoiterTurns LoiterMode = "turns"
	// LoiterTime circles for Seconds (MAV_CMD_NAV_LOITER_TIME, 19).
	LoiterTime LoiterMode = "time"
)

// Loiter is an orbit around Pos; at the current position
// (Position.Current) around where the vehicle is when the loiter starts.
type Loiter struct {
	Pos Position `json:"-"`
	// Mode selects unlimited, turns or time.
	Mode LoiterMode `json:"mode"`
	// Turns is the number of turns (LoiterTurns only; param1).
	Turns float64 `json:"turns"`
	// Seconds is the loiter time (LoiterTime only; param1).
	Seconds float64 `json:"seconds"`
	// Radius is the orbit radius in metres, ≥ 0; 0 = autopilot default
	// (|param3|).
	Radius float64 `json:"radius"`
	// CounterClockwise orbits counter-clockwise (negative param3).
	CounterClockwise bool `json:"ccw"`
	// HeadingRequired makes the vehicle leave only when heading to the
	// next waypoint (param2, turns and time only).
	HeadingRequired bool `json:"heading_required"`
	// Param4 is the yaw in degrees for LoiterUnlimited (NaN = unchanged)
	// and the exit cross-track location for turns and time.
	Param4 float64 `json:"param4" mission:"nan"`
}

// SpeedType says which speed a SpeedChange sets.
type SpeedType string

// Speed types (param1 of MAV_CMD_DO_CHANGE_SPEED).
const (
	SpeedAir     SpeedType = "air"
	SpeedGround  SpeedType = "ground"
	SpeedClimb   SpeedType = "climb"
	SpeedDescent SpeedType = "descent"
)

// SpeedChange is MAV_CMD_DO_CHANGE_SPEED (178).
type SpeedChange struct {
	// Type is the speed changed.
	Type SpeedType `json:"type"`
	// Speed in m/s; -1 leaves it unchanged (param2).
	Speed float64 `json:"speed"`
	// Throttle in percent; -1 leaves it unchanged (param3).
	Throttle float64 `json:"throttle"`
}

// CameraAction is what a Camera item does.
type CameraAction string

// Camera actions.
const (
	// CameraStartCapture is MAV_CMD_IMAGE_START_CAPTURE (2000): Count
	// images (0 = until stopped) every Interval seconds. A single photo is
	// Count 1, Interval 0.
	CameraStartCapture CameraAction = "start_capture"
	// CameraStopCapture is MAV_CMD_IMAGE_STOP_CAPTURE (2001).
	CameraStopCapture CameraAction = "stop_capture"
	// CameraTriggerDistance is MAV_CMD_DO_SET_CAM_TRIGG_DIST (206): trigger
	// every Distance metres; Distance 0 stops.
	CameraTriggerDistance CameraAction = "trigger_distance"
)

// Camera is a camera action.
type Camera struct {
	// Action selects the command.
	Action CameraAction `json:"action"`
	// CameraID targets one camera, 0 = all (param1 of 2000/2001).
	CameraID float64 `json:"camera_id"`
	// Interval between images, seconds (2000 param2).
	Interval float64 `json:"interval"`
	// Count of images, 0 = unlimited (2000 param3).
	Count float64 `json:"count"`
	// Sequence is the capture sequence number (2000 param4; NaN allowed).
	Sequence float64 `json:"sequence" mission:"nan"`
	// Distance between triggers in metres (206 param1).
	Distance float64 `json:"distance"`
	// Shutter integration time in ms, 0 = default (206 param2).
	Shutter float64 `json:"shutter"`
	// TriggerOnce triggers one image at once (206 param3).
	TriggerOnce bool `json:"trigger_once"`
}

// TakePhoto returns the Camera item that takes one photo with all cameras.
func TakePhoto() Camera { return Camera{Action: CameraStartCapture, Count: 1} }

// GimbalCommand selects the MAVLink command a Gimbal item uses.
type GimbalCommand string

// Gimbal commands.
const (
	// GimbalMountControl is MAV_CMD_DO_MOUNT_CONTROL (205): param1 pitch,
	// param2 roll, param3 yaw, param7 mount mode.
	GimbalMountControl GimbalCommand = "mount_control"
	// GimbalManagerPitchYaw is MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW (1000):
	// param1 pitch, param2 yaw, param3/4 rates, param5 flags, param7 id.
	GimbalManagerPitchYaw GimbalCommand = "manager_pitchyaw"
)

// Gimbal points the gimbal.
type Gimbal struct {
	// Command selects the MAVLink command.
	Command GimbalCommand `json:"command"`
	// Pitch in degrees, positive up (NaN = unchanged, manager only).
	Pitch float64 `json:"pitch" mission:"nan"`
	// Yaw in degrees (NaN = unchanged, manager only).
	Yaw float64 `json:"yaw" mission:"nan"`
	// Roll in degrees (mount control only).
	Roll float64 `json:"roll"`
	// MountMode is MAV_MOUNT_MODE (mount control only; 2 = MAVLink
	// targeting).
	MountMode float64 `json:"mount_mode"`
	// PitchRate and YawRate in deg/s (manager only; NaN = unchanged).
	PitchRate float64 `json:"pitch_rate" mission:"nan"`
	YawRate   float64 `json:"yaw_rate" mission:"nan"`
	// Flags is GIMBAL_MANAGER_FLAGS (manager only).
	Flags float64 `json:"flags"`
	// GimbalID selects the gimbal device, 0 = all (manager only).
	GimbalID float64 `json:"gimbal_id"`
}

// ROI is MAV_CMD_DO_SET_ROI_LOCATION (195): point the camera at Pos.
type ROI struct {
	Pos Position `json:"-"`
	// GimbalID selects the gimbal device, 0 = all (param1).
	GimbalID float64 `json:"gimbal_id"`
}

// ROINone is MAV_CMD_DO_SET_ROI_NONE (197): stop pointing at a ROI.
type ROINone struct {
	// GimbalID selects the gimbal device, 0 = all (param1).
	GimbalID float64 `json:"gimbal_id"`
}

// RTL is MAV_CMD_NAV_RETURN_TO_LAUNCH (20).
type RTL struct{}

// Land is MAV_CMD_NAV_LAND (21). A Pos at the current position
// (Position.Current) lands where the vehicle is.
type Land struct {
	Pos Position `json:"-"`
	// AbortAlt is the minimum abort altitude, metres (param1).
	AbortAlt float64 `json:"abort_alt"`
	// Precision is PRECISION_LAND_MODE (param2).
	Precision float64 `json:"precision"`
	// Yaw in degrees, NaN = unchanged (param4).
	Yaw float64 `json:"yaw" mission:"nan"`
}

// Takeoff is MAV_CMD_NAV_TAKEOFF (22). A Pos at the current position
// (Position.Current) takes off where the vehicle stands; Pos.Alt is the
// take-off altitude.
type Takeoff struct {
	Pos Position `json:"-"`
	// Pitch is the minimum pitch in degrees, fixed wing (param1).
	Pitch float64 `json:"pitch"`
	// Yaw in degrees, NaN = unchanged (param4).
	Yaw float64 `json:"yaw" mission:"nan"`
}

// Jump is MAV_CMD_DO_JUMP (177).
type Jump struct {
	// Target is the index in Plan.Mission to jump to (not a MAVLink seq:
	// conversions add the home offset).
	Target int `json:"target"`
	// Repeat is how many times to jump; -1 forever (param2).
	Repeat int `json:"repeat"`
}

// Delay waits Seconds: MAV_CMD_NAV_DELAY (93), or
// MAV_CMD_CONDITION_DELAY (112) when Condition is set.
type Delay struct {
	// Seconds to wait (param1).
	Seconds float64 `json:"seconds"`
	// Condition uses MAV_CMD_CONDITION_DELAY, which delays the next DO
	// command rather than the mission.
	Condition bool `json:"condition"`
}

// Command is the escape hatch for any MAVLink mission command the model
// does not name, or a named one whose params the model cannot hold.
type Command struct {
	// Command is the MAV_CMD number.
	Command uint16 `json:"command"`
	// Frame is the MAV_FRAME number.
	Frame uint8 `json:"frame"`
	// Params are param1..param7; for global frames param5 and param6 are
	// latitude and longitude in degrees. NaN is allowed.
	Params [7]float64 `json:"params"`
	// NoAutoContinue clears MAVLink's autocontinue flag.
	NoAutoContinue bool `json:"no_autocontinue"`
}

// Kind implements Item.
func (Waypoint) Kind() Kind { return KindWaypoint }

// Kind implements Item.
func (Loiter) Kind() Kind { return KindLoiter }

// Kind implements Item.
func (SpeedChange) Kind() Kind { return KindSpeed }

// Kind implements Item.
func (Camera) Kind() Kind { return KindCamera }

// Kind implements Item.
func (Gimbal) Kind() Kind { return KindGimbal }

// Kind implements Item.
func (ROI) Kind() Kind { return KindROI }

// Kind implements Item.
func (ROINone) Kind() Kind { return KindROINone }

// Kind implements Item.
func (RTL) Kind() Kind { return KindRTL }

// Kind implements Item.
func (Land) Kind() Kind { return KindLand }

// Kind implements Item.
func (Takeoff) Kind() Kind { return KindTakeoff }

// Kind implements Item.
func (Jump) Kind() Kind { return KindJump }

// Kind implements Item.
func (Delay) Kind() Kind { return KindDelay }

// Kind implements Item.
func (Command) Kind() Kind { return KindCommand }

// PositionOf returns the position of an item that has one.
func PositionOf(it Item) (Position, bool) {
	switch v := it.(type) {
	case Waypoint:
		return v.Pos, true
	case Loiter:
		return v.Pos, true
	case ROI:
		return v.Pos, true
	case Land:
		return v.Pos, true
	case Takeoff:
		return v.Pos, true
	}
	return Position{}, false
}
