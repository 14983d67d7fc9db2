package airspace

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// geometry checks a geometry with its layer and extent.
func (s schema) geometry(field string, g map[string]any, depth int) {
	t, _ := g["type"].(string)
	switch t {
	case "GeometryCollection":
		members, ok := g["geometries"].([]any)
		if !ok {
			s.violation(field, "a GeometryCollection needs a geometries array")
		}
		for _, m := range members {
			if mm, ok := m.(map[string]any); ok && depth < 2 {
				s.geometry(field+".geometries", mm, depth+1)
			}
		}
		return
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon":
	default:
		s.violation(field+".type", "geometry type %q is not a GeoJSON geometry", fmt.Sprint(g["type"]))
		return
	}
	if !coordinatesOK(t, g["coordinates"]) {
		s.violation(field+".coordinates", "%s coordinates are not arrays of numbers as GeoJSON sets them (rings of at least 4 positions)", t)
	}
	layer, ok := g["layer"].(map[string]any)
	if !ok {
		s.violation(field+".layer", "every geometry needs a layer with its vertical limits")
	} else {
		s.layer(field+".layer", layer)
	}
	if e, ok := g["extent"]; ok {
		em, isObj := e.(map[string]any)
		if !isObj || t != "Point" {
			s.violation(field+".extent", "an extent is an object on a Point")
			return
		}
		s.enum(field+".extent.subType", em["subType"], "Circle")
		s.number(field+".extent.radius", em["radius"])
	}
}

// layer checks a vertical layer.
func (s schema) layer(field string, l map[string]any) {
	s.only(field, l, "upper", "upperReference", "lower", "lowerReference", "uom")
	s.number(field+".upper", l["upper"])
	s.number(field+".lower", l["lower"])
	s.enum(field+".upperReference", l["upperReference"], ed318Refs...)
	s.enum(field+".lowerReference", l["lowerReference"], ed318Refs...)
	s.optEnum(field+".", l, "uom", "m", "ft")
}

// coordinatesOK checks the nesting of GeoJSON coordinates.
func coordinatesOK(t string, c any) bool {
	depth := map[string]int{"Point": 0, "MultiPoint": 1, "LineString": 1, "Polygon": 2, "MultiLineString": 2, "MultiPolygon": 3}[t]
	var ok func(v any, d int, ring bool) bool
	ok = func(v any, d int, ring bool) bool {
		list, isList := v.([]any)
		if !isList {
			return false
		}
		if d == 0 { // a position
			if len(list) < 2 {
				return false
			}
			for _, n := range list {
				if _, isNum := n.(json.Number); !isNum {
					return false
				}
			}
			return true
		}
		if ring && d == 1 && len(list) < 4 {
			return false
		}
		for _, e := range list {
			if !ok(e, d-1, ring) {
				return false
			}
		}
		return true
	}
	return ok(c, depth, t == "Polygon" || t == "MultiPolygon")
}

// enum checks that v is one of the allowed strings.
func (s schema) enum(field string, v any, allowed ...string) {
	str, ok := v.(string)
	switch {
	case v == nil:
		s.violation(field, "%s is missing", leaf(field))
	case !ok || !slices.Contains(allowed, str):
		s.violation(field, "%s %s is not one of %v", leaf(field), jsonText(v), allowed)
	}
}

// optEnum is enum for a member k of m that may be absent; prefix is the
// field path of m ("geometry.layer.").
func (s schema) optEnum(prefix string, m map[string]any, k string, allowed ...string) {
	if v, ok := m[k]; ok {
		s.enum(prefix+k, v, allowed...)
	}
}

// enumList checks an array of at most max codes.
func (s schema) enumList(field string, v any, max int, allowed ...string) {
	list, ok := v.([]any)
	if !ok {
		s.violation(field, "%s should be an array of codes, not %s", leaf(field), kindName(v))
		return
	}
	if len(list) > max {
		s.violation(field, "%s has more than %d codes", leaf(field), max)
	}
	for _, e := range list {
		s.enum(field, e, allowed...)
	}
}

// texts checks a multilingual text: [{text ≤ 200, lang ≤ 5}].
func (s schema) texts(field string, v any) {
	list, ok := v.([]any)
	if !ok {
		s.violation(field, "%s should be a list of {text, lang}, not %s", leaf(field), kindName(v))
		return
	}
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			s.violation(field, "%s should be a list of {text, lang} objects", leaf(field))
			continue
		}
		s.only(field, m, "text", "lang")
		if t, ok := m["text"]; ok {
			s.stringMax(field+".text", t, 200)
		}
		if l, ok := m["lang"]; ok {
			s.stringMax(field+".lang", l, 5)
		}
	}
}

// only reports members of m not in allowed.
func (s schema) only(field string, m map[string]any, allowed ...string) {
	for _, k := range sortedKeys(m) {
		if !slices.Contains(allowed, k) {
			s.violation(field, "%q is not a member of %s", k, leaf(field))
		}
	}
}

// stringMax checks a string of at most max characters.
func (s schema) stringMax(field string, v any, max int) {
	str, ok := v.(string)
	if !ok {
		s.violation(field, "%s should be a string, not %s", leaf(field), kindName(v))
	} else if utf8.RuneCountInString(str) > max {
		s.violation(field, "%s is longer than %d characters", leaf(field), max)
	}
}

// number checks a JSON number (not a number in a string).
func (s schema) number(field string, v any) {
	if _, ok := v.(json.Number); !ok {
		s.violation(field, "%s should be a number, not %s", leaf(field), kindName(v))
	}
}

// dateTime checks an RFC 3339 date-time.
func (s schema) dateTime(field string, v any) {
	str, ok := v.(string)
	if _, err := time.Parse(time.RFC3339, str); !ok || err != nil {
		s.violation(field, "%s %s is not an RFC 3339 date-time", leaf(field), jsonText(v))
	}
}

// fullTime is RFC 3339's full-time: a time of day with its offset.
var fullTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`)

// timeOfDay checks an RFC 3339 full-time ("08:00:00Z", "08:00:00+01:00").
func (s schema) timeOfDay(field string, v any) {
	if str, ok := v.(string); !ok || !fullTime.MatchString(str) {
		s.violation(field, "%s %s is not an RFC 3339 time with its offset", leaf(field), jsonText(v))
	}
}

// isInteger reports whether a JSON number is an integer.
func isInteger(n json.Number) bool {
	_, err := n.Int64()
	return err == nil
}

// kindName names a JSON value's kind for messages ("an array").
func kindName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	return "an object"
}

// jsonText shows a value in a message, shortened.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

// sortedKeys returns m's keys in order, for stable reports.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// leaf is the last name of a field path: "upper" for "geometry.layer.upper".
func leaf(field string) string {
	return field[strings.LastIndex(field, ".")+1:]
}
