package airspace

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// raw is a JSON scalar kept as text: a number, a string's content, or ""
// for null or absent. Objects and arrays read as "?".
type raw string

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (r *raw) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*r = ""
	case b[0] == '"':
		var s string
		_ = json.Unmarshal(b, &s)
		*r = raw(strings.TrimSpace(s))
	case b[0] == '{' || b[0] == '[':
		*r = "?"
	default:
		*r = raw(b)
	}
	return nil
}

// number parses a plain finite number.
func number(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// unitScale maps a unit of measure to metres; ok is false when unknown.
func unitScale(uom string) (scale float64, ok bool) {
	switch strings.ToLower(strings.TrimSpace(uom)) {
	case "m", "meter", "meters", "metre", "metres":
		return 1, true
	case "ft", "feet", "foot":
		return FeetToMetres, true
	}
	return 0, false
}

// refOf maps a vertical reference spelling; ok is false when unknown.
func refOf(s string) (VerticalRef, bool) {
	switch enum(s) {
	case "AGL", "SFC", "GND", "AGND":
		return AGL, true
	case "AMSL", "MSL", "ALT":
		return AMSL, true
	case "WGS84", "WGS_84", "ELLIPSOID", "HAE":
		return WGS84, true
	}
	return "", false
}

// limitSpec is a vertical limit as a file gives it.
type limitSpec struct {
	value raw    // "120", "400 ft AGL", "UNL", "SFC", ""
	uom   string // "" when the file gives none
	ref   string // "" when the file gives none
	upper bool
}

// limit converts a limit spec, reporting to rep as item/field. ok is false
// when the limit cannot be used (the volume must then be dropped).
func (s limitSpec) limit(rep *report, item int, field string) (Limit, bool) {
	text := strings.TrimSpace(strings.Join(strings.Fields(string(s.value)+" "+s.uom+" "+s.ref), " "))
	v, uom, ref := string(s.value), s.uom, s.ref
	// Values like "400 FT AGL" or "120m" carry their own unit and reference.
	if _, isNum := number(v); !isNum && v != "" {
		v, uom, ref = splitLimit(v, uom, ref)
	}
	switch enum(v) {
	case "", "UNL", "UNLIMITED", "NONE":
		if s.upper {
			if v == "" {
				rep.infof(item, field, "no upper limit given: unlimited")
			}
			return Limit{Unlimited: true, Text: text}, true
		}
		if v == "" {
			rep.infof(item, field, "no lower limit given: the surface")
			return Limit{Ref: AGL, Text: text}, true
		}
	case "SFC", "GND":
		return Limit{Ref: AGL, Text: text}, true
	}
	f, ok := number(v)
	if !ok {
		rep.errorf(item, field, "limit %q is not a number", text)
		return Limit{}, false
	}
	scale := 1.0
	if uom == "" {
		rep.warnf(item, field, "no unit of measure: assuming metres")
	} else if scale, ok = unitScale(uom); !ok {
		rep.errorf(item, field, "unknown unit of measure %q", uom)
		return Limit{}, false
	} else if scale != 1 {
		rep.infof(item, field, "%s converted to %.1f m", text, f*scale)
	}
	r := AGL
	if ref == "" {
		rep.warnf(item, field, "no vertical reference: assuming AGL")
	} else if r, ok = refOf(ref); !ok {
		rep.errorf(item, field, "unknown vertical reference %q", ref)
		return Limit{}, false
	}
	return Limit{M: f * scale, Ref: r, Text: text}, true
}

// splitLimit separates "400 FT AGL", "120m" or "FL95" into value, unit and
// reference; parts the value does not carry keep the given uom and ref.
func splitLimit(v, uom, ref string) (string, string, string) {
	fields := strings.Fields(v)
	if len(fields) == 0 {
		return v, uom, ref
	}
	num := fields[0]
	rest := fields[1:]
	// "120m", "400ft": the unit glued to the number.
	if i := strings.IndexFunc(num, func(r rune) bool { return (r < '0' || r > '9') && r != '.' && r != '-' && r != '+' }); i > 0 {
		rest = append([]string{num[i:]}, rest...)
		num = num[:i]
	}
	for _, f := range rest {
		if _, ok := unitScale(f); ok {
			uom = f
		} else if _, ok := refOf(f); ok {
			ref = f
		} else {
			return v, uom, ref // unknown word: leave the value as it was
		}
	}
	return num, uom, ref
}
