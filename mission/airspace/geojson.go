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
}

// ReadGeoJSON reads plain GeoJSON areas drawn by hand or exported from a
// GIS: a FeatureCollection, a single Feature, a bare Polygon/MultiPolygon
// or an array of features. Properties (all optional): id or identifier,
// name, country, restriction, conditions, message, lower and upper (a
// number, or text such as "400 ft AGL", "SFC", "UNL"), lowerRef/upperRef
// (or lowerReference/upperReference) and uom.
//
// Defaults, each reported: no restriction → PROHIBITED (warning: a plain
// area is most often drawn to keep out of it, and the safe reading of an
// unknown zone is "stay out"); no lower limit → the surface; no upper
// limit → unlimited; no unit → metres; no reference → AGL. Non-area
// geometries are reported and skipped.
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
	if c.Restriction == "" {
		c.Restriction = text(Prohibited)
		rep.warnf(i, "restriction", "no restriction given: taken as PROHIBITED")
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
