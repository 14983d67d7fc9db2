package planfile

import (
	"encoding/json"
	"fmt"
	"math"

	"skerry/mission"
)

// qgcStructureIn is a StructureScan complex item (version 3, as
// QGroundControl 4.x's StructureScanComplexItem::save writes it).
type qgcStructureIn struct {
	Version          num          `json:"version"`
	EntranceAltitude *num         `json:"EntranceAltitude"`
	ScanBottomAlt    *num         `json:"ScanBottomAlt"`
	StructureHeight  *num         `json:"StructureHeight"`
	Layers           *num         `json:"Layers"`
	GimbalPitch      *num         `json:"GimbalPitch"`
	StartFromTop     *flag        `json:"StartFromTop"`
	CameraCalc       *qgcCameraIn `json:"CameraCalc"`
	Polygon          [][]num      `json:"polygon"`
}

// qgcCameraIn is the part of a CameraCalc a structure scan uses. A manual
// camera saves the footprints the user typed; a known or custom camera
// also saves its sensor, from which QGroundControl recomputes them when
// it loads the file (CameraCalc::_recalcTriggerDistance).
type qgcCameraIn struct {
	DistanceToSurface        *num  `json:"DistanceToSurface"`
	AdjustedFootprintFrontal *num  `json:"AdjustedFootprintFrontal"`
	AdjustedFootprintSide    *num  `json:"AdjustedFootprintSide"`
	SensorWidth              *num  `json:"SensorWidth"`
	ImageWidth               *num  `json:"ImageWidth"`
	ImageHeight              *num  `json:"ImageHeight"`
	FocalLength              *num  `json:"FocalLength"`
	Landscape                *flag `json:"Landscape"`
	ValueSetIsDistance       *flag `json:"ValueSetIsDistance"`
	ImageDensity             *num  `json:"ImageDensity"`
	FrontalOverlap           *num  `json:"FrontalOverlap"`
	SideOverlap              *num  `json:"SideOverlap"`
}

// recomputed returns the distance to the surface and the adjusted side
// and frontal footprints QGroundControl computes from the camera's sensor
// on load; ok is false for a manual camera (no sensor saved).
func (c qgcCameraIn) recomputed() (dist, side, frontal float64, ok bool) {
	for _, p := range []*num{c.SensorWidth, c.ImageWidth, c.ImageHeight, c.FocalLength, c.ImageDensity, c.FrontalOverlap, c.SideOverlap} {
		if p == nil || !finite(float64(*p)) || (*p <= 0 && p != c.FrontalOverlap && p != c.SideOverlap) {
			return 0, 0, 0, false
		}
	}
	sw, iw, ih, f := float64(*c.SensorWidth), float64(*c.ImageWidth), float64(*c.ImageHeight), float64(*c.FocalLength)
	dist, density := float64(numOr(c.DistanceToSurface, 0)), float64(*c.ImageDensity)
	if c.ValueSetIsDistance != nil && bool(*c.ValueSetIsDistance) {
		density = dist * sw * 100 / (iw * f)
	} else {
		dist = iw * density * f / (sw * 100)
	}
	side, frontal = ih*density/100, iw*density/100
	if c.Landscape == nil || bool(*c.Landscape) {
		side, frontal = iw*density/100, ih*density/100
	}
	return dist, side * (100 - float64(*c.SideOverlap)) / 100, frontal * (100 - float64(*c.FrontalOverlap)) / 100, true
}

// agrees reports whether a saved value is the one recomputed, to within
// the rounding of a JSON number (1 mm).
func agrees(saved, recomputed float64) bool { return math.Abs(saved-recomputed) <= 1e-3 }

// MAV_CMD numbers a structure scan uses that the model does not name.
const cmdDoSetROIWPNextOffset = 196

// qgcStructure is a checked structure scan definition.
type qgcStructure struct {
	entranceAlt, bottom, height, pitch float64
	distance, frontal, side            float64
	layers                             int
	fromTop                            bool
	polygon                            []qgcLatLon
}

// qgcStructureScan expands a StructureScan as QGroundControl 4.x's
// StructureScanComplexItem::appendMissionItems does: the flight polygon is
// the structure's polygon moved out by the camera's distance to the
// surface (QGCMapPolygon::offset), entered at its vertex 0 (QGroundControl
// does not save another entry vertex); an entrance waypoint at the
// entrance altitude, DO_SET_ROI_WPNEXT_OFFSET (pitch, 0, 90° yaw), then per
// layer every vertex and vertex 0 again with the camera triggering every
// adjusted side footprint, layers half a frontal footprint in from the
// bottom (or the top) and one footprint apart, DO_SET_ROI_NONE and the
// exit waypoint at the entrance. Altitudes are relative to home. A
// definition QGroundControl itself would expand differently or
// dangerously (a counter-clockwise polygon, whose offset goes inwards,
// into the structure; a layer count that disagrees with the heights,
// which QGroundControl recomputes) is refused.
func qgcStructureScan(l *mission.Issues, raw json.RawMessage, at int) ([]qgcSimple, error) {
	var in qgcStructureIn
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, fmt.Errorf("StructureScan: %w", err)
	}
	s, err := in.check()
	if err != nil {
		return nil, fmt.Errorf("StructureScan: %w; the plan is refused rather than read without its scan", err)
	}
	flight, err := qgcOffsetPolygon(s.polygon, s.distance)
	if err != nil {
		return nil, fmt.Errorf("StructureScan: polygon offset failed (%w: consecutive edges in line); the plan is refused rather than read without its scan", err)
	}
	out := s.items(flight)
	if len(out) > mission.MaxItems {
		return nil, fmt.Errorf("StructureScan: more than %d generated items", mission.MaxItems)
	}
	l.Infof(mission.SectionMission, at, "complexItemType", "StructureScan expanded as QGroundControl does into %d items (%d..%d): %d layers of %d waypoints %g m off the structure; the scan definition itself is not kept",
		len(out), at, at+len(out)-1, s.layers, len(flight)+1, s.distance)
	return out, nil
}

// check validates the definition.
func (in qgcStructureIn) check() (qgcStructure, error) {
	if in.Version != 3 {
		return qgcStructure{}, fmt.Errorf("version %g, only version 3 (QGroundControl 4) can be expanded", float64(in.Version))
	}
	if in.CameraCalc == nil {
		return qgcStructure{}, fmt.Errorf("no CameraCalc")
	}
	var s qgcStructure
	fields := []struct {
		name string
		p    *num
		to   *float64
	}{
		{"EntranceAltitude", in.EntranceAltitude, &s.entranceAlt}, {"ScanBottomAlt", in.ScanBottomAlt, &s.bottom},
		{"StructureHeight", in.StructureHeight, &s.height}, {"GimbalPitch", in.GimbalPitch, &s.pitch},
		{"DistanceToSurface", in.CameraCalc.DistanceToSurface, &s.distance},
		{"AdjustedFootprintFrontal", in.CameraCalc.AdjustedFootprintFrontal, &s.frontal},
		{"AdjustedFootprintSide", in.CameraCalc.AdjustedFootprintSide, &s.side},
	}
	for _, f := range fields {
		if f.p == nil || !finite(float64(*f.p)) {
			return s, fmt.Errorf("%s is missing or not a number", f.name)
		}
		*f.to = float64(*f.p)
	}
	if d, side, frontal, ok := in.CameraCalc.recomputed(); ok && !(agrees(s.distance, d) && agrees(s.side, side) && agrees(s.frontal, frontal)) {
		return s, fmt.Errorf("the saved camera values (distance %g m, footprints %g × %g m) disagree with its sensor (%.3f m, %.3f × %.3f m), which QGroundControl recomputes them from", s.distance, s.side, s.frontal, d, side, frontal)
	}
	s.fromTop = in.StartFromTop != nil && bool(*in.StartFromTop)
	if s.frontal <= 0 || s.side < 0 || s.distance <= 0 {
		return s, fmt.Errorf("camera footprints (frontal %g m, side %g m) and distance to the surface (%g m) must be positive", s.frontal, s.side, s.distance)
	}
	want := max(int(math.Ceil(math.Max(s.height-s.bottom, 0)/s.frontal)), 1)
	layers, ok := intOf(float64(numOr(in.Layers, math.NaN())), 1, mission.MaxItems)
	if !ok || layers != want {
		return s, fmt.Errorf("the Layers count %g disagrees with the heights (%g m from %g m, %g m per layer: %d layers), which QGroundControl recomputes", float64(numOr(in.Layers, math.NaN())), s.height, s.bottom, s.frontal, want)
	}
	s.layers = layers
	return s, s.readPolygon(in.Polygon)
}

// readPolygon reads and checks the structure's outline.
func (s *qgcStructure) readPolygon(vs [][]num) error {
	if len(vs) < 3 || len(vs) > mission.MaxItems {
		return fmt.Errorf("polygon has %d vertices, needs at least 3", len(vs))
	}
	for i, v := range vs {
		pt, ok := latLonPoint(v)
		if !ok || !validLatLon(pt[1], pt[0]) {
			return fmt.Errorf("polygon vertex %d is not [lat, lon]", i)
		}
		c := qgcLatLon{lat: pt[1], lon: pt[0]}
		if i > 0 && c == s.polygon[i-1] {
			return fmt.Errorf("polygon vertex %d repeats vertex %d", i, i-1)
		}
		s.polygon = append(s.polygon, c)
	}
	if qgcSignedArea(s.polygon) >= 0 {
		return fmt.Errorf("polygon winds counter-clockwise (or has no area): QGroundControl would move the flight path %g m inwards, into the structure; redraw it in QGroundControl, which winds polygons clockwise", s.distance)
	}
	return nil
}

// validLatLon reports whether lat and lon are finite and in range.
func validLatLon(lat, lon float64) bool { return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 }

// items lists the mission items of the scan around the flight polygon.
func (s qgcStructure) items(flight []qgcLatLon) []qgcSimple {
	wp := func(c qgcLatLon, alt float64) qgcSimple {
		return qgcRaw(mission.CmdNavWaypoint, mission.FrameGlobalRelativeAlt, 0, 0, 0, math.NaN(), c.lat, c.lon, alt)
	}
	trigger := func(dist, once float64) qgcSimple {
		return qgcRaw(mission.CmdDoSetCamTriggDist, mission.FrameMission, dist, 0, once, 0, 0, 0, 0)
	}
	out := []qgcSimple{wp(flight[0], s.entranceAlt),
		qgcRaw(cmdDoSetROIWPNextOffset, mission.FrameMission, 0, 0, 0, 0, s.pitch, 0, 90)}
	half, step, alt := s.frontal/2, s.frontal, s.bottom+s.frontal/2
	if s.fromTop {
		step, alt = -s.frontal, s.height-half
	}
	for range s.layers {
		for k := 0; k <= len(flight); k++ {
			out = append(out, wp(flight[k%len(flight)], alt))
			if k == 0 {
				out = append(out, trigger(s.side, 1))
			}
		}
		out = append(out, trigger(0, 0))
		alt += step
	}
	return append(out, qgcRaw(mission.CmdDoSetROINone, mission.FrameMission, 0, 0, 0, 0, 0, 0, 0), wp(flight[0], s.entranceAlt))
}

// qgcRaw is a generated item, as QGroundControl's MissionItem holds it.
func qgcRaw(cmd uint16, frame uint8, p ...float64) qgcSimple {
	s := qgcSimple{raw: mission.RawItem{Command: cmd, Frame: frame, AutoContinue: true}, doJumpID: -1, complex: qgcStructureType}
	copy(s.raw.Params[:], p)
	return s
}

// warnNotForArduPilot warns that a StructureScan planned for ArduPilot
// will not upload: ArduPilot's AP_Mission does not store
// DO_SET_ROI_WPNEXT_OFFSET, QGroundControl's way of pointing the camera at
// the structure, and refuses the upload at that item.
func warnNotForArduPilot(l *mission.Issues, firmware int, simples []qgcSimple) {
	if firmware != mission.FirmwareArduPilot {
		return
	}
	for i, s := range simples {
		if s.raw.Command == cmdDoSetROIWPNextOffset && s.complex == qgcStructureType {
			l.Warnf(mission.SectionMission, i, "command", "StructureScan: ArduPilot does not accept DO_SET_ROI_WPNEXT_OFFSET (196): an ArduPilot vehicle refuses the upload at this item (MAV_MISSION_UNSUPPORTED)")
			return
		}
	}
}
