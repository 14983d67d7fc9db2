package airspace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"
)

// checkED318Schema reports (as warnings, "ED-318 schema: ...") where a
// document breaks the ED-318 JSON schema, while the reader still reads
// what it can. The rules are those of the public schema of the standard
// (github.com/UASGeoZones/ED-318, schema/: Schema_GeoZones.json,
// Schema_GeoZoneProperties.json, Schema_GeoZoneDataTypes.json,
// Schema_GeoZoneTimePeriod.json, Schema_GeoZoneCollectionMetadata.json,
// Schema_GeoJSONGeometries.json) and, for the vertical layer and circle
// extent, EUROCONTROL's LayeredGeoJSON specification (ED-318 4.2.3.1-3):
// a FeatureCollection (or one Feature); each feature with type, properties
// and geometry; properties with only the schema's members, of which
// identifier (≤ 7 characters), country (3 letters), type, variant and
// zoneAuthority (≥ 1) are required; codes from the schema's enumerations;
// multilingual texts as [{text ≤ 200, lang ≤ 5}]; dates and times in RFC
// 3339; a layer {upper, upperReference, lower, lowerReference, uom m|ft}
// on every geometry with numbers as numbers.
func checkED318Schema(rep *report, data []byte) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return // the reader reports what it cannot parse
	}
	s := schema{rep: rep, item: -1}
	root, ok := doc.(map[string]any)
	if !ok {
		s.violation("", "the document should be a GeoJSON FeatureCollection, not %s", kindName(doc))
		return
	}
	if root["type"] == "Feature" {
		s.item = 0
		s.feature(root)
		return
	}
	s.enum("type", root["type"], "FeatureCollection")
	features, ok := root["features"].([]any)
	if !ok {
		s.violation("features", "a FeatureCollection needs a features array")
	}
	if m, ok := root["metadata"]; ok {
		s.metadata(m)
	}
	for i, f := range features {
		if i >= MaxZones {
			break
		}
		fs := schema{rep: rep, item: i}
		if fm, ok := f.(map[string]any); ok {
			fs.feature(fm)
		} else {
			fs.violation("", "a feature should be an object, not %s", kindName(f))
		}
	}
}

// schema reports violations for one item of the file.
type schema struct {
	rep  *report
	item int
}

func (s schema) violation(field, format string, args ...any) {
	s.rep.warnf(s.item, field, "ED-318 schema: %s", fmt.Sprintf(format, args...))
}

// ed318Members are the members a zone's properties may have.
var ed318Members = []string{"identifier", "country", "name", "type", "variant", "restrictionConditions", "region",
	"reason", "otherReasonInfo", "regulationExemption", "message", "zoneAuthority", "limitedApplicability", "extendedProperties"}

// ED-318's enumerations (Schema_GeoZoneDataTypes.json).
var (
	ed318Types    = []string{"USPACE", "PROHIBITED", "REQ_AUTHORIZATION", "CONDITIONAL", "NO_RESTRICTION"}
	ed318Variants = []string{"COMMON", "CUSTOMIZED"}
	ed318Reasons  = []string{"AIR_TRAFFIC", "SENSITIVE", "PRIVACY", "POPULATION", "NATURE", "NOISE", "FOREIGN_TERRITORY", "EMERGENCY", "OTHER"}
	ed318Days     = []string{"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN", "ANY"}
	ed318Events   = []string{"BMCT", "SR", "SS", "EECT"}
	ed318Purposes = []string{"AUTHORIZATION", "NOTIFICATION", "INFORMATION"}
	ed318Refs     = []string{"AGL", "AMSL", "WGS84"}
)

// feature checks one Feature.
func (s schema) feature(f map[string]any) {
	s.enum("type", f["type"], "Feature")
	props, hasProps := f["properties"]
	if !hasProps {
		s.violation("properties", "a feature needs properties")
	} else if p, ok := props.(map[string]any); ok {
		s.properties(p)
	} else if props != nil {
		s.violation("properties", "properties should be an object, not %s", kindName(props))
	}
	g, hasGeometry := f["geometry"]
	if !hasGeometry {
		s.violation("geometry", "a feature needs a geometry")
	} else if gm, ok := g.(map[string]any); ok {
		s.geometry("geometry", gm, 0)
	}
}

// properties checks a zone's properties (Schema_GeoZoneProperties.json).
func (s schema) properties(p map[string]any) {
	given := map[string]bool{} // ED-318 members present, under their name or an alias
	for _, k := range sortedKeys(p) {
		if slices.Contains(ed318Members, k) {
			given[k] = true
			continue
		}
		if to, ok := ed318Aliases[aliasKey(k)]; ok {
			given[to] = true
			s.violation("properties", "%q is not an ED-318 zone property: read as %q", k, to)
			continue
		}
		s.violation("properties", "%q is not an ED-318 zone property", k)
	}
	for _, k := range []string{"identifier", "country", "type", "variant", "zoneAuthority"} {
		if !given[k] {
			s.violation("properties", "required property %q is missing", k)
		}
	}
	if v, ok := p["identifier"]; ok {
		s.stringMax("identifier", v, 7)
	}
	if v, ok := p["country"]; ok {
		if str, isStr := v.(string); !isStr || utf8.RuneCountInString(str) != 3 {
			s.violation("country", "country is a 3-letter code")
		}
	}
	s.optEnum("", p, "type", ed318Types...)
	s.optEnum("", p, "variant", ed318Variants...)
	s.optEnum("", p, "regulationExemption", "YES", "NO")
	for _, k := range []string{"name", "otherReasonInfo", "message"} {
		if v, ok := p[k]; ok {
			s.texts(k, v)
		}
	}
	if v, ok := p["restrictionConditions"]; ok {
		if _, isStr := v.(string); !isStr {
			s.violation("restrictionConditions", "restrictionConditions should be a string, not %s", kindName(v))
		}
	}
	if v, ok := p["region"]; ok {
		if n, isNum := v.(json.Number); !isNum || !isInteger(n) {
			s.violation("region", "region is an integer")
		}
	}
	if v, ok := p["reason"]; ok {
		s.enumList("reason", v, 9, ed318Reasons...)
	}
	if v, ok := p["zoneAuthority"]; ok {
		s.authorities(v)
	}
	if v, ok := p["limitedApplicability"]; ok {
		s.periods(v)
	}
	if v, ok := p["extendedProperties"]; ok {
		if _, isObj := v.(map[string]any); !isObj {
			s.violation("extendedProperties", "extendedProperties is an object")
		}
	}
}

// authorities checks zoneAuthority: at least one object, purposes from
// the enumeration.
func (s schema) authorities(v any) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		s.violation("zoneAuthority", "zoneAuthority is an array of at least one authority")
		return
	}
	for _, a := range list {
		am, ok := a.(map[string]any)
		if !ok {
			s.violation("zoneAuthority", "an authority is an object")
			continue
		}
		s.optEnum("zoneAuthority.", am, "purpose", ed318Purposes...)
		if n, ok := am["name"]; ok {
			s.texts("zoneAuthority.name", n)
		}
	}
}

// periods checks limitedApplicability (Schema_GeoZoneTimePeriod.json).
func (s schema) periods(v any) {
	list, ok := v.([]any)
	if !ok {
		s.violation("limitedApplicability", "limitedApplicability is an array")
		return
	}
	for _, e := range list {
		pm, ok := e.(map[string]any)
		if !ok {
			s.violation("limitedApplicability", "a time period is an object")
			continue
		}
		s.only("limitedApplicability", pm, "startDateTime", "endDateTime", "schedule")
		for _, k := range []string{"startDateTime", "endDateTime"} {
			if t, ok := pm[k]; ok {
				s.dateTime("limitedApplicability."+k, t)
			}
		}
		sched, ok := pm["schedule"].([]any)
		if !ok {
			s.violation("limitedApplicability.schedule", "a time period needs a schedule array")
		}
		for _, d := range sched {
			s.daily(d)
		}
	}
}

// daily checks one dailyPeriod.
func (s schema) daily(v any) {
	d, ok := v.(map[string]any)
	if !ok {
		s.violation("schedule", "a daily period is an object")
		return
	}
	s.only("schedule", d, "day", "startTime", "startEvent", "endTime", "endEvent")
	if day, ok := d["day"]; ok {
		s.enumList("schedule.day", day, 7, ed318Days...)
	} else {
		s.violation("schedule", "a daily period needs its days")
	}
	for _, k := range []string{"startTime", "endTime"} {
		if t, ok := d[k]; ok {
			s.timeOfDay("schedule."+k, t)
		}
	}
	s.optEnum("schedule.", d, "startEvent", ed318Events...)
	s.optEnum("schedule.", d, "endEvent", ed318Events...)
}

// metadata checks the collection's metadata
// (Schema_GeoZoneCollectionMetadata.json).
func (s schema) metadata(v any) {
	m, ok := v.(map[string]any)
	if !ok {
		s.violation("metadata", "metadata should be an object, not %s", kindName(v))
		return
	}
	for _, k := range []string{"validFrom", "validTo", "issued"} {
		if t, ok := m[k]; ok {
			s.dateTime("metadata."+k, t)
		}
	}
	for _, k := range []string{"provider", "description", "technicalLimitations"} {
		if t, ok := m[k]; ok {
			s.texts("metadata."+k, t)
		}
	}
}
