package planfile

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// kmlMarkIn is the part of a KML Placemark ReadKMLPlan reads.
type kmlMarkIn struct {
	Name       string      `xml:"name"`
	Data       []kmlData   `xml:"ExtendedData>Data"`
	Points     []kmlGeom   `xml:"Point"`
	Lines      []kmlGeom   `xml:"LineString"`
	Polygons   []kmlPolyIn `xml:"Polygon"`
	MultiPts   []kmlGeom   `xml:"MultiGeometry>Point"`
	MultiLines []kmlGeom   `xml:"MultiGeometry>LineString"`
	MultiPolys []kmlPolyIn `xml:"MultiGeometry>Polygon"`
}

type kmlPolyIn struct {
	Outer string   `xml:"outerBoundaryIs>LinearRing>coordinates"`
	Inner []string `xml:"innerBoundaryIs>LinearRing>coordinates"`
}

// data returns the value of the ExtendedData named key.
func (m *kmlMarkIn) data(key string) (string, bool) {
	for _, d := range m.Data {
		if d.Name == key {
			return strings.TrimSpace(d.Value), true
		}
	}
	return "", false
}

// kmlReader accumulates a plan from placemarks.
type kmlReader struct {
	p       *mission.Plan
	l       mission.Issues
	marks   int
	own     bool        // Skerry's own mission items were read
	lines   []kmlGeomAt // routes of other tools, read after the file
	points  []kmlGeomAt // points of other tools, read after the file
	noted   map[string]bool
	docName bool
}

// kmlGeomAt is a geometry with the placemark it came from.
type kmlGeomAt struct {
	g    kmlGeom
	name string
	i    int
}

// maxKMLPlacemarks bounds the placemarks read.
const maxKMLPlacemarks = 4 * mission.MaxItems

// ReadKMLPlan reads a plan from KML (any namespace). A file written by
// WriteKMLPlan reads back exactly. From other tools it reads what it can:
// the LineStrings (or, without any, the Points) become waypoints in file
// order, Polygons inclusion zones (their holes exclusion zones). Heights
// follow altitudeMode: absolute is above sea level, relativeToGround is
// read as above home, and positions clamped to the ground or without a
// height fly at KMLDefaultAltitude above home. Each such choice and every
// placemark skipped is reported.
func ReadKMLPlan(r io.Reader) (*mission.Plan, mission.Issues, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = kmlCharset
	k := kmlReader{p: &mission.Plan{}, noted: map[string]bool{}}
	if err := k.walk(dec); err != nil {
		return nil, k.l, fmt.Errorf("kml: %w", err)
	}
	if err := k.foreign(); err != nil {
		return nil, k.l, fmt.Errorf("kml: %w", err)
	}
	p := k.p
	if len(p.Mission) == 0 && len(p.Fence.Zones) == 0 && len(p.Rally) == 0 && p.Home == nil && p.Fence.Return == nil {
		return nil, k.l, errors.New("kml: no placemark with a route, a point or a polygon")
	}
	k.l = append(k.l, p.Validate()...)
	return p, k.l, nil
}

// kmlCharset reads ISO-8859-1 (Latin-1), the one legacy encoding KML
// files still come in; UTF-8 needs no reader.
func kmlCharset(charset string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1", "latin-1", "l1":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		out := make([]byte, 0, len(b)*2)
		for _, c := range b {
			out = utf8.AppendRune(out, rune(c))
		}
		return bytes.NewReader(out), nil
	}
	return nil, fmt.Errorf("encoding %q: only UTF-8 and ISO-8859-1 are read", charset)
}

// walk reads the document's name, its ExtendedData and every placemark.
func (k *kmlReader) walk(dec *xml.Decoder) error {
	var stack []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case t.Name.Local == "Placemark":
				var m kmlMarkIn
				if err := dec.DecodeElement(&m, &t); err != nil {
					return err
				}
				if k.marks++; k.marks > maxKMLPlacemarks {
					return fmt.Errorf("more than %d placemarks", maxKMLPlacemarks)
				}
				if err := k.placemark(k.marks-1, &m); err != nil {
					return fmt.Errorf("placemark %d (%.40q): %w", k.marks-1, m.Name, err)
				}
				continue
			case parent == "Document" && t.Name.Local == "name" && !k.docName:
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return err
				}
				k.p.Name, k.docName = strings.TrimSpace(s), true
				continue
			case parent == "Document" && t.Name.Local == "ExtendedData":
				var ed struct {
					Data []kmlData `xml:"Data"`
				}
				if err := dec.DecodeElement(&ed, &t); err != nil {
					return err
				}
				k.planData(ed.Data)
				continue
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// planData reads the plan's own values written by WriteKMLPlan.
func (k *kmlReader) planData(data []kmlData) {
	m := kmlMarkIn{Data: data}
	number := func(key string) float64 {
		s, _ := m.data(kmlPrefix + key)
		f, err := parseNum([]byte(strconv.Quote(s)))
		if err != nil || !finite(f) {
			return 0
		}
		return f
	}
	k.p.VehicleType, _ = intOf(number("vehicle_type"), 0, 1<<31-1)
	k.p.Firmware, _ = intOf(number("firmware"), 0, 1<<31-1)
	k.p.CruiseSpeed, k.p.HoverSpeed = number("cruise_speed"), number("hover_speed")
	alt := func(key string) *mission.Altitude {
		ref, ok := m.data(kmlPrefix + key + "_ref")
		if !ok {
			return nil
		}
		return &mission.Altitude{M: number(key), Ref: mission.AltRef(ref)}
	}
	k.p.Fence.Floor, k.p.Fence.Ceiling = alt("fence_floor"), alt("fence_ceiling")
	if _, ok := m.data(kmlPrefix + "fence_radius"); ok {
		r := number("fence_radius")
		k.p.Fence.Radius = &r
	}
}

// placemark reads placemark i: Skerry's own by its role, others' later.
func (k *kmlReader) placemark(i int, m *kmlMarkIn) error {
	role, own := m.data(kmlRoleKey)
	if !own {
		return k.other(i, m)
	}
	switch role {
	case kmlRoleRoute:
		return nil // drawn from the items, which say more
	case kmlRoleItem:
		return k.item(i, m)
	case kmlRoleHome, kmlRoleFenceReturn, kmlRoleRally:
		pos, err := k.ownPoint(m)
		if err != nil {
			return err
		}
		switch role {
		case kmlRoleHome:
			k.p.Home = &pos
		case kmlRoleFenceReturn:
			k.p.Fence.Return = &pos
		default:
			k.p.Rally = append(k.p.Rally, mission.RallyPoint{Pos: pos})
		}
		return nil
	case kmlRoleFence, kmlRoleFenceCircle:
		return k.zone(i, m, role == kmlRoleFenceCircle)
	}
	k.l.Warnf(mission.SectionPlan, i, "", "placemark %d (%.40q): unknown role %.20q; skipped", i, m.Name, role)
	return nil
}

// item reads one of Skerry's mission item placemarks.
func (k *kmlReader) item(i int, m *kmlMarkIn) error {
	kind, _ := m.data(kmlKindKey)
	if _, ok := kindTypes[mission.Kind(kind)]; !ok {
		k.l.Warnf(mission.SectionMission, len(k.p.Mission), "kind", "placemark %d: unknown item kind %.20q; skipped", i, kind)
		return nil
	}
	props := map[string]json.RawMessage{}
	for _, d := range m.Data {
		if strings.HasPrefix(d.Name, kmlPrefix) {
			continue
		}
		v := strings.TrimSpace(d.Value)
		if strings.HasPrefix(v, "[") && json.Valid([]byte(v)) {
			props[d.Name] = json.RawMessage(v)
		} else {
			props[d.Name], _ = json.Marshal(v)
		}
	}
	var pos mission.Position
	if _, positional := mission.PositionOf(zeroItem(mission.Kind(kind))); positional {
		var err error
		if pos, err = k.ownPoint(m); err != nil {
			return err
		}
	}
	it, err := itemFromProps(mission.Kind(kind), props, pos)
	if err != nil {
		return err
	}
	n := len(k.p.Mission)
	if seq, _ := m.data(kmlSeqKey); seq != strconv.Itoa(n+1) {
		k.l.Warnf(mission.SectionMission, n, "seq", "placemark %d: seq %.20q, but it is mission item %d (seq %d): file order wins", i, seq, n, n+1)
	}
	if n >= mission.MaxItems {
		return fmt.Errorf("more than %d mission items", mission.MaxItems)
	}
	k.p.Mission, k.own = append(k.p.Mission, it), true
	return nil
}

// ownPoint reads the position of one of Skerry's placemarks: its Point,
// or no place ("here") and skerry.alt; the reference is skerry.alt_ref.
func (k *kmlReader) ownPoint(m *kmlMarkIn) (mission.Position, error) {
	refText, _ := m.data(kmlAltRefKey)
	ref := mission.AltRef(refText)
	pts := append(m.Points, m.MultiPts...)
	if len(pts) == 0 {
		s, _ := m.data(kmlAltKey)
		alt, err := parseNum([]byte(strconv.Quote(s)))
		if err != nil {
			return mission.Position{}, fmt.Errorf("no Point and no %s: %w", kmlAltKey, err)
		}
		return mission.Position{Alt: mission.Altitude{M: alt, Ref: ref}}, nil
	}
	tuples, err := kmlTuples(pts[0].Coordinates)
	if err != nil || len(tuples) != 1 {
		return mission.Position{}, fmt.Errorf("a Point needs one lon,lat[,alt] tuple")
	}
	t := tuples[0]
	pos := mission.Position{Point: orb.Point{t[0], t[1]}, Alt: mission.Altitude{Ref: ref}}
	if len(t) == 3 {
		pos.Alt.M = t[2]
	}
	return pos, nil
}

// zone reads one of Skerry's fence zones.
func (k *kmlReader) zone(i int, m *kmlMarkIn, circle bool) error {
	var z mission.Zone
	var props = map[string]json.RawMessage{}
	for _, key := range []string{"inclusion", "group"} {
		if v, ok := m.data(kmlPrefix + key); ok {
			props[key], _ = json.Marshal(v)
		}
	}
	if err := setZoneProps(&z, props); err != nil {
		return err
	}
	if circle {
		var c [3]float64
		for n, key := range []string{"center_lon", "center_lat", "radius"} {
			s, _ := m.data(kmlPrefix + key)
			f, err := parseNum([]byte(strconv.Quote(s)))
			if err != nil {
				return fmt.Errorf("circle %s: %w", key, err)
			}
			c[n] = f
		}
		z.Circle = &mission.Circle{Center: orb.Point{c[0], c[1]}, Radius: c[2]}
		k.p.Fence.Zones = append(k.p.Fence.Zones, z)
		return nil
	}
	polys := append(m.Polygons, m.MultiPolys...)
	if len(polys) != 1 {
		return fmt.Errorf("a fence zone needs one Polygon, not %d", len(polys))
	}
	ring, err := kmlRing(polys[0].Outer)
	if err != nil {
		return err
	}
	z.Polygon = ring
	k.p.Fence.Zones = append(k.p.Fence.Zones, z)
	return nil
}
