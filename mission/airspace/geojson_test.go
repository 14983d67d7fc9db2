package airspace

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

const square = `{"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]}`

func gjFeature(props string) string {
	return `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": ` + props + `, "geometry": ` + square + `}]}`
}

// geojsonCases are plain GeoJSON features and how they read; they also
// seed FuzzReadGeoJSON.
var geojsonCases = []struct {
	name, in string
	zones    string // "" when none is usable
	warns    int
}{
	{"hand-drawn keep-out area", gjFeature(`{"name": "Keep out"}`), "#0:PROHIBITED", 2},
	{"type names a danger area", gjFeature(`{"name": "Range", "type": "DANGER"}`), "#0:CONDITIONAL", 1},
	{"one-letter class", gjFeature(`{"id": "R5", "class": "R"}`), "R5:REQ_AUTHORISATION", 0},
	{"type is a restriction", gjFeature(`{"id": "C1", "type": "conditional"}`), "C1:CONDITIONAL", 0},
	{"classified as nothing we know", gjFeature(`{"name": "Madrid", "type": "CTR"}`), "", 0},
	{"designator in the name", gjFeature(`{"name": "LED5 Zona de tiro"}`), "#0:CONDITIONAL", 1},
	{"airspace in the name", gjFeature(`{"name": "Madrid CTR"}`), "", 0},
	{"explicit restriction wins", gjFeature(`{"id": "N", "restriction": "NO_RESTRICTION", "type": "DANGER"}`), "N:NO_RESTRICTION", 0},
}

func TestReadGeoJSONClassification(t *testing.T) {
	for _, ca := range geojsonCases {
		t.Run(ca.name, func(t *testing.T) {
			zs, is, err := ReadGeoJSON(strings.NewReader(ca.in))
			if ca.zones == "" {
				require.ErrorContains(t, err, "restriction unknown")
				return
			}
			require.NoError(t, err)
			require.Equal(t, ca.zones, ids(zs))
			require.Equal(t, ca.warns, count(is, mission.SeverityWarning), "%v", is)
		})
	}
}

// A GeoJSON geometry with an ED-318 layer keeps its own limits.
func TestReadGeoJSONLayer(t *testing.T) {
	in := `{"type": "Feature", "properties": {"id": "L", "restriction": "PROHIBITED"}, "geometry": {"type": "GeometryCollection", "geometries": [
	  {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]], "layer": {"lower": 50, "upper": 150, "lowerReference": "AGL", "upperReference": "AGL", "uom": "m"}},
	  {"type": "Polygon", "coordinates": [[[3, 1], [4, 1], [4, 2], [3, 1]]]}]}}`
	zs, _, err := Read(strings.NewReader(in))
	require.NoError(t, err)
	require.Equal(t, "50 m AGL to 150 m AGL, 0 m AGL to unlimited", limits(zs[0]))
}
