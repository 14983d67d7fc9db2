package planfile

import (
	"encoding/json"
	"fmt"
	"math"

	"skerry/mission"
)

// qgcItemIn is a mission item of a .plan file as read, in any of the
// shapes QGroundControl has written (MissionItem::load converts them the
// same way): version 3 items carry seven "params"; version 2 items four
// "params" and a "coordinate" [lat, lon, alt]; version 1 items
// ("missionItem") "param1".."param4" and a "coordinate".
type qgcItemIn struct {
	Type                string          `json:"type"`
	ComplexItemType     string          `json:"complexItemType"`
	AutoContinue        *flag           `json:"autoContinue"`
	Command             num             `json:"command"`
	DoJumpID            *num            `json:"doJumpId"`
	Frame               num             `json:"frame"`
	Params              []num           `json:"params"`
	Param1              *num            `json:"param1"`
	Param2              *num            `json:"param2"`
	Param3              *num            `json:"param3"`
	Param4              *num            `json:"param4"`
	Coordinate          []num           `json:"coordinate"`
	AltitudeMode        *num            `json:"AltitudeMode"`
	Altitude            *num            `json:"Altitude"`
	AMSLAltAboveTerrain *num            `json:"AMSLAltAboveTerrain"`
	Transect            *qgcTransectIn  `json:"TransectStyleComplexItem"`
	Polygon             json.RawMessage `json:"polygon"`
}

// qgcSimple is a simple item on its way into the model.
type qgcSimple struct {
	raw      mission.RawItem
	doJumpID int
	complex  string // the complex item it came from, if any
}

// isSimple reports whether the item type is a simple item: "SimpleItem",
// or "missionItem" in version 1 files.
func (it qgcItemIn) isSimple() bool { return it.Type == "SimpleItem" || it.Type == "missionItem" }

// params returns the seven params, converting the older shapes as
// QGroundControl's MissionItem::_convertJsonV1ToV2 and _convertJsonV2ToV3
// do: param1..param4 keys become the first four params, and a coordinate
// follows four params as param5..7.
func (it qgcItemIn) params() ([7]float64, error) {
	var out [7]float64
	ps := it.Params
	if ps == nil && it.Param1 != nil {
		for _, p := range []*num{it.Param1, it.Param2, it.Param3, it.Param4} {
			ps = append(ps, numOr(p, 0))
		}
	}
	switch {
	case len(ps) == 4 && len(it.Coordinate) == 3:
		ps = append(ps[:4:4], it.Coordinate...)
	case len(ps) == 4 && it.Coordinate != nil:
		return out, fmt.Errorf("coordinate has %d values, want [lat, lon, alt]", len(it.Coordinate))
	case len(ps) != 7:
		return out, fmt.Errorf("params has %d values, want 7 (or 4 and a coordinate)", len(ps))
	}
	for i, v := range ps {
		out[i] = float64(v)
	}
	return out, nil
}

// numOr is *n, or def when n is nil.
func numOr(n *num, def float64) num {
	if n == nil {
		return num(def)
	}
	return *n
}

// qgcSimpleOf converts a simple item; idx is its mission index.
func qgcSimpleOf(l *mission.Issues, it qgcItemIn, idx int) (qgcSimple, error) {
	params, err := it.params()
	if err != nil {
		return qgcSimple{}, err
	}
	cmd, ok1 := intOf(float64(it.Command), 0, math.MaxUint16)
	frame, ok2 := intOf(float64(it.Frame), 0, math.MaxUint8)
	if !ok1 || !ok2 {
		return qgcSimple{}, fmt.Errorf("command %g or frame %g out of range", float64(it.Command), float64(it.Frame))
	}
	s := qgcSimple{raw: mission.RawItem{Command: uint16(cmd), Frame: uint8(frame), Params: params,
		AutoContinue: it.AutoContinue == nil || bool(*it.AutoContinue)}, doJumpID: -1}
	if it.DoJumpID != nil {
		s.doJumpID, _ = intOf(float64(*it.DoJumpID), 0, math.MaxInt32)
	}
	qgcAltitude(l, it, &s.raw, idx)
	return s, nil
}

// qgcAltitude reads what QGroundControl means by an item's altitude. The
// frame and param7 are what it uploads; AltitudeMode, Altitude and
// AMSLAltAboveTerrain are its editor's record (SimpleMissionItem::save):
// in "calculated above terrain" mode the item is MAV_FRAME_GLOBAL with
// param7 = terrain + Altitude, also kept in AMSLAltAboveTerrain; in
// terrain-frame mode the frame is MAV_FRAME_GLOBAL_TERRAIN_ALT with param7
// = Altitude. A param7 saved as null (terrain data had not arrived, or an
// older QGroundControl) is taken from those fields; an item with no
// altitude anywhere is an error, never a NaN in the plan.
func qgcAltitude(l *mission.Issues, it qgcItemIn, r *mission.RawItem, idx int) {
	ref, global := mission.RefOfFrame(r.Frame)
	if !global || !specifiesAltitude(it, r.Command) {
		return
	}
	alt, amsl := float64(numOr(it.Altitude, math.NaN())), float64(numOr(it.AMSLAltAboveTerrain, math.NaN()))
	switch {
	case finite(r.Params[6]):
		if ref == mission.AltAMSL && it.AltitudeMode != nil && *it.AltitudeMode == qgcAltCalcAboveTerr && finite(alt) {
			l.Infof(mission.SectionMission, idx, "AltitudeMode", "QGC 'calculated above terrain' item: kept the AMSL altitude %g m it sends; the intent of %g m above terrain is not kept", r.Params[6], alt)
		}
	case ref == mission.AltAMSL && finite(amsl):
		r.Params[6] = amsl
		l.Infof(mission.SectionMission, idx, "AMSLAltAboveTerrain", "QGC terrain item saved without param7: flown at the AMSL altitude %g m QGroundControl calculated above the terrain", amsl)
	case ref != mission.AltAMSL && finite(alt):
		r.Params[6] = alt
		l.Infof(mission.SectionMission, idx, "Altitude", "QGC item saved without param7: altitude %g m %s from its Altitude field", alt, ref)
	case finite(amsl):
		r.Frame, r.Params[6] = mission.FrameGlobal, amsl
		l.Warnf(mission.SectionMission, idx, "AMSLAltAboveTerrain", "QGC %s item saved without its altitude: read as the %g m AMSL QGroundControl calculated above the terrain (AMSLAltAboveTerrain)", ref, amsl)
	default:
		l.Errorf(mission.SectionMission, idx, "params", "QGC item has no altitude: param7, Altitude and AMSLAltAboveTerrain are all null (QGroundControl saved it before its terrain data arrived); open the plan in QGroundControl with terrain data and save it again")
	}
}

// specifiesAltitude reports whether an item has an altitude to read:
// QGroundControl saved its altitude fields (it does for every item that
// specifies one), or it is a command the model reads a position from.
func specifiesAltitude(it qgcItemIn, cmd uint16) bool {
	if it.AltitudeMode != nil || it.Altitude != nil || it.AMSLAltAboveTerrain != nil {
		return true
	}
	switch cmd {
	case mission.CmdNavWaypoint, mission.CmdNavLoiterUnlim, mission.CmdNavLoiterTurns, mission.CmdNavLoiterTime,
		mission.CmdNavLand, mission.CmdNavTakeoff, mission.CmdDoSetROILocation:
		return true
	}
	return false
}

// qgcDecodeItems maps DO_JUMP targets to indices and decodes the items.
// Version 2 files name the target by doJumpId; version 1 files
// (bySeq) by sequence number, home being 0.
func qgcDecodeItems(l *mission.Issues, simples []qgcSimple, bySeq bool) []mission.Item {
	byID := make(map[int]int, len(simples))
	for i, s := range simples {
		if _, dup := byID[s.doJumpID]; s.doJumpID >= 0 && !dup {
			byID[s.doJumpID] = i
		}
	}
	out := make([]mission.Item, 0, len(simples))
	for i, s := range simples {
		r := s.raw
		if r.Command == mission.CmdDoJump && !bySeq {
			id, ok := intOf(r.Params[0], 0, math.MaxInt32)
			target, found := byID[id]
			if !ok || !found {
				l.Errorf(mission.SectionMission, i, "param1", "DO_JUMP target doJumpId %g matches no item; kept as a generic command", r.Params[0])
				out = append(out, mission.Command{Command: r.Command, Frame: r.Frame, Params: r.Params, NoAutoContinue: !r.AutoContinue})
				continue
			}
			r.Params[0] = float64(target + 1)
		}
		out = append(out, mission.DecodeItem(r, 1))
	}
	return out
}

// qgcSimples flattens the items list, expanding complex items. An item
// that cannot be read or expanded refuses the whole plan: a plan is never
// read with a part left out.
func qgcSimples(l *mission.Issues, items []json.RawMessage) ([]qgcSimple, error) {
	var out []qgcSimple
	for i, raw := range items {
		var it qgcItemIn
		if err := json.Unmarshal(raw, &it); err != nil {
			return nil, fmt.Errorf("qgc plan: mission item %d: %w", i, err)
		}
		switch {
		case it.isSimple():
			s, err := qgcSimpleOf(l, it, len(out))
			if err != nil {
				return nil, fmt.Errorf("qgc plan: mission item %d: %w", i, err)
			}
			out = append(out, s)
		case it.Type == "ComplexItem":
			sub, err := qgcComplex(l, it, raw, len(out))
			if err != nil {
				return nil, fmt.Errorf("qgc plan: mission item %d: %w", i, err)
			}
			out = append(out, sub...)
		default:
			return nil, fmt.Errorf("qgc plan: mission item %d has type %.40q, not SimpleItem or ComplexItem", i, it.Type)
		}
		if len(out) > mission.MaxItems {
			return nil, fmt.Errorf("qgc plan: more than %d mission items", mission.MaxItems)
		}
	}
	return out, nil
}
