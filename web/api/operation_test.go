package api

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
	"skerry/mission"
	"skerry/mission/planfile"
)

// newOperationServer serves an operation and one vehicle, l1-1, given the
// updates after its identity.
func newOperationServer(t *testing.T, updates ...gcs.Update) *httptest.Server {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", At: time.Now(), Update: gcs.Identity{Autopilot: "ardupilot", Type: "quadrotor"}})
	for _, u := range updates {
		f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", At: time.Now(), Update: u})
	}
	ops := &gcs.OperationStore{}
	op, err := gcs.NewOperation(gcs.Operation{})
	require.NoError(t, err)
	ops.Set(op)
	s := &Server{Fleet: f, Operation: ops, Missions: &gcs.Missions{Fleet: f, Link: &gcstest.PlanLink{}, Operation: ops}}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func TestOperationZonesAndCheck(t *testing.T) {
	srv := newOperationServer(t)
	code, body := do(t, "GET", srv.URL+"/api/operation", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"profile": "state"`)

	zones, err := os.ReadFile("../../mission/airspace/testdata/ed269_algeciras.json")
	require.NoError(t, err)
	code, body = do(t, "POST", srv.URL+"/api/zones", string(zones))
	require.Equal(t, 200, code, body)
	require.Contains(t, body, "LXGB01")
	code, body = do(t, "PUT", srv.URL+"/api/operation/zones", string(zones))
	require.Equal(t, 200, code, body)
	code, body = do(t, "GET", srv.URL+"/api/operation", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"zones": 4`)

	// The port perimeter plan crosses the port zone without its authorisation.
	plan, err := os.ReadFile("../../mission/testdata/port_perimeter.plan")
	require.NoError(t, err)
	code, body = do(t, "POST", srv.URL+"/api/check", string(plan))
	require.Equal(t, 200, code, body)
	var rep checkJSON
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.False(t, rep.Lawful)
	require.Contains(t, body, "ALGPORT")

	code, body = do(t, "PUT", srv.URL+"/api/vehicles/l1-1/plan", string(plan))
	require.Equal(t, 422, code, body)
	require.Contains(t, body, "not lawful")
	var refused planResult
	require.NoError(t, json.Unmarshal([]byte(body), &refused))
	require.NotNil(t, refused.Check)
	require.NotEmpty(t, refused.Check.Violations)
	located := 0
	for _, v := range refused.Check.Violations {
		if v.At != nil {
			located++
		}
	}
	require.NotZero(t, located, "the refusal locates its violations on the map: %s", body)

	code, body = do(t, "PUT", srv.URL+"/api/operation", `{"profile":"state","authorisations":["ALGPORT"],"pilots":1}`)
	require.Equal(t, 200, code, body)
	code, body = do(t, "POST", srv.URL+"/api/check", string(plan))
	require.Equal(t, 200, code)
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.True(t, rep.Lawful, body)
}

func TestOperationRefusesBadInput(t *testing.T) {
	srv := newOperationServer(t)
	cases := []struct {
		name, method, path, body string
		code                     int
		want                     string
	}{
		{"unknown profile", "PUT", "/api/operation", `{"profile":"anything-goes"}`, 400, "anything-goes"},
		{"unknown field", "PUT", "/api/operation", `{"profile":"state","ceiling":9000}`, 400, "unknown field"},
		{"junk zones", "POST", "/api/zones", `{"features":[{"nothing":1}]}`, 400, "error"},
		{"junk zones stored", "PUT", "/api/operation/zones", `<kml>`, 400, "error"},
		{"junk plan", "POST", "/api/check", `hello`, 400, "unknown plan format"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			code, body := do(t, ca.method, srv.URL+ca.path, ca.body)
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.want)
		})
	}
}

func TestPlanEndpointPlansInsideTheOperation(t *testing.T) {
	srv := newOperationServer(t)
	zones, err := os.ReadFile("../../mission/airspace/testdata/ed269_algeciras.json")
	require.NoError(t, err)
	code, _ := do(t, "PUT", srv.URL+"/api/operation/zones", string(zones))
	require.Equal(t, 200, code)
	cases := []struct {
		kind, body string
		code       int
		want       string
	}{
		{"orbit", `{"at":[36.11,-5.40],"radius":150}`, 200, `"lawful": true`},
		{"expanding-square", `{"at":[36.11,-5.40],"legs":8}`, 200, `"plan"`},
		{"perimeter", `{"geometry":{"type":"Polygon","coordinates":[[[-5.41,36.105],[-5.40,36.105],[-5.40,36.11],[-5.41,36.11],[-5.41,36.105]]]}}`, 200, `"check"`},
		{"survey", `{"geometry":{"type":"Polygon","coordinates":[[[-5.41,36.105],[-5.40,36.105],[-5.40,36.11],[-5.41,36.11],[-5.41,36.105]]]},"camera":{"SensorWidthMM":13.2,"SensorHeightMM":8.8,"ImageWidthPx":5472,"ImageHeightPx":3648,"FocalMM":8.8}}`, 200, `"plan"`},
		{"coast", `{"geometry":{"type":"Point","coordinates":[-5.4,36.1]}}`, 400, "LineString"},
		{"teleport", `{}`, 400, "unknown planner"},
		{"orbit", `{"at":"here"}`, 400, "bad JSON"},
	}
	for _, ca := range cases {
		t.Run(ca.kind, func(t *testing.T) {
			code, body := do(t, "POST", srv.URL+"/api/plan/"+ca.kind, ca.body)
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.want)
		})
	}
}

// putZones loads the Algeciras test zones into srv's operation.
func putZones(t *testing.T, srv *httptest.Server) {
	t.Helper()
	zones, err := os.ReadFile("../../mission/airspace/testdata/ed269_algeciras.json")
	require.NoError(t, err)
	code, body := do(t, "PUT", srv.URL+"/api/operation/zones", string(zones))
	require.Equal(t, 200, code, body)
}

func TestOperationGeometryDrawsTheZones(t *testing.T) {
	srv := newOperationServer(t)
	putZones(t, srv)
	code, body := do(t, "GET", srv.URL+"/api/operation", "")
	require.Equal(t, 200, code)
	require.NotContains(t, body, "zone_features", "the summary stays small")

	type feature struct {
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	get := func() map[string]feature {
		code, body := do(t, "GET", srv.URL+"/api/operation?geometry=1", "")
		require.Equal(t, 200, code, body)
		var out struct {
			ZoneFeatures struct {
				Type     string    `json:"type"`
				Features []feature `json:"features"`
			} `json:"zone_features"`
		}
		require.NoError(t, json.Unmarshal([]byte(body), &out))
		require.Equal(t, "FeatureCollection", out.ZoneFeatures.Type)
		byID := map[string]feature{}
		for _, f := range out.ZoneFeatures.Features {
			byID[f.Properties["id"].(string)] = f
		}
		require.Len(t, byID, 4)
		return byID
	}
	zones := get()
	airport := zones["LXGB01"]
	require.Equal(t, "Point", airport.Geometry.Type, "a circle is its centre and radius")
	require.JSONEq(t, `[-5.347, 36.151]`, string(airport.Geometry.Coordinates))
	require.InDelta(t, 2000, airport.Properties["radius"], 1e-9)
	require.Equal(t, "PROHIBITED", airport.Properties["restriction"])
	require.Equal(t, "exclusion", airport.Properties["effect"])
	port := zones["ALGPORT"]
	require.Equal(t, "Polygon", port.Geometry.Type)
	require.Equal(t, "REQ_AUTHORISATION", port.Properties["restriction"])
	require.Equal(t, "exclusion", port.Properties["effect"])
	require.Equal(t, "120 m AGL", port.Properties["upper"])
	require.Equal(t, "CONDITIONAL", zones["PALMON"].Properties["restriction"])
	require.Equal(t, "warning", zones["PALMON"].Properties["effect"])
	require.Equal(t, "NO_RESTRICTION", zones["LINEA1"].Properties["restriction"])

	// With the port's authorisation the same zone no longer excludes.
	code, body = do(t, "PUT", srv.URL+"/api/operation", `{"profile":"state","authorisations":["ALGPORT"],"pilots":1}`)
	require.Equal(t, 200, code, body)
	require.Equal(t, "info", get()["ALGPORT"].Properties["effect"])
}

// locatedPlan takes off south of the port, flies into the port zone (item
// 2, a leg violation) and back; item 1 is a speed change (no position).
const locatedPlan = `{"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":null,"properties":{"kind":"plan","version":1,"name":"located"}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[-5.43,36.100,40]},"properties":{"kind":"takeoff","index":0}},
 {"type":"Feature","geometry":null,"properties":{"kind":"speed","index":1,"type":"ground","speed":8,"throttle":-1}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[-5.43,36.130,40]},"properties":{"kind":"waypoint","index":2}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[-5.43,36.100,40]},"properties":{"kind":"waypoint","index":3}},
 {"type":"Feature","geometry":null,"properties":{"kind":"rtl","index":4}}]}`

func TestCheckSaysWhereViolationsHappen(t *testing.T) {
	srv := newOperationServer(t)
	putZones(t, srv)
	code, body := do(t, "POST", srv.URL+"/api/check?format=geojson", locatedPlan)
	require.Equal(t, 200, code, body)
	var rep checkJSON
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.False(t, rep.Lawful, body)
	var legs, items int
	for _, v := range rep.Violations {
		switch {
		case v.Leg != [2]int{-1, -1}:
			legs++
			require.NotNil(t, v.At, "%+v", v)
			require.Len(t, v.LegEnds, 2)
			a, b := v.LegEnds[0], v.LegEnds[1]
			require.InDelta(t, (a[0]+b[0])/2, v.At[0], 1e-9, "at is the leg's middle")
			require.InDelta(t, (a[1]+b[1])/2, v.At[1], 1e-9)
			if v.Rule == "airspace" && v.Leg == [2]int{0, 2} {
				require.Equal(t, [2]float64{36.100, -5.43}, a)
				require.Equal(t, [2]float64{36.130, -5.43}, b)
			}
		case v.Item >= 0:
			items++
			require.NotNil(t, v.At, "%+v", v)
			require.Equal(t, [2]float64{36.100, -5.43}, *v.At, "item 0 and 1 are run at the take-off point")
		default:
			require.Nil(t, v.At, "a plan-wide violation has no place: %+v", v)
		}
	}
	require.Positive(t, legs, body)
	require.Positive(t, items, body)
	require.Contains(t, body, `"leg_ends"`)
	require.Contains(t, body, "ALGPORT")
}

func TestPlanEndpointCoverageAndSeaSide(t *testing.T) {
	srv := newOperationServer(t)
	survey := `{"altitude":60,"geometry":{"type":"Polygon","coordinates":[[[-5.41,36.105],[-5.40,36.105],[-5.40,36.11],[-5.41,36.11],[-5.41,36.105]]]},"camera":{"SensorWidthMM":13.2,"SensorHeightMM":8.8,"ImageWidthPx":5472,"ImageHeightPx":3648,"FocalMM":8.8}}`
	code, body := do(t, "POST", srv.URL+"/api/plan/survey", survey)
	require.Equal(t, 200, code, body)
	var rep planReply
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.NotNil(t, rep.Coverage, body)
	require.InDelta(t, 90, rep.Coverage.FootprintSide, 1e-6, "60 m × 13.2 mm / 8.8 mm")
	require.InDelta(t, 60, rep.Coverage.FootprintFront, 1e-6)
	require.InDelta(t, 27, rep.Coverage.Spacing, 1e-6, "70% side overlap")
	require.Equal(t, "state", rep.Check.ProfileName)

	code, body = do(t, "POST", srv.URL+"/api/plan/orbit", `{"at":[36.11,-5.40]}`)
	require.Equal(t, 200, code, body)
	require.NotContains(t, body, `"coverage"`)

	// A coastline running north: the sea on its left is west, on its right east.
	coast := func(side string) float64 {
		code, body := do(t, "POST", srv.URL+"/api/plan/coast",
			`{"geometry":{"type":"LineString","coordinates":[[-5.40,36.05],[-5.40,36.07]]},"offset":300,"sea_side":"`+side+`"}`)
		require.Equal(t, 200, code, body)
		require.NoError(t, json.Unmarshal([]byte(body), &rep))
		plan, _, err := planfile.ReadPlan("geojson", rep.Plan)
		require.NoError(t, err)
		pos, ok := mission.PositionOf(plan.Mission[len(plan.Mission)/2])
		require.True(t, ok)
		return pos.Point[0]
	}
	require.Less(t, coast("left"), -5.40)
	require.Less(t, coast(""), -5.40, "left is the default")
	require.Greater(t, coast("right"), -5.40)
	code, body = do(t, "POST", srv.URL+"/api/plan/coast", `{"geometry":{"type":"LineString","coordinates":[[-5.40,36.05],[-5.40,36.07]]},"sea_side":"inland"}`)
	require.Equal(t, 400, code)
	require.Contains(t, body, "sea_side")
}

func TestCheckForAVehicle(t *testing.T) {
	// l1-1 lives in the port zone: flying an orbit outside from there
	// crosses it.
	srv := newOperationServer(t, gcs.HomeUpdate{Home: gcs.Position{Lat: 36.13, Lon: -5.43, AltAMSL: 3}})
	putZones(t, srv)
	orbit := `{"at":[36.11,-5.40],"radius":150}`
	code, body := do(t, "POST", srv.URL+"/api/plan/orbit", orbit)
	require.Equal(t, 200, code, body)
	var alone planReply
	require.NoError(t, json.Unmarshal([]byte(body), &alone))
	require.True(t, alone.Check.Lawful, body)
	require.Empty(t, alone.Check.Vehicle)

	code, body = do(t, "POST", srv.URL+"/api/plan/orbit", `{"at":[36.11,-5.40],"radius":150,"vehicle":"l1-1"}`)
	require.Equal(t, 200, code, body)
	var forV planReply
	require.NoError(t, json.Unmarshal([]byte(body), &forV))
	require.Equal(t, "l1-1", forV.Check.Vehicle)
	require.False(t, forV.Check.Lawful, body)
	var fromHome *violationJSON
	for i, v := range forV.Check.Violations {
		if v.Rule == "airspace" && v.Leg[0] == -1 {
			fromHome = &forV.Check.Violations[i]
		}
	}
	require.NotNil(t, fromHome, body)
	require.Equal(t, [2]float64{36.13, -5.43}, fromHome.LegEnds[0], "the leg starts at the vehicle's home")

	// POST /api/check?vehicle= says the same of the same plan.
	code, body = do(t, "POST", srv.URL+"/api/check?format=geojson&vehicle=l1-1", string(forV.Plan))
	require.Equal(t, 200, code, body)
	var rep checkJSON
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.False(t, rep.Lawful)
	require.Equal(t, "l1-1", rep.Vehicle)

	// An unknown vehicle: checked alone, and the issues say so.
	code, body = do(t, "POST", srv.URL+"/api/check?format=geojson&vehicle=zz-9", string(forV.Plan))
	require.Equal(t, 200, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.True(t, rep.Lawful, body)
	require.Contains(t, body, "unknown vehicle zz-9")
}
