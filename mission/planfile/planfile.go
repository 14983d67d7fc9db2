package planfile

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"skerry/mission"
)

// Plan file formats.
const (
	FormatQGC     = "plan"      // QGroundControl .plan (JSON)
	FormatWPL     = "waypoints" // Mission Planner QGC WPL 110
	FormatGeoJSON = "geojson"   // Skerry's GeoJSON plan schema (GEOJSON.md)
	FormatKML     = "kml"       // KML 2.2 (Google Earth, GIS tools)
)

// SniffPlanFormat guesses a plan file's format from its first bytes; ""
// when it cannot tell.
func SniffPlanFormat(data []byte) string {
	head := string(bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n"))
	switch {
	case strings.HasPrefix(head, "QGC WPL"):
		return FormatWPL
	case strings.HasPrefix(head, "<") && strings.Contains(head[:min(len(head), 4096)], "<kml"):
		return FormatKML
	case strings.Contains(head[:min(len(head), 4096)], `"FeatureCollection"`):
		return FormatGeoJSON
	case strings.HasPrefix(head, "{"):
		return FormatQGC
	}
	return ""
}

// PlanFormatOfName guesses a format from a file name's extension; "" when
// it cannot tell (".mission" is QGroundControl's older JSON for some
// tools and waypoint text for others: the content decides).
func PlanFormatOfName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".plan":
		return FormatQGC
	case ".waypoints", ".txt":
		return FormatWPL
	case ".geojson", ".json":
		return FormatGeoJSON
	case ".kml":
		return FormatKML
	}
	return ""
}

// ReadPlan reads a plan file in format, or in the format its content shows
// when format is "".
func ReadPlan(format string, data []byte) (*mission.Plan, mission.Issues, error) {
	if format == "" {
		format = SniffPlanFormat(data)
	}
	switch format {
	case FormatQGC:
		return ReadQGCPlan(bytes.NewReader(data))
	case FormatWPL:
		return ReadWPL(bytes.NewReader(data))
	case FormatGeoJSON:
		return ReadGeoJSONPlan(bytes.NewReader(data))
	case FormatKML:
		return ReadKMLPlan(bytes.NewReader(data))
	}
	return nil, nil, fmt.Errorf("unknown plan format %.20q: want plan, waypoints, geojson or kml", format)
}

// WritePlan writes p in format (default QGroundControl's).
func WritePlan(w io.Writer, format string, p *mission.Plan) (mission.Issues, error) {
	switch format {
	case FormatWPL:
		return WriteWPL(w, p)
	case FormatGeoJSON:
		return WriteGeoJSONPlan(w, p)
	case FormatKML:
		return WriteKMLPlan(w, p)
	}
	return WriteQGCPlan(w, p)
}
