package mavlink

import "skerry/mission"

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

// MissionItems converts home and mission items to MAVLink mission items
// (type 0). With opt.HomeAtZero, home is seq 0 (0, 0, 0, "no home", with
// a warning when home is nil, at 0, 0 or out of range). Issues report what MISSION_ITEM_INT cannot
// hold (float32 params, int32 x/y); the plan is not validated here.
func MissionItems(home *mission.Position, items []mission.Item, opt MissionOptions) ([]MAVItem, mission.Issues) {
	var l mission.Issues
	out := make([]MAVItem, 0, len(items)+1)
	if opt.HomeAtZero {
		h := mission.Position{Alt: mission.AMSL(0)}
		_, okLat := DegE7(homeOr(home).Lat())
		_, okLon := DegE7(homeOr(home).Lon())
		switch {
		case home == nil || home.Current():
			l.Warnf(mission.SectionHome, -1, "", "no home position: seq 0 written as 0,0 AMSL 0")
		case !okLat || !okLon:
			l.Warnf(mission.SectionHome, -1, "", "home %g, %g does not fit degE7: seq 0 written as 0,0 AMSL 0, no home", home.Lat(), home.Lon())
		default:
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

// homeOr is *home, or the zero position.
func homeOr(home *mission.Position) mission.Position {
	if home == nil {
		return mission.Position{}
	}
	return *home
}

// DecodeMission converts MAVLink mission items (type 0) to home and mission
// items. Sequence numbers must run 0..n-1 in order. With opt.HomeAtZero,
// seq 0 becomes the home position (nil when it is 0, 0: no home yet).
// Items at 0, 0 keep it: the current position (mission.Position.Current). Commands the model does not name come
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
		if pos.Current() {
			l.Infof(mission.SectionHome, -1, "", "home at 0, 0: the vehicle has no home yet")
		} else {
			home = &pos
		}
		items = items[1:]
	}
	decoded = make([]mission.Item, 0, len(items))
	for _, m := range items {
		decoded = append(decoded, mission.DecodeItem(fromMAV(m), opt.offset()))
	}
	l = append(l, mission.ValidateMission(home, decoded)...)
	return home, decoded, l
}
