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
	Items       json.RawMessage `json:"items"`
	Version     num             `json:"version"`
	Mission     json.RawMessage `json:"mission"`
	GeoFence    json.RawMessage `json:"geoFence"`
	RallyPoints json.RawMessage `json:"rallyPoints"`
}

// isQGCMissionFile reports whether f is an older QGroundControl mission
// file, whose top level is the mission section: fileType "Mission", or
// no fileType and an items list (version 1).
func isQGCMissionFile(f qgcFileIn) bool {
	return f.FileType == "Mission" || (f.FileType == "" && len(f.Items) > 0)
}

// qgcMissionIn is the mission section: version 2, or version 1 (the
// older .mission files), whose planned home is a simple item object,
// whose firmware is MAV_AUTOPILOT and whose DO_JUMPs name sequence
// numbers; its complex items are listed apart.
type qgcMissionIn struct {
	Version             num               `json:"version"`
	FirmwareType        *num              `json:"firmwareType"`
	MAVAutopilot        *num              `json:"MAV_AUTOPILOT"`
	VehicleType         num               `json:"vehicleType"`
	CruiseSpeed         num               `json:"cruiseSpeed"`
	HoverSpeed          num               `json:"hoverSpeed"`
	PlannedHomePosition json.RawMessage   `json:"plannedHomePosition"`
	Items               []json.RawMessage `json:"items"`
	ComplexItems        []json.RawMessage `json:"complexItems"`
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

// ReadQGCPlan reads a QGroundControl .plan file (fileType "Plan", version
// 1), with a mission section of version 2 or 1; it also reads the older
// .mission files (fileType "Mission", or none), which are a mission
// section alone. Items may have seven params, or four and a coordinate
// (QGroundControl's older item formats). Terrain items are read as
// QGroundControl flies them (see qgcAltitude). Complex items are expanded
// into the mission items QGroundControl uploads, or the plan is refused:
// see qgcComplex. Rally points and the breach return point are relative to
// home, the planned home is AMSL. The returned issues include the plan's
// validation.
func ReadQGCPlan(r io.Reader) (*mission.Plan, mission.Issues, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, nil, err
	}
	var f qgcFileIn
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, nil, fmt.Errorf("qgc plan: %w", err)
	}
	if isQGCMissionFile(f) {
		var l mission.Issues
		p := &mission.Plan{}
		if err := readQGCMission(&l, p, data); err != nil {
			return nil, nil, err
		}
		return p, append(l, p.Validate()...), nil
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

// readQGCMission reads the mission section, version 2 or 1.
func readQGCMission(l *mission.Issues, p *mission.Plan, raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		l.Warnf(mission.SectionMission, -1, "", "file has no mission section")
		return nil
	}
	var m qgcMissionIn
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("qgc plan: mission: %w", err)
	}
	v1 := m.Version == 1
	if !v1 && m.Version != qgcMissionVersion {
		l.Warnf(mission.SectionMission, -1, "version", "mission version %g, read as version %d", float64(m.Version), qgcMissionVersion)
	}
	p.Firmware, _ = intOf(float64(numOr(m.FirmwareType, float64(numOr(m.MAVAutopilot, 0)))), 0, math.MaxInt32)
	p.VehicleType, _ = intOf(float64(m.VehicleType), 0, math.MaxInt32)
	p.CruiseSpeed, p.HoverSpeed = zeroNaN(float64(m.CruiseSpeed)), zeroNaN(float64(m.HoverSpeed))
	if err := readQGCHome(l, p, m.PlannedHomePosition); err != nil {
		return err
	}
	if len(m.ComplexItems) > 0 {
		return fmt.Errorf("qgc plan: mission version 1 complex items (%d) hold no generated items and cannot be expanded; open the file in QGroundControl and save it as a current .plan", len(m.ComplexItems))
	}
	simples, err := qgcSimples(l, m.Items)
	if err != nil {
		return err
	}
	p.Mission = qgcDecodeItems(l, simples, v1)
	warnNotForArduPilot(l, p.Firmware, simples)
	return nil
}

// readQGCHome reads the planned home: [lat, lon, alt] (version 2) or a
// simple item with a coordinate (version 1); AMSL. 0, 0 is no home.
func readQGCHome(l *mission.Issues, p *mission.Plan, raw json.RawMessage) error {
	var v []num
	if len(raw) > 0 && raw[0] == '{' {
		var it qgcItemIn
		if err := json.Unmarshal(raw, &it); err != nil {
			return fmt.Errorf("qgc plan: plannedHomePosition: %w", err)
		}
		v = it.Coordinate
	} else if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("qgc plan: plannedHomePosition: %w", err)
		}
	}
	if len(v) < 2 {
		return nil
	}
	h := mission.At(float64(v[0]), float64(v[1]), mission.AMSL(0))
	if len(v) >= 3 {
		h.Alt.M = zeroNaN(float64(v[2]))
	}
	if h.Current() {
		l.Infof(mission.SectionHome, -1, "plannedHomePosition", "planned home at 0, 0: the home is not known; the vehicle flies from its own home")
		return nil
	}
	p.Home = &h
	return nil
}

// zeroNaN is f, or 0 for NaN (a null in the file).
func zeroNaN(f float64) float64 {
	if math.IsNaN(f) {
		return 0
	}
	return f
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
