package gcs

import (
	"context"
	"errors"
	"fmt"
)

// CommandKind names an order the commander can give.
type CommandKind string

// The orders a pilot can give a vehicle.
const (
	CmdArm       CommandKind = "arm"
	CmdDisarm    CommandKind = "disarm"
	CmdTakeoff   CommandKind = "takeoff"   // Altitude metres above home; switches to a guided mode and arms as needed
	CmdGoTo      CommandKind = "goto"      // Lat, Lon, Altitude (above home)
	CmdSetMode   CommandKind = "mode"      // Mode by name, e.g. "GUIDED", "LOITER"
	CmdHold      CommandKind = "hold"      // stop and hold position (brake/loiter)
	CmdReturn    CommandKind = "return"    // return to launch
	CmdLand      CommandKind = "land"      // land where it is
	CmdTerminate CommandKind = "terminate" // flight termination: needs Confirm == the vehicle's ID

	CmdMissionStart CommandKind = "start"  // start the uploaded mission (arming as needed)
	CmdPause        CommandKind = "pause"  // pause the mission where the vehicle is (brake/loiter/hold)
	CmdResume       CommandKind = "resume" // resume the mission at its current item
	CmdJump         CommandKind = "jump"   // make Seq the current mission item

	// Camera orders: they point the camera and never move the vehicle,
	// so the operation's law does not apply and they are allowed in
	// flight. The vehicle must have reported a camera or a gimbal.
	CmdGimbal   CommandKind = "gimbal"    // Pitch and/or Yaw in degrees (YawEarth: Yaw from north)
	CmdLookAt   CommandKind = "look_at"   // point the camera at Lat, Lon, Altitude (AMSL; 0 the sea)
	CmdLookFree CommandKind = "look_free" // forget the look_at location; the pilot aims again

	// CmdUpload names a plan upload in the order journal; it is not an
	// order the commander gives.
	CmdUpload CommandKind = "upload"
	// CmdParamSet is a parameter write (Param, Value), journalled like
	// the orders; gcs.Parameters gives it, not the commander.
	CmdParamSet CommandKind = "param"
	// CmdRecordStart and CmdRecordStop name a video recording started or
	// stopped (Stream) in the order journal; the video feed does them,
	// not the commander.
	CmdRecordStart CommandKind = "record_start"
	CmdRecordStop  CommandKind = "record_stop"
)

// Command is one order. Which fields matter depends on Kind.
type Command struct {
	Kind     CommandKind `json:"kind"`
	Altitude float64     `json:"altitude,omitempty"` // metres above home (look_at: above mean sea level)
	Lat      float64     `json:"lat,omitempty"`
	Lon      float64     `json:"lon,omitempty"`
	Mode     string      `json:"mode,omitempty"`
	Force    bool        `json:"force,omitempty"`   // arm/disarm despite checks
	Confirm  string      `json:"confirm,omitempty"` // for terminate: the vehicle's ID, typed by the pilot
	Seq      int         `json:"seq,omitempty"`     // for jump: the MAVLink seq of the mission item
	Param    string      `json:"param,omitempty"`   // for param: the parameter's name
	Value    *float64    `json:"value,omitempty"`   // for param: the value asked for
	// Pitch is the gimbal's pitch for gimbal, in degrees: 0 the horizon,
	// -90 straight down, within [-90, 30]; nil leaves it as it is.
	Pitch *float64 `json:"pitch,omitempty"`
	// Yaw is the gimbal's yaw for gimbal, in degrees within [-180, 180]:
	// relative to the vehicle's heading (the camera turns with the
	// vehicle), or to north when YawEarth (the camera holds its bearing);
	// nil leaves it as it is.
	Yaw      *float64 `json:"yaw,omitempty"`
	YawEarth bool     `json:"yaw_earth,omitempty"`
	// Stream is the video stream's key, for record_start and record_stop.
	Stream string `json:"stream,omitempty"`
	// Override, when set, sends the order although its route breaks the
	// operation's zones, area, fence or height rules; who and why are
	// logged and returned with the result.
	Override *Override `json:"override,omitempty"`
}

// Uplink sends orders to vehicles and reads or writes their parameters. The
// MAVLink adapter implements it. Execute returns once the vehicle has
// acknowledged the order (or refused it, with a *RejectedError).
type Uplink interface {
	Execute(ctx context.Context, id VehicleID, cmd Command) error
	ReadParam(ctx context.Context, id VehicleID, name string) (float64, error)
	WriteParam(ctx context.Context, id VehicleID, name string, value float64) error
}

// Errors an Uplink or the commander returns; callers branch with errors.Is.
var (
	ErrUnknownVehicle = errors.New("unknown vehicle")
	ErrTimeout        = errors.New("no answer from vehicle")
	ErrLinkLost       = errors.New("link to vehicle lost")
	ErrUnsupported    = errors.New("not supported by this vehicle")
	ErrNeedsConfirm   = errors.New("flight termination needs a confirmation naming the vehicle")
	ErrInvalidCommand = errors.New("invalid command")
	ErrUnknownMode    = errors.New("unknown flight mode")
	ErrUnknownParam   = errors.New("unknown parameter")
	// ErrSysidConflict refuses orders to a vehicle id that two aircraft
	// answer to: either might obey. No override lifts it.
	ErrSysidConflict = errors.New("two aircraft answer to this vehicle id")
)

// RejectedError is a vehicle's refusal of a command, carrying the
// MAV_RESULT it answered.
type RejectedError struct {
	Command    string // the MAVLink command, e.g. "MAV_CMD_COMPONENT_ARM_DISARM"
	Result     int    // MAV_RESULT value
	ResultName string // e.g. "MAV_RESULT_DENIED"
	Reason     string // a status text the vehicle sent with it, if any
	// Explanation is the station's own account of a refusal the vehicle
	// gave no reason for (ArduPilot refuses a guided target outside its
	// fence with a bare MAV_RESULT_FAILED), when it has one.
	Explanation string
}

// Error describes the refusal.
func (e *RejectedError) Error() string {
	s := fmt.Sprintf("%s rejected: %s (%d)", e.Command, e.ResultName, e.Result)
	switch {
	case e.Reason != "":
		s += ": " + e.Reason
	case e.Explanation != "":
		s += ": the vehicle gave no reason; the station's explanation: " + e.Explanation
	}
	return s
}

// Unexplained reports whether err is a vehicle's refusal that came with
// neither a reason nor an explanation, and returns it to be explained.
func Unexplained(err error) (*RejectedError, bool) {
	var rej *RejectedError
	if !errors.As(err, &rej) || rej.Reason != "" || rej.Explanation != "" {
		return nil, false
	}
	return rej, true
}
