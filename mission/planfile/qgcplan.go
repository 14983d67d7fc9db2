package planfile

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// QGroundControl AltitudeMode values (QGroundControlQmlGlobal::AltMode).
const (
	qgcAltMixed          = 0
	qgcAltRelative       = 1
	qgcAltAbsolute       = 2
	qgcAltCalcAboveTerr  = 3
	qgcAltTerrainFrame   = 4
	qgcMissionVersion    = 2
	qgcFenceVersion      = 2
	qgcRallyVersion      = 2
	qgcShapeVersion      = 1
	qgcFileVersion       = 1
	qgcFileType          = "Plan"
	qgcGroundStationName = "Skerry"
)

// qgcFileIn is a .plan file as read: sections are kept raw so that each
// is parsed, and reported, on its own.
type qgcFileIn struct {
	FileType    string          `json:"fileType"`
	Version     num             `json:"version"`
	Mission     json.RawMessage `json:"mission"`
	GeoFence    json.RawMessage `json:"geoFence"`
	RallyPoints json.RawMessage `json:"rallyPoints"`
}

type qgcMissionIn struct {
	Version             num               `json:"version"`
	FirmwareType        num               `json:"firmwareType"`
	VehicleType         num               `json:"vehicleType"`
	CruiseSpeed         num               `json:"cruiseSpeed"`
	HoverSpeed          num               `json:"hoverSpeed"`
	PlannedHomePosition []num             `json:"plannedHomePosition"`
	Items               []json.RawMessage `json:"items"`
}

type qgcItemIn struct {
	Type            string          `json:"type"`
	ComplexItemType string          `json:"complexItemType"`
	AutoContinue    *flag           `json:"autoContinue"`
	Command         num             `json:"command"`
	DoJumpID        *num            `json:"doJumpId"`
	Frame           num             `json:"frame"`
	Params          []num           `json:"params"`
	AltitudeMode    *num            `json:"AltitudeMode"`
	Altitude        *num            `json:"Altitude"`
	Transect        *qgcTransectIn  `json:"TransectStyleComplexItem"`
	Polygon         json.RawMessage `json:"polygon"`
}

type qgcTransectIn struct {
	Items []json.RawMessage `json:"Items"`
}

type qgcFenceIn struct {
	Version  num `json:"version"`
	Polygons []struct {
		Polygon   [][]num `json:"polygon"`
		Inclusion flag    `json:"inclusion"`
	} `json:"polygons"`
	Circles []struct {
		Circle struct {
			Center []num `json:"center"`
			Radius num   `json:"radius"`
		} `json:"circle"`
		Inclusion flag `json:"inclusion"`
	} `json:"circles"`
	BreachReturn []num `json:"breachReturn"`
}

type qgcRallyIn struct {
	Version num     `json:"version"`
	Points  [][]num `json:"points"`
}

// qgcSimple is a simple item on its way into the model.
type qgcSimple struct {
	raw      mission.RawItem
	doJumpID int
	complex  string // the complex item it came from, if any
}

// ReadQGCPlan reads a QGroundControl .plan file (fileType "Plan", version
// 1). Complex items (survey, CorridorScan) are imported as the simple items
// QGroundControl saved in TransectStyleComplexItem.Items, with a warning
// that the complex definition itself is not kept; complex items that save
// no items (StructureScan, landing patterns) are reported and dropped. Rally
// points and the breach return point are relative to home, the planned
// home is AMSL. The returned issues include the plan's validation.
func ReadQGCPlan(r io.Reader) (*mission.Plan, mission.Issues, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, nil, err
	}
	var f qgcFileIn
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, nil, fmt.Errorf("qgc plan: %w", err)
	}
	if f.FileType != qgcFileType {
		return nil, nil, fmt.Errorf("qgc plan: fileType %q, want %q", f.FileType, qgcFileType)
	}
	var l mission.Issues
	if f.Version != qgcFileVersion {
		l.Warnf(mission.SectionPlan, -1, "version", "file version %g, read as version %d", float64(f.Version), qgcFileVersion)
	}
	p := &mission.Plan{}
	if err := readQGCMission(&l, p, f.Mission); err != nil {
		return nil, nil, err
	}
	if err := readQGCFence(&l, p, f.GeoFence); err != nil {
		return nil, nil, err
	}
	if err := readQGCRally(&l, p, f.RallyPoints); err != nil {
		return nil, nil, err
	}
	l = append(l, p.Validate()...)
	return p, l, nil
}

func readQGCMission(l *mission.Issues, p *mission.Plan, raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		l.Warnf(mission.SectionMission, -1, "", "file has no mission section")
		return nil
	}
	var m qgcMissionIn
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("qgc plan: mission: %w", err)
	}
	if m.Version != qgcMissionVersion {
		l.Warnf(mission.SectionMission, -1, "version", "mission version %g, read as version %d", float64(m.Version), qgcMissionVersion)
	}
	p.Firmware, _ = intOf(float64(m.FirmwareType), 0, math.MaxInt32)
	p.VehicleType, _ = intOf(float64(m.VehicleType), 0, math.MaxInt32)
	p.CruiseSpeed, p.HoverSpeed = zeroNaN(float64(m.CruiseSpeed)), zeroNaN(float64(m.HoverSpeed))
	if len(m.PlannedHomePosition) >= 2 {
		h := mission.At(float64(m.PlannedHomePosition[0]), float64(m.PlannedHomePosition[1]), mission.AMSL(0))
		if len(m.PlannedHomePosition) >= 3 {
			h.Alt.M = zeroNaN(float64(m.PlannedHomePosition[2]))
		}
		if h.Current() {
			l.Infof(mission.SectionHome, -1, "plannedHomePosition", "planned home at 0, 0: the home is not known; the vehicle flies from its own home")
		} else {
			p.Home = &h
		}
	}
	simples, err := qgcSimples(l, m.Items)
	if err != nil {
		return err
	}
	p.Mission = qgcDecodeItems(l, simples)
	return nil
}

func zeroNaN(f float64) float64 {
	if math.IsNaN(f) {
		return 0
	}
	return f
}

// qgcSimples flattens the items list, expanding complex items.
func qgcSimples(l *mission.Issues, items []json.RawMessage) ([]qgcSimple, error) {
	var out []qgcSimple
	for i, raw := range items {
		var it qgcItemIn
		if err := json.Unmarshal(raw, &it); err != nil {
			return nil, fmt.Errorf("qgc plan: mission item %d: %w", i, err)
		}
		switch it.Type {
		case "SimpleItem":
			s, err := qgcSimpleOf(l, it, len(out))
			if err != nil {
				return nil, fmt.Errorf("qgc plan: mission item %d: %w", i, err)
			}
			out = append(out, s)
		case "ComplexItem":
			sub, err := qgcComplex(l, it, len(out))
			if err != nil {
				return nil, fmt.Errorf("qgc plan: mission item %d: %w", i, err)
			}
			out = append(out, sub...)
		default:
			l.Errorf(mission.SectionMission, len(out), "type", "file item %d has type %q, not SimpleItem or ComplexItem; dropped", i, it.Type)
		}
		if len(out) > mission.MaxItems {
			return nil, fmt.Errorf("qgc plan: more than %d mission items", mission.MaxItems)
		}
	}
	return out, nil
}

func qgcComplex(l *mission.Issues, it qgcItemIn, at int) ([]qgcSimple, error) {
	if it.Transect == nil || len(it.Transect.Items) == 0 {
		l.Warnf(mission.SectionMission, at, "complexItemType", "complex item %q saves no generated items; dropped (regenerate it in QGroundControl)", it.ComplexItemType)
		return nil, nil
	}
	out := make([]qgcSimple, 0, len(it.Transect.Items))
	for _, raw := range it.Transect.Items {
		var sub qgcItemIn
		if err := json.Unmarshal(raw, &sub); err != nil {
			return nil, err
		}
		s, err := qgcSimpleOf(l, sub, at+len(out))
		if err != nil {
			return nil, err
		}
		s.complex = it.ComplexItemType
		out = append(out, s)
		if len(out) > mission.MaxItems {
			return nil, fmt.Errorf("more than %d generated items", mission.MaxItems)
		}
	}
	l.Warnf(mission.SectionMission, at, "complexItemType", "%s complex item imported as its %d generated items (%d..%d); the %s definition (area, camera, spacing) is not kept",
		it.ComplexItemType, len(out), at, at+len(out)-1, it.ComplexItemType)
	return out, nil
}

func qgcSimpleOf(l *mission.Issues, it qgcItemIn, idx int) (qgcSimple, error) {
	if len(it.Params) != 7 {
		return qgcSimple{}, fmt.Errorf("params has %d values, want 7", len(it.Params))
	}
	cmd, ok1 := intOf(float64(it.Command), 0, math.MaxUint16)
	frame, ok2 := intOf(float64(it.Frame), 0, math.MaxUint8)
	if !ok1 || !ok2 {
		return qgcSimple{}, fmt.Errorf("command %g or frame %g out of range", float64(it.Command), float64(it.Frame))
	}
	s := qgcSimple{raw: mission.RawItem{Command: uint16(cmd), Frame: uint8(frame), AutoContinue: it.AutoContinue == nil || bool(*it.AutoContinue)}, doJumpID: -1}
	for i, v := range it.Params {
		s.raw.Params[i] = float64(v)
	}
	if it.DoJumpID != nil {
		s.doJumpID, _ = intOf(float64(*it.DoJumpID), 0, math.MaxInt32)
	}
	if it.AltitudeMode != nil && *it.AltitudeMode == qgcAltCalcAboveTerr && it.Altitude != nil {
		l.Infof(mission.SectionMission, idx, "AltitudeMode", "QGC 'calculated above terrain' item: kept the AMSL altitude %g m it sends; the intent of %g m above terrain is not kept",
			s.raw.Params[6], float64(*it.Altitude))
	}
	return s, nil
}

// qgcDecodeItems maps doJumpId numbers to indices and decodes the items.
func qgcDecodeItems(l *mission.Issues, simples []qgcSimple) []mission.Item {
	byID := make(map[int]int, len(simples))
	for i, s := range simples {
		if _, dup := byID[s.doJumpID]; s.doJumpID >= 0 && !dup {
			byID[s.doJumpID] = i
		}
	}
	out := make([]mission.Item, 0, len(simples))
	for i, s := range simples {
		r := s.raw
		if r.Command == mission.CmdDoJump {
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

func readQGCFence(l *mission.Issues, p *mission.Plan, raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var f qgcFenceIn
	if err := json.Unmarshal(raw, &f); err != nil {
		return fmt.Errorf("qgc plan: geoFence: %w", err)
	}
	if f.Version != qgcFenceVersion {
		l.Warnf(mission.SectionFence, -1, "version", "geoFence version %g is not %d (QGroundControl ignores older fences); read as version %d", float64(f.Version), qgcFenceVersion, qgcFenceVersion)
	}
	for i, pg := range f.Polygons {
		ring := make(orb.Ring, 0, len(pg.Polygon))
		for _, v := range pg.Polygon {
			pt, ok := latLonPoint(v)
			if !ok {
				return fmt.Errorf("qgc plan: geoFence polygon %d: vertex needs [lat, lon]", i)
			}
			ring = append(ring, pt)
		}
		p.Fence.Zones = append(p.Fence.Zones, mission.Zone{Inclusion: bool(pg.Inclusion), Polygon: ring})
	}
	for i, c := range f.Circles {
		pt, ok := latLonPoint(c.Circle.Center)
		if !ok {
			return fmt.Errorf("qgc plan: geoFence circle %d: center needs [lat, lon]", i)
		}
		p.Fence.Zones = append(p.Fence.Zones, mission.Zone{Inclusion: bool(c.Inclusion), Circle: &mission.Circle{Center: pt, Radius: float64(c.Circle.Radius)}})
	}
	if len(f.BreachReturn) > 0 {
		pos, ok := latLonAlt(f.BreachReturn, mission.AltRelative)
		if !ok {
			return fmt.Errorf("qgc plan: geoFence breachReturn needs [lat, lon, alt]")
		}
		p.Fence.Return = &pos
	}
	return nil
}

func readQGCRally(l *mission.Issues, p *mission.Plan, raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var rp qgcRallyIn
	if err := json.Unmarshal(raw, &rp); err != nil {
		return fmt.Errorf("qgc plan: rallyPoints: %w", err)
	}
	if rp.Version != qgcRallyVersion {
		l.Warnf(mission.SectionRally, -1, "version", "rallyPoints version %g, read as version %d", float64(rp.Version), qgcRallyVersion)
	}
	for i, v := range rp.Points {
		pos, ok := latLonAlt(v, mission.AltRelative)
		if !ok {
			return fmt.Errorf("qgc plan: rally point %d needs [lat, lon, alt]", i)
		}
		p.Rally = append(p.Rally, mission.RallyPoint{Pos: pos})
	}
	return nil
}

// latLonPoint reads QGC's [lat, lon] into an orb.Point [lon, lat].
func latLonPoint(v []num) (orb.Point, bool) {
	if len(v) < 2 {
		return orb.Point{}, false
	}
	return orb.Point{float64(v[1]), float64(v[0])}, true
}

// latLonAlt reads QGC's [lat, lon, alt].
func latLonAlt(v []num, ref mission.AltRef) (mission.Position, bool) {
	pt, ok := latLonPoint(v)
	if !ok || len(v) < 3 {
		return mission.Position{}, false
	}
	return mission.Position{Point: pt, Alt: mission.Altitude{M: float64(v[2]), Ref: ref}}, true
}
