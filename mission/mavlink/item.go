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
