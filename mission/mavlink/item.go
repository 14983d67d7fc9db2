package mavlink

import (
	"fmt"
	"math"

	"skerry/mission"
)

// MissionType is MAV_MISSION_TYPE.
type MissionType uint8

// Mission types.
const (
	TypeMission MissionType = 0
	TypeFence   MissionType = 1
	TypeRally   MissionType = 2
)

// String names the type: "mission", "fence", "rally".
func (t MissionType) String() string {
	switch t {
	case TypeMission:
		return "mission"
	case TypeFence:
		return "fence"
	case TypeRally:
		return "rally"
	}
	return fmt.Sprintf("mission type %d", uint8(t))
}

// MAVItem is a MISSION_ITEM_INT without the link fields: what telemetry
// sends and receives. X and Y are degrees·10⁷ for global frames and the raw
// integer param5/param6 otherwise.
type MAVItem struct {
	Seq          uint16
	Frame        uint8
	Command      uint16
	Current      uint8
	Autocontinue uint8
	Param1       float32
	Param2       float32
	Param3       float32
	Param4       float32
	X            int32
	Y            int32
	Z            float32
	MissionType  MissionType
}

// MissionOptions says how a mission maps onto MAVLink sequence numbers.
type MissionOptions struct {
	// HomeAtZero puts the home position at seq 0 and the first mission
	// item at seq 1, as ArduPilot does. Jump targets shift with it.
	HomeAtZero bool
}

// ArduPilot is the convention of ArduPilot: seq 0 is home.
var ArduPilot = MissionOptions{HomeAtZero: true}

// PX4 is the convention of PX4: seq 0 is the first mission item.
var PX4 = MissionOptions{}

func (o MissionOptions) offset() int {
	if o.HomeAtZero {
		return 1
	}
	return 0
}

// toMAV converts a raw item at seq to a MAVItem, reporting what float32
// and int32 cannot hold.
func toMAV(r mission.RawItem, seq int, mt MissionType, l *mission.Issues, sec mission.Section, idx int) MAVItem {
	m := MAVItem{Seq: uint16(seq), Frame: r.Frame, Command: r.Command, MissionType: mt,
		Param1: f32(r.Params[0]), Param2: f32(r.Params[1]), Param3: f32(r.Params[2]), Param4: f32(r.Params[3]), Z: f32(r.Params[6])}
	if r.AutoContinue {
		m.Autocontinue = 1
	}
	var okX, okY bool
	if global(r.Frame) {
		m.X, okX = DegE7(r.Params[4])
		m.Y, okY = DegE7(r.Params[5])
	} else {
		m.X, okX = toInt32(r.Params[4])
		m.Y, okY = toInt32(r.Params[5])
		okX = okX && r.Params[4] == math.Round(r.Params[4])
		okY = okY && r.Params[5] == math.Round(r.Params[5])
	}
	if !okX || !okY {
		l.Warnf(sec, idx, "params", "param5/param6 (%g, %g) do not fit MISSION_ITEM_INT's int32 x/y; rounded or written as 0", r.Params[4], r.Params[5])
	}
	for i, p := range r.Params {
		if i != 4 && i != 5 && finite(p) && math.Abs(p) > math.MaxFloat32 {
			l.Warnf(sec, idx, "params", "param%d %g overflows float32", i+1, p)
		}
	}
	return m
}

func f32(f float64) float32 { return float32(f) }

// fromMAV converts a MAVItem to a raw item.
func fromMAV(m MAVItem) mission.RawItem {
	r := mission.RawItem{Command: m.Command, Frame: m.Frame, AutoContinue: m.Autocontinue != 0,
		Params: [7]float64{float64(m.Param1), float64(m.Param2), float64(m.Param3), float64(m.Param4), 0, 0, float64(m.Z)}}
	if global(m.Frame) {
		r.Params[4], r.Params[5] = FromDegE7(m.X), FromDegE7(m.Y)
	} else {
		r.Params[4], r.Params[5] = float64(m.X), float64(m.Y)
	}
	return r
}

// MissionItems converts home and mission items to MAVLink mission items
// (type 0). With opt.HomeAtZero, home is seq 0 (a zero position with a
// warning when home is nil). Issues report what MISSION_ITEM_INT cannot
// hold (float32 params, int32 x/y); the plan is not validated here.
func MissionItems(home *mission.Position, items []mission.Item, opt MissionOptions) ([]MAVItem, mission.Issues) {
	var l mission.Issues
	out := make([]MAVItem, 0, len(items)+1)
	if opt.HomeAtZero {
		h := mission.Position{Alt: mission.AMSL(0)}
		if home == nil {
			l.Warnf(mission.SectionHome, -1, "", "no home position: seq 0 written as 0,0 AMSL 0")
		} else {
			h = *home
		}
		if h.Alt.Ref != mission.AltAMSL {
			l.Warnf(mission.SectionHome, -1, "alt", "home altitude is %s; ArduPilot reads seq 0 as AMSL", h.Alt.Ref)
		}
		out = append(out, toMAV(mission.RawItemAt(mission.CmdNavWaypoint, h), 0, TypeMission, &l, mission.SectionHome, -1))
	}
	for i, it := range items {
		out = append(out, toMAV(mission.EncodeItem(it, opt.offset()), len(out), TypeMission, &l, mission.SectionMission, i))
	}
	return out, l
}

// DecodeMission converts MAVLink mission items (type 0) to home and mission
// items. Sequence numbers must run 0..n-1 in order. With opt.HomeAtZero,
// seq 0 becomes the home position. Commands the model does not name come
// back as Command items.
func DecodeMission(items []MAVItem, opt MissionOptions) (home *mission.Position, decoded []mission.Item, issues mission.Issues) {
	var l mission.Issues
	checkSeqs(&l, mission.SectionMission, items, TypeMission)
	if opt.HomeAtZero && len(items) > 0 {
		h := fromMAV(items[0])
		pos, ok := h.Position()
		if !ok {
			l.Warnf(mission.SectionHome, -1, "frame", "home item frame %d is not global; read as AMSL", h.Frame)
			pos.Alt.Ref = mission.AltAMSL
		}
		home = &pos
		items = items[1:]
	}
	decoded = make([]mission.Item, 0, len(items))
	for _, m := range items {
		decoded = append(decoded, mission.DecodeItem(fromMAV(m), opt.offset()))
	}
	l = append(l, mission.ValidateMission(home, decoded)...)
	return home, decoded, l
}

// checkSeqs reports sequence numbers out of order and foreign mission
// types.
func checkSeqs(l *mission.Issues, sec mission.Section, items []MAVItem, mt MissionType) {
	for i, m := range items {
		if int(m.Seq) != i {
			l.Errorf(sec, i, "seq", "item %d has seq %d", i, m.Seq)
		}
		if m.MissionType != mt {
			l.Errorf(sec, i, "mission_type", "mission type %d, want %d", m.MissionType, mt)
		}
	}
}

// global reports whether frame carries latitude and longitude in x and y.
func global(frame uint8) bool {
	_, ok := mission.RefOfFrame(frame)
	return ok
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
