package airspace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"skerry/mission"
)

// geojsonProps are the properties ReadGeoJSON understands.
type geojsonProps struct {
	ID             text  `json:"id"`
	Identifier     text  `json:"identifier"`
	Name           text  `json:"name"`
	Country        text  `json:"country"`
	Restriction    text  `json:"restriction"`
	Conditions     texts `json:"conditions"`
	Message        text  `json:"message"`
	Lower          raw   `json:"lower"`
	Upper          raw   `json:"upper"`
	LowerRef       text  `json:"lowerRef"`
	UpperRef       text  `json:"upperRef"`
	LowerReference text  `json:"lowerReference"`
	UpperReference text  `json:"upperReference"`
	UOM            text  `json:"uom"`
	// Type, Class and Category classify areas in GIS exports ("DANGER",
	// "R", "Restricted area"); see classify.
	Type     text `json:"type"`
	Class    text `json:"class"`
	Category text `json:"category"`
}

// ReadGeoJSON reads plain GeoJSON areas drawn by hand or exported from a
// GIS: a FeatureCollection, a single Feature, a bare Polygon/MultiPolygon
// or an array of features. Properties (all optional): id or identifier,
// name, country, restriction, conditions, message, lower and upper (a
// number, or text such as "400 ft AGL", "SFC", "UNL"), lowerRef/upperRef
// (or lowerReference/upperReference) and uom.
//
// Without a restriction, a type, class or category property (or else the
// name) that names a kind of area (danger, restricted, prohibited, or an
// ICAO designator; see kindOf) sets it. A feature classified in a way
// that maps to no restriction ("CTR", "TMA"...) is reported and not used:
// it is never turned into another rule. Only a feature that says nothing
// of what it is, a hand-drawn area, is PROHIBITED (warning: such an area
// is most often drawn to keep out of it). Other defaults, each reported:
// no lower limit → the surface; no upper limit → unlimited; no unit →
// metres; no reference → AGL. A geometry with an ED-318 layer has its own
// limits. Non-area geometries are reported and skipped.
func ReadGeoJSON(r io.Reader) ([]Zone, mission.Issues, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, nil, err
	}
	items, err := geojsonFeatures(data)
	if err != nil {
		return nil, nil, fmt.Errorf("airspace: GeoJSON: %w", err)
	}
	var rep report
	var zones []Zone
	for i, b := range checkCount(&rep, items) {
		var f featureSpec
		var p geojsonProps
		if !decodeZone(&rep, i, b, &f) || !decodeProps(&rep, i, f.Properties, &p) {
			continue
		}
		if z, ok := p.zone(&rep, i, f.ID, f.Geometry, "GeoJSON"); ok {
			zones = append(zones, z)
		}
	}
	return rep.finish("GeoJSON", zones)
}

// geojsonFeatures returns the features of a document, wrapping a bare
// geometry as a feature.
func geojsonFeatures(data []byte) ([]json.RawMessage, error) {
	var head struct {
		Type text `json:"type"`
	}
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' && json.Unmarshal(t, &head) == nil {
		switch enum(string(head.Type)) {
		case "POLYGON", "MULTIPOLYGON", "GEOMETRYCOLLECTION":
			return []json.RawMessage{append(append([]byte(`{"type":"Feature","geometry":`), t...), '}')}, nil
		}
	}
	items, _, err := zoneList(data)
	return items, err
}

// zone converts one plain GeoJSON feature.
func (p geojsonProps) zone(rep *report, i int, fid raw, g *geometrySpec, source string) (Zone, bool) {
	c := commonSpec{Identifier: p.Identifier, Name: p.Name, Country: p.Country,
		Restriction: p.Restriction, RestrictionConditions: p.Conditions, Message: p.Message}
	if c.Identifier == "" {
		c.Identifier = p.ID
	}
	if c.Identifier == "" && fid != "?" {
		c.Identifier = text(fid)
	}
	if c.Restriction == "" && !p.classify(rep, i, &c) {
		return Zone{}, false
	}
	z, ok := c.zone(rep, i, c.Restriction, source)
	if !ok {
		return z, false
	}
	if g == nil {
		rep.errorf(i, "geometry", "zone %s has no geometry: dropped", z.ID)
		return z, false
	}
	lower := limitSpec{value: p.Lower, uom: string(p.UOM), ref: string(first(p.LowerRef, p.LowerReference))}
	upper := limitSpec{value: p.Upper, uom: string(p.UOM), ref: string(first(p.UpperRef, p.UpperReference)), upper: true}
	for j, sh := range g.shapes(rep, i, "geometry", 0) {
		lo, hi := lower, upper
		if l := sh.layer; l != nil { // a layer of its own (ED-318 style, or heights of a 3D KML)
			lo = limitSpec{value: l.Lower, uom: string(l.UOM), ref: string(l.LowerReference)}
			hi = limitSpec{value: l.Upper, uom: string(l.UOM), ref: string(l.UpperReference), upper: true}
		}
		if v, ok := volume(rep, i, "geometry["+itoa(j)+"]", sh, lo, hi); ok {
			z.Volumes = append(z.Volumes, v)
		}
	}
	if len(z.Volumes) == 0 {
		rep.errorf(i, "geometry", "zone %s has no usable volume: dropped", z.ID)
		return z, false
	}
	return z, true
}

// first returns the first non-empty text.
func first(ts ...text) text {
	for _, t := range ts {
		if t != "" {
			return t
		}
	}
	return ""
}

// classify sets the restriction of a feature that gives none, from what
// its classification properties or its name say; false (reported) when
// it is classified in a way no restriction matches.
func (p geojsonProps) classify(rep *report, i int, c *commonSpec) bool {
	for _, s := range []struct {
		what string
		v    text
	}{{"type", p.Type}, {"class", p.Class}, {"category", p.Category}, {"name", p.Name}} {
		if s.v == "" {
			continue
		}
		if r, ok := restrictionOf(string(s.v)); ok && s.what != "name" {
			c.Restriction = text(r)
			return true
		}
		k, _ := kindOf(string(s.v))
		if k == kindNone && len(s.v) == 1 { // a one-letter class: P, R or D
			k = map[string]areaKind{"P": kindProhibited, "R": kindRestricted, "D": kindDanger}[enum(string(s.v))]
		}
		if k != kindNone {
			r, conds := k.zoneRule()
			rep.infof(i, "restriction", "%s (from its %s) read as %s", k, s.what, r)
			c.Restriction, c.RestrictionConditions = text(r), append(c.RestrictionConditions, conds...)
			return true
		}
		if s.what != "name" || isAirspaceName(string(s.v)) {
			rep.errorf(i, "restriction", "zone %q: restriction unknown (its %s %q maps to no UAS restriction): not used", first(p.Name, p.ID, p.Identifier), s.what, s.v)
			return false
		}
	}
	c.Restriction = text(Prohibited)
	rep.warnf(i, "restriction", "no restriction given: taken as PROHIBITED")
	return true
}
