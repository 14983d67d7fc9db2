package planfile

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// KMLDefaultAltitude is the height above home, in metres, that ReadKMLPlan
// gives positions without a usable altitude (clamped to the ground, or
// none written).
const KMLDefaultAltitude = 60.0

// kmlCircleSides is how many sides the polygon drawing a circle has: KML
// has no circles.
const kmlCircleSides = 72

// ExtendedData names Skerry writes. Item parameters are written under
// their GeoJSON property names, without the prefix.
const (
	kmlPrefix    = "skerry."
	kmlRoleKey   = kmlPrefix + "role"
	kmlSeqKey    = kmlPrefix + "seq"
	kmlKindKey   = kmlPrefix + "kind"
	kmlAltRefKey = kmlPrefix + "alt_ref"
	kmlAltKey    = kmlPrefix + "alt"

	kmlRoleRoute       = "route"
	kmlRoleItem        = "item"
	kmlRoleHome        = "home"
	kmlRoleFence       = "fence"
	kmlRoleFenceCircle = "fence_circle"
	kmlRoleFenceReturn = "fence_return"
	kmlRoleRally       = "rally"
)

// kmlOut is the document WriteKMLPlan writes.
type kmlOut struct {
	XMLName  xml.Name  `xml:"kml"`
	NS       string    `xml:"xmlns,attr"`
	Document kmlDocOut `xml:"Document"`
}

type kmlDocOut struct {
	Name    string         `xml:"name"`
	Data    []kmlData      `xml:"ExtendedData>Data"`
	Folders []kmlFolderOut `xml:"Folder"`
}

type kmlFolderOut struct {
	Name       string       `xml:"name"`
	Placemarks []kmlMarkOut `xml:"Placemark"`
}

type kmlMarkOut struct {
	Name    string      `xml:"name"`
	Data    []kmlData   `xml:"ExtendedData>Data"`
	Point   *kmlGeom    `xml:"Point"`
	Line    *kmlGeom    `xml:"LineString"`
	Polygon *kmlPolyOut `xml:"Polygon"`
}

// kmlData is one ExtendedData Data element.
type kmlData struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value"`
}

// kmlGeom is a Point or a LineString.
type kmlGeom struct {
	AltitudeMode string `xml:"altitudeMode,omitempty"`
	Coordinates  string `xml:"coordinates"`
}

type kmlPolyOut struct {
	Outer string `xml:"outerBoundaryIs>LinearRing>coordinates"`
}

// WriteKMLPlan writes p as KML 2.2 for Google Earth and GIS tools: a
// Mission folder with the route as a LineString and every mission item as
// a placemark (a Point where it has a position, named by its MAVLink seq
// counting home as 0), a Fence folder with the zones as polygons (circles
// drawn as polygons) and the return point, and a Rally folder. Heights
// above home and above terrain are written relativeToGround, heights above
// sea level absolute. Everything the plan model holds is also kept in
// ExtendedData (skerry.* and the items' parameters), so ReadKMLPlan reads
// the file back exactly. A plan with validation errors is refused.
func WriteKMLPlan(w io.Writer, p *mission.Plan) (mission.Issues, error) {
	is := p.Validate()
	if is.HasErrors() {
		return is, errInvalidPlan
	}
	l := is
	doc := kmlDocOut{Name: p.Name, Data: kmlPlanData(p)}
	doc.Folders = append(doc.Folders, kmlMissionFolder(&l, p), kmlFenceFolder(&l, p.Fence), kmlRallyFolder(p.Rally))
	if kmlAnyRelative(p) {
		l.Infof(mission.SectionPlan, -1, "alt", "KML has no height above home: such heights are written relativeToGround; the exact reference is kept in ExtendedData")
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return l, err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(kmlOut{NS: "http://www.opengis.net/kml/2.2", Document: doc}); err != nil {
		return l, err
	}
	_, err := io.WriteString(w, "\n")
	return l, err
}

// kmlPlanData keeps what the plan says beyond its placemarks.
func kmlPlanData(p *mission.Plan) []kmlData {
	d := []kmlData{
		{kmlPrefix + "version", strconv.Itoa(geoFormatVersion)},
		{kmlPrefix + "vehicle_type", strconv.Itoa(p.VehicleType)},
		{kmlPrefix + "firmware", strconv.Itoa(p.Firmware)},
		{kmlPrefix + "cruise_speed", kmlNum(p.CruiseSpeed)},
		{kmlPrefix + "hover_speed", kmlNum(p.HoverSpeed)},
	}
	if a := p.Fence.Floor; a != nil {
		d = append(d, kmlData{kmlPrefix + "fence_floor", kmlNum(a.M)}, kmlData{kmlPrefix + "fence_floor_ref", string(a.Ref)})
	}
	if a := p.Fence.Ceiling; a != nil {
		d = append(d, kmlData{kmlPrefix + "fence_ceiling", kmlNum(a.M)}, kmlData{kmlPrefix + "fence_ceiling_ref", string(a.Ref)})
	}
	if r := p.Fence.Radius; r != nil {
		d = append(d, kmlData{kmlPrefix + "fence_radius", kmlNum(*r)})
	}
	return d
}

func kmlMissionFolder(l *mission.Issues, p *mission.Plan) kmlFolderOut {
	f := kmlFolderOut{Name: "Mission"}
	if p.Home != nil {
		f.Placemarks = append(f.Placemarks, kmlPointMark("Home", kmlRoleHome, *p.Home))
	}
	if route, ok := kmlRoute(l, p.Mission); ok {
		f.Placemarks = append(f.Placemarks, route)
	}
	for i, it := range p.Mission {
		m := kmlMarkOut{Name: fmt.Sprintf("%d %s", i+1, it.Kind()), Data: []kmlData{
			{kmlRoleKey, kmlRoleItem}, {kmlSeqKey, strconv.Itoa(i + 1)}, {kmlKindKey, string(it.Kind())}}}
		if pos, ok := mission.PositionOf(it); ok {
			m.Data = append(m.Data, kmlData{kmlAltRefKey, string(pos.Alt.Ref)})
			if pos.Current() { // the current position: no place to draw
				m.Data = append(m.Data, kmlData{kmlAltKey, kmlNum(pos.Alt.M)})
			} else {
				m.Point = &kmlGeom{AltitudeMode: kmlMode(pos.Alt.Ref), Coordinates: kmlCoord(pos)}
			}
		}
		m.Data = append(m.Data, kmlItemData(it)...)
		f.Placemarks = append(f.Placemarks, m)
	}
	return f
}

// kmlRoute draws the flight path through the positioned navigation items.
func kmlRoute(l *mission.Issues, items []mission.Item) (kmlMarkOut, bool) {
	var coords []string
	refs := map[bool]bool{} // AMSL or not → seen
	for _, it := range items {
		if _, isROI := it.(mission.ROI); isROI {
			continue
		}
		if pos, ok := mission.PositionOf(it); ok && !pos.Current() {
			coords = append(coords, kmlCoord(pos))
			refs[pos.Alt.Ref == mission.AltAMSL] = true
		}
	}
	if len(coords) < 2 {
		return kmlMarkOut{}, false
	}
	mode := "relativeToGround"
	if refs[true] && !refs[false] {
		mode = "absolute"
	} else if refs[true] {
		l.Warnf(mission.SectionMission, -1, "alt", "the route mixes heights above sea level and above home or terrain: its line is drawn relativeToGround; each item's placemark is exact")
	}
	return kmlMarkOut{Name: "Route", Data: []kmlData{{kmlRoleKey, kmlRoleRoute}},
		Line: &kmlGeom{AltitudeMode: mode, Coordinates: strings.Join(coords, " ")}}, true
}

// kmlItemData writes an item's parameters, sorted by name.
func kmlItemData(it mission.Item) []kmlData {
	props := itemProps(it)
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]kmlData, 0, len(names))
	for _, k := range names {
		var v string
		switch x := props[k].(type) {
		case num:
			v = kmlNum(float64(x))
		case []num:
			b, _ := json.Marshal(x)
			v = string(b)
		default:
			v = fmt.Sprint(x)
		}
		out = append(out, kmlData{k, v})
	}
	return out
}

func kmlFenceFolder(l *mission.Issues, f mission.Fence) kmlFolderOut {
	out := kmlFolderOut{Name: "Fence"}
	circles := 0
	for i, z := range f.Zones {
		what := "Exclusion"
		if z.Inclusion {
			what = "Inclusion"
		}
		m := kmlMarkOut{Name: fmt.Sprintf("%s zone %d", what, i), Data: []kmlData{{kmlRoleKey, kmlRoleFence},
			{kmlPrefix + "inclusion", strconv.FormatBool(z.Inclusion)}, {kmlPrefix + "group", strconv.Itoa(z.Group)}}}
		ring := z.Polygon
		if c := z.Circle; c != nil {
			circles++
			m.Data[0].Value = kmlRoleFenceCircle
			m.Data = append(m.Data, kmlData{kmlPrefix + "center_lon", kmlNum(c.Center[0])},
				kmlData{kmlPrefix + "center_lat", kmlNum(c.Center[1])}, kmlData{kmlPrefix + "radius", kmlNum(c.Radius)})
			ring = circleRing(*c, kmlCircleSides)
		}
		parts := make([]string, 0, len(ring)+1)
		for _, v := range closedRing(ring) {
			parts = append(parts, kmlNum(v[0])+","+kmlNum(v[1]))
		}
		m.Polygon = &kmlPolyOut{Outer: strings.Join(parts, " ")}
		out.Placemarks = append(out.Placemarks, m)
	}
	if circles > 0 {
		l.Infof(mission.SectionFence, -1, "", "KML has no circles: %d drawn as %d-sided polygons; centre and radius kept in ExtendedData", circles, kmlCircleSides)
	}
	if f.Return != nil {
		out.Placemarks = append(out.Placemarks, kmlPointMark("Fence return point", kmlRoleFenceReturn, *f.Return))
	}
	return out
}

func kmlRallyFolder(pts []mission.RallyPoint) kmlFolderOut {
	out := kmlFolderOut{Name: "Rally points"}
	for i, r := range pts {
		out.Placemarks = append(out.Placemarks, kmlPointMark(fmt.Sprintf("Rally %d", i+1), kmlRoleRally, r.Pos))
	}
	return out
}

func kmlPointMark(name, role string, pos mission.Position) kmlMarkOut {
	return kmlMarkOut{Name: name, Data: []kmlData{{kmlRoleKey, role}, {kmlAltRefKey, string(pos.Alt.Ref)}},
		Point: &kmlGeom{AltitudeMode: kmlMode(pos.Alt.Ref), Coordinates: kmlCoord(pos)}}
}

// kmlAnyRelative reports whether a height above home is written.
func kmlAnyRelative(p *mission.Plan) bool {
	rel := func(pos mission.Position) bool { return pos.Alt.Ref == mission.AltRelative }
	if (p.Home != nil && rel(*p.Home)) || (p.Fence.Return != nil && rel(*p.Fence.Return)) {
		return true
	}
	for _, it := range p.Mission {
		if pos, ok := mission.PositionOf(it); ok && rel(pos) {
			return true
		}
	}
	for _, r := range p.Rally {
		if rel(r.Pos) {
			return true
		}
	}
	return false
}

// kmlMode is the KML altitudeMode nearest to ref.
func kmlMode(ref mission.AltRef) string {
	if ref == mission.AltAMSL {
		return "absolute"
	}
	return "relativeToGround"
}

// kmlCoord formats "lon,lat,alt".
func kmlCoord(p mission.Position) string {
	return kmlNum(p.Lon()) + "," + kmlNum(p.Lat()) + "," + kmlNum(p.Alt.M)
}

// kmlNum formats a number exactly, without an exponent for ordinary values.
func kmlNum(f float64) string {
	if math.IsNaN(f) {
		return "NaN"
	}
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e15) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// circleRing approximates a circle by an open ring of n vertices, on a
// sphere of the Earth's mean radius.
func circleRing(c mission.Circle, n int) orb.Ring {
	const earth = 6371008.8
	lat1, lon1 := c.Center[1]*math.Pi/180, c.Center[0]*math.Pi/180
	d := c.Radius / earth
	ring := make(orb.Ring, 0, n)
	for k := range n {
		brg := 2 * math.Pi * float64(k) / float64(n)
		lat := math.Asin(math.Sin(lat1)*math.Cos(d) + math.Cos(lat1)*math.Sin(d)*math.Cos(brg))
		lon := lon1 + math.Atan2(math.Sin(brg)*math.Sin(d)*math.Cos(lat1), math.Cos(d)-math.Sin(lat1)*math.Sin(lat))
		lon = math.Mod(lon*180/math.Pi+540, 360) - 180
		ring = append(ring, orb.Point{lon, lat * 180 / math.Pi})
	}
	return ring
}
