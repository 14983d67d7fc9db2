package mission

import (
	"math"

	"github.com/paulmach/orb"
)

// MAV_CMD numbers the model names.
const (
	CmdNavWaypoint         uint16 = 16
	CmdNavLoiterUnlim      uint16 = 17
	CmdNavLoiterTurns      uint16 = 18
	CmdNavLoiterTime       uint16 = 19
	CmdNavReturnToLaunch   uint16 = 20
	CmdNavLand             uint16 = 21
	CmdNavTakeoff          uint16 = 22
	CmdNavDelay            uint16 = 93
	CmdConditionDelay      uint16 = 112
	CmdDoJump              uint16 = 177
	CmdDoChangeSpeed       uint16 = 178
	CmdDoSetROILocation    uint16 = 195
	CmdDoSetROINone        uint16 = 197
	CmdDoMountControl      uint16 = 205
	CmdDoSetCamTriggDist   uint16 = 206
	CmdDoGimbalManagerPY   uint16 = 1000
	CmdImageStartCapture   uint16 = 2000
	CmdImageStopCapture    uint16 = 2001
	CmdFenceReturnPoint    uint16 = 5000
	CmdFencePolygonInclude uint16 = 5001
	CmdFencePolygonExclude uint16 = 5002
	CmdFenceCircleInclude  uint16 = 5003
	CmdFenceCircleExclude  uint16 = 5004
	CmdRallyPoint          uint16 = 5100
)

// RawItem is a mission item in MAVLink's generic shape, a MAV_CMD number,
// a MAV_FRAME and seven params, at full float64 precision. It is the
// common ground of the model's conversions: QGroundControl .plan and
// Mission Planner waypoint files store exactly this (mission/planfile),
// and the MAVLink codec rounds it to MISSION_ITEM_INT's float32 params and
// int32 degE7 coordinates (mission/mavlink). For global frames Params[4]
// and Params[5] are latitude and longitude in degrees and Params[6] the
// height in the frame's reference.
type RawItem struct {
	// Command is the MAV_CMD number.
	Command uint16
	// Frame is the MAV_FRAME number.
	Frame uint8
	// Params are param1..param7.
	Params [7]float64
	// AutoContinue is MAVLink's autocontinue flag.
	AutoContinue bool
}

// EncodeItem gives the raw form of it. offset is the sequence number of
// the first mission item: 1 when seq 0 is home (ArduPilot, and plan files
// count that way), 0 otherwise. Jump targets, indices into the mission,
// are shifted by it.
func EncodeItem(it Item, offset int) RawItem { return it.encode(offset) }

// RawItemAt is command cmd at position p, with params 1 to 4 zero: how a
// home position, a rally point or a fence return point is written.
func RawItemAt(cmd uint16, p Position) RawItem { return posRaw(cmd, p, 0, 0, 0, 0) }

// Position is the position r carries in param5..7. ok is false when r's
// frame is not global; the position's altitude reference is then empty
// and the caller decides what to read it as.
func (r RawItem) Position() (p Position, ok bool) {
	ref, ok := RefOfFrame(r.Frame)
	return Position{Point: orb.Point{r.Params[5], r.Params[4]}, Alt: Altitude{M: r.Params[6], Ref: ref}}, ok
}

// posRaw encodes a command with a position.
func posRaw(cmd uint16, p Position, p1, p2, p3, p4 float64) RawItem {
	return RawItem{Command: cmd, Frame: p.Alt.Ref.Frame(), AutoContinue: true,
		Params: [7]float64{p1, p2, p3, p4, p.Lat(), p.Lon(), p.Alt.M}}
}

// cmdRaw encodes a command without a position (MAV_FRAME_MISSION).
func cmdRaw(cmd uint16, p ...float64) RawItem {
	r := RawItem{Command: cmd, Frame: FrameMission, AutoContinue: true}
	copy(r.Params[:], p)
	return r
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (w Waypoint) encode(int) RawItem {
	return posRaw(CmdNavWaypoint, w.Pos, w.Hold, w.AcceptRadius, w.PassRadius, w.Yaw)
}

func (l Loiter) encode(int) RawItem {
	r := math.Abs(l.Radius)
	if l.CounterClockwise {
		r = -r
	}
	switch l.Mode {
	case LoiterTurns:
		return posRaw(CmdNavLoiterTurns, l.Pos, l.Turns, b2f(l.HeadingRequired), r, l.Param4)
	case LoiterTime:
		return posRaw(CmdNavLoiterTime, l.Pos, l.Seconds, b2f(l.HeadingRequired), r, l.Param4)
	}
	return posRaw(CmdNavLoiterUnlim, l.Pos, 0, 0, r, l.Param4)
}

var speedTypes = []SpeedType{SpeedAir, SpeedGround, SpeedClimb, SpeedDescent}

func (s SpeedChange) encode(int) RawItem {
	t := 0.0
	for i, st := range speedTypes {
		if st == s.Type {
			t = float64(i)
		}
	}
	return cmdRaw(CmdDoChangeSpeed, t, s.Speed, s.Throttle, 0)
}

func (c Camera) encode(int) RawItem {
	switch c.Action {
	case CameraStopCapture:
		return cmdRaw(CmdImageStopCapture, c.CameraID)
	case CameraTriggerDistance:
		return cmdRaw(CmdDoSetCamTriggDist, c.Distance, c.Shutter, b2f(c.TriggerOnce))
	}
	return cmdRaw(CmdImageStartCapture, c.CameraID, c.Interval, c.Count, c.Sequence)
}

func (g Gimbal) encode(int) RawItem {
	if g.Command == GimbalManagerPitchYaw {
		return cmdRaw(CmdDoGimbalManagerPY, g.Pitch, g.Yaw, g.PitchRate, g.YawRate, g.Flags, 0, g.GimbalID)
	}
	return cmdRaw(CmdDoMountControl, g.Pitch, g.Roll, g.Yaw, 0, 0, 0, g.MountMode)
}

func (r ROI) encode(int) RawItem { return posRaw(CmdDoSetROILocation, r.Pos, r.GimbalID, 0, 0, 0) }

func (r ROINone) encode(int) RawItem { return cmdRaw(CmdDoSetROINone, r.GimbalID) }

func (RTL) encode(int) RawItem { return cmdRaw(CmdNavReturnToLaunch) }

func (l Land) encode(int) RawItem {
	return posRaw(CmdNavLand, l.Pos, l.AbortAlt, l.Precision, 0, l.Yaw)
}

func (t Takeoff) encode(int) RawItem { return posRaw(CmdNavTakeoff, t.Pos, t.Pitch, 0, 0, t.Yaw) }

func (j Jump) encode(offset int) RawItem {
	return cmdRaw(CmdDoJump, float64(j.Target+offset), float64(j.Repeat))
}

func (d Delay) encode(int) RawItem {
	if d.Condition {
		return cmdRaw(CmdConditionDelay, d.Seconds)
	}
	return cmdRaw(CmdNavDelay, d.Seconds, -1, -1, -1)
}

func (c Command) encode(int) RawItem {
	return RawItem{Command: c.Command, Frame: c.Frame, Params: c.Params, AutoContinue: !c.NoAutoContinue}
}

// DecodeItem turns a raw item into the model; offset is as for
// EncodeItem. It returns a named item only when that item encodes back to
// the same command and params (frames of commands without a position are
// not compared: they carry no meaning and are written as
// MAV_FRAME_MISSION); otherwise a Command keeps everything, so no item is
// ever lost.
func DecodeItem(r RawItem, offset int) Item {
	if it := decodeNamed(r, offset); it != nil && sameRaw(it.encode(offset), r) {
		return it
	}
	return Command{Command: r.Command, Frame: r.Frame, Params: r.Params, NoAutoContinue: !r.AutoContinue}
}

// sameRaw compares an encoding a with the input b.
func sameRaw(a, b RawItem) bool {
	if a.Command != b.Command || a.AutoContinue != b.AutoContinue {
		return false
	}
	for i := range a.Params {
		if !sameFloat(a.Params[i], b.Params[i]) {
			return false
		}
	}
	if ra, ok := RefOfFrame(a.Frame); ok {
		rb, ok := RefOfFrame(b.Frame)
		return ok && ra == rb
	}
	return b.Frame == FrameMission || isGlobalFrame(b.Frame)
}

// sameFloat is == with NaN equal to NaN and the sign of zero kept.
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b && math.Signbit(a) == math.Signbit(b)
}

// smallInt converts f to int when it is finite and modest.
func smallInt(f float64) (int, bool) {
	if !finite(f) || math.Abs(f) > 1e9 {
		return 0, false
	}
	return int(f), true
}

func decodeNamed(r RawItem, offset int) Item {
	p := r.Params
	pos, global := r.Position()
	switch r.Command {
	case CmdNavWaypoint, CmdNavLoiterUnlim, CmdNavLoiterTurns, CmdNavLoiterTime,
		CmdNavLand, CmdNavTakeoff, CmdDoSetROILocation:
		if !global {
			return nil
		}
		return decodePositional(r, pos)
	case CmdDoChangeSpeed:
		t, ok := smallInt(p[0])
		if !ok || t < 0 || t >= len(speedTypes) {
			return nil
		}
		return SpeedChange{Type: speedTypes[t], Speed: p[1], Throttle: p[2]}
	case CmdImageStartCapture:
		return Camera{Action: CameraStartCapture, CameraID: p[0], Interval: p[1], Count: p[2], Sequence: p[3]}
	case CmdImageStopCapture:
		return Camera{Action: CameraStopCapture, CameraID: p[0]}
	case CmdDoSetCamTriggDist:
		return Camera{Action: CameraTriggerDistance, Distance: p[0], Shutter: p[1], TriggerOnce: p[2] == 1}
	case CmdDoMountControl:
		return Gimbal{Command: GimbalMountControl, Pitch: p[0], Roll: p[1], Yaw: p[2], MountMode: p[6]}
	case CmdDoGimbalManagerPY:
		return Gimbal{Command: GimbalManagerPitchYaw, Pitch: p[0], Yaw: p[1], PitchRate: p[2], YawRate: p[3], Flags: p[4], GimbalID: p[6]}
	case CmdDoSetROINone:
		return ROINone{GimbalID: p[0]}
	case CmdNavReturnToLaunch:
		return RTL{}
	case CmdDoJump:
		t, ok1 := smallInt(p[0])
		n, ok2 := smallInt(p[1])
		if !ok1 || !ok2 {
			return nil
		}
		return Jump{Target: t - offset, Repeat: n}
	case CmdNavDelay:
		return Delay{Seconds: p[0]}
	case CmdConditionDelay:
		return Delay{Seconds: p[0], Condition: true}
	}
	return nil
}

func decodePositional(r RawItem, pos Position) Item {
	p := r.Params
	switch r.Command {
	case CmdNavWaypoint:
		return Waypoint{Pos: pos, Hold: p[0], AcceptRadius: p[1], PassRadius: p[2], Yaw: p[3]}
	case CmdNavLoiterUnlim, CmdNavLoiterTurns, CmdNavLoiterTime:
		l := Loiter{Pos: pos, Mode: LoiterUnlimited, Radius: math.Abs(p[2]), CounterClockwise: math.Signbit(p[2]), Param4: p[3]}
		if r.Command == CmdNavLoiterTurns {
			l.Mode, l.Turns, l.HeadingRequired = LoiterTurns, p[0], p[1] == 1
		} else if r.Command == CmdNavLoiterTime {
			l.Mode, l.Seconds, l.HeadingRequired = LoiterTime, p[0], p[1] == 1
		}
		return l
	case CmdNavLand:
		return Land{Pos: pos, AbortAlt: p[0], Precision: p[1], Yaw: p[3]}
	case CmdNavTakeoff:
		return Takeoff{Pos: pos, Pitch: p[0], Yaw: p[3]}
	}
	return ROI{Pos: pos, GimbalID: p[0]}
}
