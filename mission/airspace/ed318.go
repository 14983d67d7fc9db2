package airspace

import (
	"encoding/json"
	"fmt"
	"io"

	"skerry/mission"
)

// featureSpec is a GeoJSON Feature.
type featureSpec struct {
	ID         raw             `json:"id"`
	Geometry   *geometrySpec   `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

// ed318Props are ED-318 feature properties. Some publishers put the
// vertical layer in the properties rather than in geometry.layer.
type ed318Props struct {
	commonSpec
	Type    text `json:"type"`
	Variant text `json:"variant"`
	layerSpec
}

// ReadED318 reads EUROCAE ED-318 zones: a GeoJSON FeatureCollection whose
// features carry the zone in properties (type = restriction, multilingual
// texts [{text, lang}] read in English or else the first language) and the
// vertical limits in geometry.layer {upper, upperReference, lower,
// lowerReference, uom} (or in the properties). Geometries: Polygon,
// MultiPolygon, GeometryCollection (each with its own layer) and circles
// (type Circle with center/radius, or Point with radius or extent.radius).
// Limits relative to WGS84 are kept as WGS84 (see package geoid). Leniency
// and reporting are as ReadED269's; besides, a national variant's property
// names (zoneId, zoneType, lowerLimit, uomDimensions..., see ed318Aliases)
// are read as ED-318's, and every departure from the standard's JSON
// schema is reported as a warning (see checkED318Schema).
func ReadED318(r io.Reader) ([]Zone, mission.Issues, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, nil, err
	}
	items, _, err := zoneList(data)
	if err != nil {
		return nil, nil, fmt.Errorf("airspace: ED-318: %w", err)
	}
	var rep report
	checkED318Schema(&rep, data)
	var zones []Zone
	for i, b := range checkCount(&rep, items) {
		var f featureSpec
		var p ed318Props
		if !decodeZone(&rep, i, b, &f) || !decodeProps(&rep, i, canonicalProps(f.Properties), &p) {
			continue
		}
		if p.Identifier == "" && f.ID != "" && f.ID != "?" {
			p.Identifier = text(f.ID)
		}
		if z, ok := p.zone(&rep, i, f.Geometry); ok {
			zones = append(zones, z)
		}
	}
	return rep.finish("ED-318", zones)
}

// decodeProps unmarshals feature properties; null or absent is empty.
func decodeProps(rep *report, i int, b json.RawMessage, dst any) bool {
	if len(b) == 0 || string(b) == "null" {
		return true
	}
	if err := json.Unmarshal(b, dst); err != nil {
		rep.errorf(i, "properties", "zone dropped: %v", err)
		return false
	}
	return true
}

// zone converts one ED-318 feature.
func (p ed318Props) zone(rep *report, i int, g *geometrySpec) (Zone, bool) {
	restriction := p.Type
	if _, ok := restrictionOf(string(restriction)); !ok && p.Restriction != "" {
		restriction = p.Restriction
	}
	z, ok := p.commonSpec.zone(rep, i, restriction, "ED-318")
	if !ok {
		return z, false
	}
	if g == nil {
		rep.errorf(i, "geometry", "zone %s has no geometry: dropped", z.ID)
		return z, false
	}
	for j, sh := range g.shapes(rep, i, "geometry", 0) {
		l := sh.layer
		if l == nil {
			l = &p.layerSpec
		}
		lower := limitSpec{value: l.Lower, uom: string(l.UOM), ref: string(l.LowerReference)}
		upper := limitSpec{value: l.Upper, uom: string(l.UOM), ref: string(l.UpperReference), upper: true}
		if v, ok := volume(rep, i, "geometry["+itoa(j)+"]", sh, lower, upper); ok {
			z.Volumes = append(z.Volumes, v)
		}
	}
	if len(z.Volumes) == 0 {
		rep.errorf(i, "geometry", "zone %s has no usable volume: dropped", z.ID)
		return z, false
	}
	return z, true
}
