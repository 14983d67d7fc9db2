package scene

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

const line = `{"type":"LineString","coordinates":[[-5.40,36.10],[-5.39,36.11]]}`

// badVessels are vessel features NewWorld refuses, with what the error says.
var badVessels = []struct {
	name, props, geometry, want string
}{
	{"not a LineString", `"id":"a","type":"rib","speed":10`, `{"type":"Polygon","coordinates":[[[-5.4,36.1],[-5.3,36.1],[-5.3,36.2],[-5.4,36.1]]]}`, `route is a "Polygon", not a LineString`},
	{"NaN speed", `"id":"a","type":"rib","speed":"NaN"`, line, "speed NaN is not 0–60 knots"},
	{"negative speed", `"id":"a","type":"rib","speed":-3`, line, "is not 0–60 knots"},
	{"no speed", `"id":"a","type":"rib"`, line, "speed <nil>"},
	{"unknown type", `"id":"a","type":"submarine","speed":10`, line, `unknown type "submarine"`},
	{"no id", `"type":"rib","speed":10`, line, `without an "id"`},
	{"ais without mmsi", `"id":"a","type":"rib","speed":10,"ais":true`, line, `9-digit "mmsi"`},
	{"ais not bool", `"id":"a","type":"rib","speed":10,"ais":"yes"`, line, "not true or false"},
	{"unknown behaviour", `"id":"a","type":"rib","speed":10,"behaviour":"zigzag"`, line, `unknown behaviour "zigzag"`},
	{"one point", `"id":"a","type":"rib","speed":10`, `{"type":"LineString","coordinates":[[-5.4,36.1]]}`, "at least 2 points"},
	{"no length", `"id":"a","type":"rib","speed":10`, `{"type":"LineString","coordinates":[[-5.4,36.1],[-5.4,36.1]]}`, "no length"},
	{"bad position", `"id":"a","type":"rib","speed":10`, `{"type":"LineString","coordinates":[[-5.4,136.1],[-5.4,36.1]]}`, "bad position"},
	{"length out of range", `"id":"a","type":"cargo","speed":10,"length":20`, line, "length 20 outside 80–400 m"},
	{"no geometry", `"id":"a","type":"rib","speed":10`, `null`, "no geometry"},
	{"loiter radius", `"id":"a","type":"rib","speed":1,"behaviour":"loiter","radius":-1`, `{"type":"Point","coordinates":[-5.4,36.1]}`, "radius -1"},
}

func TestBadVesselFeatures(t *testing.T) {
	for _, c := range badVessels {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewWorld(oneVessel(c.props, c.geometry), 1)
			require.ErrorContains(t, err, c.want)
			require.ErrorContains(t, err, "scene: scenario")
		})
	}
}

func TestScenarioShapes(t *testing.T) {
	_, err := NewWorld([]byte(`{"type":"Feature"}`), 1)
	require.ErrorContains(t, err, "not a GeoJSON FeatureCollection")
	_, err = NewWorld([]byte(`{`), 1)
	require.Error(t, err)
	w, err := NewWorld([]byte(`{"type":"FeatureCollection","features":[]}`), 1)
	require.NoError(t, err)
	require.Empty(t, w.Vessels(time.Minute))
	two := []byte(`{"type":"FeatureCollection","features":[` +
		`{"type":"Feature","properties":{"kind":"vessel","id":"a","type":"rib","speed":1},"geometry":` + line + `},` +
		`{"type":"Feature","properties":{"kind":"vessel","id":"a","type":"rib","speed":1},"geometry":` + line + `}]}`)
	_, err = NewWorld(two, 1)
	require.ErrorContains(t, err, `vessel id "a" repeated`)
	// Other kinds, and land that is not a polygon, are not the scene's.
	other := []byte(`{"type":"FeatureCollection","features":[` +
		`{"type":"Feature","properties":{"kind":"base"},"geometry":{"type":"Point","coordinates":[1,2]}},` +
		`{"type":"Feature","properties":{"kind":"land"},"geometry":{"type":"Point","coordinates":[1,2]}},` +
		`{"type":"Feature","properties":{"kind":"land"},"geometry":{"type":"Polygon","coordinates":[[[1,2],[1,3]]]}}]}`)
	w, err = NewWorld(other, 1)
	require.NoError(t, err)
	require.Empty(t, w.land)
}

// FuzzNewWorld: any input gives a world or an error, never a panic; a
// world's vessels have finite states.
func FuzzNewWorld(f *testing.F) {
	for _, c := range badVessels {
		f.Add(oneVessel(c.props, c.geometry), int64(1))
	}
	f.Add(oneVessel(`"id":"l","type":"fishing","speed":3,"behaviour":"loiter"`, `{"type":"Point","coordinates":[-5.4,36.1]}`), int64(3))
	f.Add(oneVessel(`"id":"o","type":"cargo","speed":12,"behaviour":"once","ais":true,"mmsi":224000001`, line), int64(4))
	f.Fuzz(func(t *testing.T, data []byte, seed int64) {
		w, err := NewWorld(data, seed)
		if err != nil {
			return
		}
		for _, at := range []time.Duration{0, time.Minute, 10 * time.Hour} {
			for _, v := range w.Vessels(at) {
				if !finite(v.Lat, v.Lon, v.Heading, v.Speed) {
					t.Fatalf("vessel %q at %v: %+v", v.ID, at, v)
				}
			}
		}
	})
}
