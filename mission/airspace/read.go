package airspace

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"skerry/mission"
)

// Format names a zone file format.
type Format string

// Formats Read recognises.
const (
	FormatED269   Format = "ED-269"
	FormatED318   Format = "ED-318"
	FormatGeoJSON Format = "GeoJSON"
	FormatKML     Format = "KML"
	FormatKMZ     Format = "KMZ"
	FormatOpenAIP Format = "openAIP"
)

// Sniff guesses the format of data: a zip archive is KMZ; XML is KML;
// JSON zones with openAIP's members (icaoClass, or limits as objects with
// a referenceDatum) are openAIP; JSON zones with GeoJSON-like properties
// are ED-318 when they look like it (an identifier, a zone type that is a
// restriction code, or a vertical layer in the geometry, under ED-318's
// names or a national variant's) and plain GeoJSON otherwise; other JSON
// is ED-269.
func Sniff(data []byte) Format {
	if bytes.HasPrefix(data, kmzMagic) {
		return FormatKMZ
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(data) > 0 && data[0] == '<' {
		return FormatKML
	}
	items, _, err := zoneList(data)
	if err != nil || len(items) == 0 {
		return FormatGeoJSON // a bare geometry, or let the GeoJSON reader report
	}
	var f struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Geometry   json.RawMessage            `json:"geometry"`
	}
	var top map[string]json.RawMessage
	_ = json.Unmarshal(items[0], &top)
	if json.Unmarshal(items[0], &f) != nil {
		return FormatED269
	}
	switch {
	case isOpenAIP(f.Properties) || isOpenAIP(top):
		return FormatOpenAIP
	case f.Properties == nil:
		return FormatED269
	case isED318(f.Properties, f.Geometry):
		return FormatED318
	}
	return FormatGeoJSON
}

// isOpenAIP reports whether properties carry openAIP's members.
func isOpenAIP(p map[string]json.RawMessage) bool {
	if _, ok := p["icaoClass"]; ok {
		return true
	}
	for _, k := range []string{"upperLimit", "lowerLimit", "upperCeiling", "lowerCeiling"} {
		var l map[string]json.RawMessage
		if json.Unmarshal(p[k], &l) == nil {
			if _, ok := l["referenceDatum"]; ok {
				return true
			}
		}
	}
	return false
}

// isED318 reports whether a feature looks like an ED-318 zone, under
// ED-318's property names or a national variant's (see ed318Aliases).
func isED318(props map[string]json.RawMessage, geometry json.RawMessage) bool {
	for k, v := range props {
		name := k
		if to, ok := ed318Aliases[aliasKey(k)]; ok {
			name = to
		}
		switch strings.ToLower(name) {
		case "identifier":
			return true
		case "type":
			var t text
			if json.Unmarshal(v, &t) == nil {
				if _, ok := restrictionOf(string(t)); ok {
					return true
				}
			}
		}
	}
	return hasLayer(geometry, 0)
}

// hasLayer reports whether a geometry, or a member of a collection, has
// an ED-318 layer.
func hasLayer(b json.RawMessage, depth int) bool {
	var g struct {
		Layer      json.RawMessage   `json:"layer"`
		Geometries []json.RawMessage `json:"geometries"`
	}
	if json.Unmarshal(b, &g) != nil {
		return false
	}
	if g.Layer != nil {
		return true
	}
	for _, m := range g.Geometries {
		if depth < 2 && hasLayer(m, depth+1) {
			return true
		}
	}
	return false
}

// Read sniffs the format (see Sniff) and reads zones with the matching
// reader.
func Read(r io.Reader) ([]Zone, mission.Issues, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, nil, err
	}
	readers := map[Format]func(io.Reader) ([]Zone, mission.Issues, error){
		FormatED269: ReadED269, FormatED318: ReadED318, FormatGeoJSON: ReadGeoJSON, FormatKML: ReadKML, FormatKMZ: ReadKMZ,
		FormatOpenAIP: ReadOpenAIP,
	}
	return readers[Sniff(data)](bytes.NewReader(data))
}
