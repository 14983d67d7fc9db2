package airspace

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"skerry/mission"
)

// openAIPProps are the properties of an openAIP airspace: a feature of
// openAIP's GeoJSON export, an item of its core API (the same members at
// the top level), or a feature of openAIP's converters (upperCeiling and
// lowerCeiling, codes as text).
type openAIPProps struct {
	ID           text            `json:"_id"`
	Name         text            `json:"name"`
	Country      text            `json:"country"`
	Type         raw             `json:"type"`
	ICAOClass    raw             `json:"icaoClass"`
	Class        raw             `json:"class"`
	UpperLimit   *openAIPLimit   `json:"upperLimit"`
	LowerLimit   *openAIPLimit   `json:"lowerLimit"`
	UpperCeiling *openAIPLimit   `json:"upperCeiling"`
	LowerCeiling *openAIPLimit   `json:"lowerCeiling"`
	ByNOTAM      raw             `json:"byNotam"`
	ActivatedBy  raw             `json:"activatedByNotam"`
	OnRequest    raw             `json:"onRequest"`
	OnDemand     raw             `json:"onDemand"`
	Hours        json.RawMessage `json:"hoursOfOperation"`
	Remarks      text            `json:"remarks"`
}

// openAIPLimit is an openAIP vertical limit. unit: 0 metres, 1 feet, 6
// flight level (or "M", "FT", "FL"); referenceDatum: 0 ground, 1 mean sea
// level, 2 standard pressure (or "GND", "MSL", "STD").
type openAIPLimit struct {
	Value          raw `json:"value"`
	Unit           raw `json:"unit"`
	ReferenceDatum raw `json:"referenceDatum"`
}

// ReadOpenAIP reads openAIP airspaces: its GeoJSON export (a
// FeatureCollection), its core API answer ({"items": [...]}) or its
// converters' GeoJSON. Each openAIP airspace type is mapped to a
// restriction by openAIPTypes: prohibited, restricted and danger areas as
// ICAO defines them (see areaKind); aerodrome zones, radio and transponder
// zones, reserved areas and the like as CONDITIONAL with a condition that
// says what the type means, with a warning that UAS rules there are
// national; airspace that is not a UAS restriction (FIR, TMA, airways...)
// is reported and not used. Limits: value, unit and reference datum as
// openAIP codes them; flight levels are read as altitudes in the standard
// atmosphere (reported: the true altitude varies with pressure). A zone
// activated by NOTAM applies always (the NOTAM is not known here) with a
// condition that says so. The ID is the ICAO designator its name starts
// with (LED45), else openAIP's _id.
func ReadOpenAIP(r io.Reader) ([]Zone, mission.Issues, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, nil, err
	}
	items, _, err := zoneList(data)
	if err != nil {
		return nil, nil, fmt.Errorf("airspace: openAIP: %w", err)
	}
	var rep report
	var zones []Zone
	for i, b := range checkCount(&rep, items) {
		var f featureSpec
		var p openAIPProps
		if !decodeZone(&rep, i, b, &f) {
			continue
		}
		props := f.Properties
		if len(props) == 0 || string(props) == "null" {
			props = b // a core API item: the members are at the top level
		}
		if !decodeProps(&rep, i, props, &p) {
			continue
		}
		if z, ok := p.zone(&rep, i, f.Geometry); ok {
			zones = append(zones, z)
		}
	}
	return rep.finish("openAIP", zones)
}

// zone converts one openAIP airspace.
func (p openAIPProps) zone(rep *report, i int, g *geometrySpec) (Zone, bool) {
	name := plainText(string(p.Name))
	typ := string(p.Type)
	if typ == "" { // openAIP's OpenAir parser gives the OpenAir class instead
		typ = openAirClasses[enum(string(p.Class))]
	}
	t, ok := openAIPTypeOf(typ)
	if !ok {
		rep.errorf(i, "type", "airspace %q: openAIP type %q (class %q) unknown: not used", name, p.Type, p.Class)
		return Zone{}, false
	}
	if t.restriction == "" {
		rep.infof(i, "type", "openAIP %s airspace is not a UAS geographical zone: not used", t.name)
		return Zone{}, false
	}
	if !t.certain {
		rep.warnf(i, "type", "openAIP %s airspace read as %s: UAS rules there are national, check them", t.name, t.restriction)
	}
	c := commonSpec{Identifier: p.ID, Name: text(name), Country: p.Country, Restriction: text(t.restriction),
		Message: p.Remarks, RestrictionConditions: t.conditions}
	if m := designator.FindString(name); m != "" {
		c.Identifier = text(strings.NewReplacer(" ", "", "-", "").Replace(m))
	}
	if yes(p.ByNOTAM) || yes(p.ActivatedBy) || yes(p.OnRequest) || yes(p.OnDemand) {
		c.RestrictionConditions = append(c.RestrictionConditions, "Active by NOTAM or on request: taken as always active; check its activation")
	}
	if h := strings.TrimSpace(string(p.Hours)); h != "" && h != "null" && h != "[]" && h != "{}" {
		rep.infof(i, "hoursOfOperation", "openAIP hours of operation not read: the zone is taken as always active")
	}
	z, ok := c.zone(rep, i, c.Restriction, "openAIP")
	if !ok {
		return z, false
	}
	if g == nil {
		rep.errorf(i, "geometry", "zone %s has no geometry: dropped", z.ID)
		return z, false
	}
	lower := firstLimit(p.LowerLimit, p.LowerCeiling).spec(rep, i, "lowerLimit", false)
	upper := firstLimit(p.UpperLimit, p.UpperCeiling).spec(rep, i, "upperLimit", true)
	for j, sh := range g.shapes(rep, i, "geometry", 0) {
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

// firstLimit returns the first non-nil limit.
func firstLimit(ls ...*openAIPLimit) *openAIPLimit {
	for _, l := range ls {
		if l != nil {
			return l
		}
	}
	return nil
}

// spec converts an openAIP limit to a limitSpec; nil is no limit given.
func (l *openAIPLimit) spec(rep *report, i int, field string, upper bool) limitSpec {
	if l == nil {
		return limitSpec{upper: upper}
	}
	unit := map[string]string{"0": "m", "1": "ft", "6": "FL"}[string(l.Unit)]
	if unit == "" {
		unit = string(l.Unit)
	}
	ref := map[string]string{"0": "GND", "1": "MSL", "2": "STD"}[string(l.ReferenceDatum)]
	if ref == "" {
		ref = string(l.ReferenceDatum)
	}
	value := string(l.Value)
	if enum(ref) == "GND" && value != "" {
		if f, ok := number(value); ok && f == 0 {
			return limitSpec{value: "SFC", upper: upper}
		}
	}
	if enum(unit) == "FL" || enum(ref) == "STD" {
		if f, ok := number(value); ok && enum(unit) == "FL" {
			value = num(f * 100)
		}
		rep.infof(i, field, "flight levels and standard-pressure altitudes read as altitudes AMSL in the standard atmosphere (the true altitude varies with pressure)")
		unit, ref = "ft", "AMSL"
	}
	return limitSpec{value: raw(value), uom: unit, ref: ref, upper: upper}
}

// yes reports whether a flag is true ("true", "YES", 1).
func yes(r raw) bool {
	switch enum(string(r)) {
	case "TRUE", "YES", "1":
		return true
	}
	return false
}
