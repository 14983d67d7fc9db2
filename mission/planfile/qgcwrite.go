package planfile

import (
	"encoding/json"
	"errors"
	"io"
	"math"

	"skerry/mission"
)

// The writer's structs list fields in alphabetical order, as
// QGroundControl's QJsonDocument writes them.

type qgcFileOut struct {
	FileType      string        `json:"fileType"`
	GeoFence      qgcFenceOut   `json:"geoFence"`
	GroundStation string        `json:"groundStation"`
	Mission       qgcMissionOut `json:"mission"`
	RallyPoints   qgcRallyOut   `json:"rallyPoints"`
	Version       int           `json:"version"`
}

type qgcMissionOut struct {
	CruiseSpeed            num          `json:"cruiseSpeed"`
	FirmwareType           int          `json:"firmwareType"`
	GlobalPlanAltitudeMode int          `json:"globalPlanAltitudeMode"`
	HoverSpeed             num          `json:"hoverSpeed"`
	Items                  []qgcItemOut `json:"items"`
	PlannedHomePosition    [3]num       `json:"plannedHomePosition"`
	VehicleType            int          `json:"vehicleType"`
	Version                int          `json:"version"`
}

type qgcItemOut struct {
	AMSLAltAboveTerrain *num   `json:"AMSLAltAboveTerrain,omitempty"`
	Altitude            *num   `json:"Altitude,omitempty"`
	AltitudeMode        *int   `json:"AltitudeMode,omitempty"`
	AutoContinue        bool   `json:"autoContinue"`
	Command             uint16 `json:"command"`
	DoJumpID            int    `json:"doJumpId"`
	Frame               uint8  `json:"frame"`
	Params              [7]num `json:"params"`
	Type                string `json:"type"`
}

type qgcFenceOut struct {
	BreachReturn *[3]num         `json:"breachReturn,omitempty"`
	Circles      []qgcCircleOut  `json:"circles"`
	Polygons     []qgcPolygonOut `json:"polygons"`
	Version      int             `json:"version"`
}

type qgcCircleOut struct {
	Circle struct {
		Center [2]num `json:"center"`
		Radius num    `json:"radius"`
	} `json:"circle"`
	Inclusion bool `json:"inclusion"`
	Version   int  `json:"version"`
}

type qgcPolygonOut struct {
	Inclusion bool     `json:"inclusion"`
	Polygon   [][2]num `json:"polygon"`
	Version   int      `json:"version"`
}

type qgcRallyOut struct {
	Points  [][3]num `json:"points"`
	Version int      `json:"version"`
}

// errInvalidPlan is returned by writers for plans with validation errors.
var errInvalidPlan = errors.New("plan has validation errors; not written")

// WriteQGCPlan writes p as a QGroundControl .plan file (version 1, mission
// version 2, 4-space indent, keys in QGroundControl's order). It refuses a
// plan with validation errors. The issues report what the format cannot
// hold: the plan name, fence floor and ceiling, inclusion groups, the
// interleaving of polygons and circles (QGC keeps polygons first), and
// references other than relative for rally and return points and other
// than AMSL for home.
func WriteQGCPlan(w io.Writer, p *mission.Plan) (mission.Issues, error) {
	l := p.Validate()
	if l.HasErrors() {
		return l, errInvalidPlan
	}
	if p.Name != "" {
		l.Infof(mission.SectionPlan, -1, "name", "a .plan file has no name field; name %q not written", p.Name)
	}
	f := qgcFileOut{FileType: qgcFileType, GroundStation: qgcGroundStationName, Version: qgcFileVersion,
		Mission:     qgcMissionOf(&l, p),
		GeoFence:    qgcFenceOf(&l, p.Fence),
		RallyPoints: qgcRallyOut{Points: make([][3]num, 0, len(p.Rally)), Version: qgcRallyVersion},
	}
	for i, r := range p.Rally {
		warnRef(&l, mission.SectionRally, i, r.Pos.Alt, mission.AltRelative, "QGC rally points are relative to home")
		f.RallyPoints.Points = append(f.RallyPoints.Points, [3]num{num(r.Pos.Lat()), num(r.Pos.Lon()), num(r.Pos.Alt.M)})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	return l, enc.Encode(f)
}

// nanValue returns NaN.
func nanValue() float64 { return math.NaN() }

func warnRef(l *mission.Issues, sec mission.Section, i int, a mission.Altitude, want mission.AltRef, why string) {
	if a.Ref != want {
		l.Warnf(sec, i, "alt", "%s; %v written as %g m %s", why, a, a.M, want)
	}
}

func qgcMissionOf(l *mission.Issues, p *mission.Plan) qgcMissionOut {
	m := qgcMissionOut{CruiseSpeed: num(p.CruiseSpeed), HoverSpeed: num(p.HoverSpeed), FirmwareType: p.Firmware,
		VehicleType: p.VehicleType, Version: qgcMissionVersion, Items: make([]qgcItemOut, 0, len(p.Mission))}
	if p.Home == nil {
		l.Warnf(mission.SectionHome, -1, "", "a .plan needs plannedHomePosition; written as 0, 0, 0")
	} else {
		warnRef(l, mission.SectionHome, -1, p.Home.Alt, mission.AltAMSL, "QGC's planned home is AMSL")
		m.PlannedHomePosition = [3]num{num(p.Home.Lat()), num(p.Home.Lon()), num(p.Home.Alt.M)}
	}
	modes := map[int]bool{}
	for i, it := range p.Mission {
		r := mission.EncodeItem(it, 1)
		out := qgcItemOut{AutoContinue: r.AutoContinue, Command: r.Command, DoJumpID: i + 1, Frame: r.Frame, Type: "SimpleItem"}
		for k, v := range r.Params {
			out.Params[k] = num(v)
		}
		if ref, ok := mission.RefOfFrame(r.Frame); ok {
			mode := map[mission.AltRef]int{mission.AltRelative: qgcAltRelative, mission.AltAMSL: qgcAltAbsolute, mission.AltTerrain: qgcAltTerrainFrame}[ref]
			alt, nan := num(r.Params[6]), num(nanValue())
			out.AltitudeMode, out.Altitude, out.AMSLAltAboveTerrain = &mode, &alt, &nan
			modes[mode] = true
		}
		m.Items = append(m.Items, out)
	}
	m.GlobalPlanAltitudeMode = qgcAltRelative
	if len(modes) > 1 {
		m.GlobalPlanAltitudeMode = qgcAltMixed
	}
	for mode := range modes {
		if len(modes) == 1 {
			m.GlobalPlanAltitudeMode = mode
		}
	}
	return m
}

func qgcFenceOf(l *mission.Issues, f mission.Fence) qgcFenceOut {
	out := qgcFenceOut{Version: qgcFenceVersion, Circles: []qgcCircleOut{}, Polygons: []qgcPolygonOut{}}
	sawCircle := false
	for i, z := range f.Zones {
		if z.Group != 0 {
			l.Warnf(mission.SectionFence, i, "group", "QGC fences have no inclusion groups; group %d not written", z.Group)
		}
		if z.Circle != nil {
			sawCircle = true
			var c qgcCircleOut
			c.Circle.Center = [2]num{num(z.Circle.Center[1]), num(z.Circle.Center[0])}
			c.Circle.Radius, c.Inclusion, c.Version = num(z.Circle.Radius), z.Inclusion, qgcShapeVersion
			out.Circles = append(out.Circles, c)
			continue
		}
		if sawCircle {
			l.Infof(mission.SectionFence, i, "", "QGC lists polygons before circles; zone order changes")
		}
		pg := qgcPolygonOut{Inclusion: z.Inclusion, Version: qgcShapeVersion, Polygon: make([][2]num, 0, len(z.Polygon))}
		for _, v := range z.Polygon {
			pg.Polygon = append(pg.Polygon, [2]num{num(v[1]), num(v[0])})
		}
		out.Polygons = append(out.Polygons, pg)
	}
	if f.Floor != nil || f.Ceiling != nil {
		l.Warnf(mission.SectionFence, -1, "ceiling", "a .plan fence has no floor or ceiling; not written")
	}
	if f.Radius != nil {
		l.Warnf(mission.SectionFence, -1, "radius", "a .plan fence has no radius from home; not written")
	}
	if r := f.Return; r != nil {
		warnRef(l, mission.SectionFence, -1, r.Alt, mission.AltRelative, "QGC's breach return altitude is relative to home")
		out.BreachReturn = &[3]num{num(r.Lat()), num(r.Lon()), num(r.Alt.M)}
	}
	return out
}
