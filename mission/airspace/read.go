package airspace

import (
	"bytes"
	"encoding/json"
	"io"

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
)

// Sniff guesses the format of data: a zip archive is KMZ; XML is KML;
// JSON whose zones carry
// properties is ED-318 when they have an identifier or a geometry layer,
// plain GeoJSON otherwise; other JSON is ED-269.
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
		Properties *struct {
			Identifier json.RawMessage `json:"identifier"`
		} `json:"properties"`
		Geometry json.RawMessage `json:"geometry"`
	}
	if json.Unmarshal(items[0], &f) != nil || f.Properties == nil {
		return FormatED269
	}
	var g struct {
		Layer json.RawMessage `json:"layer"`
	}
	_ = json.Unmarshal(f.Geometry, &g)
	if f.Properties.Identifier != nil || g.Layer != nil {
		return FormatED318
	}
	return FormatGeoJSON
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
	}
	return readers[Sniff(data)](bytes.NewReader(data))
}
