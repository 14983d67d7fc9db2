package web

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func newOperationServer(t *testing.T) *httptest.Server {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", At: time.Now(), Update: gcs.Identity{Autopilot: "ardupilot", Type: "quadrotor"}})
	ops := &gcs.OperationStore{}
	op, err := gcs.NewOperation(gcs.Operation{})
	require.NoError(t, err)
	ops.Set(op)
	st := &store{params: map[string]float64{}}
	s := &Server{Fleet: f, Operation: ops, Missions: &gcs.Missions{Fleet: f, Transfer: st, Params: st, Operation: ops}}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func TestOperationZonesAndCheck(t *testing.T) {
	srv := newOperationServer(t)
	code, body := do(t, "GET", srv.URL+"/api/operation", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"profile": "state"`)

	zones, err := os.ReadFile("../mission/airspace/testdata/ed269_algeciras.json")
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
	plan, err := os.ReadFile("../mission/testdata/port_perimeter.plan")
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
	require.Contains(t, body, `"violations"`)

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
	zones, err := os.ReadFile("../mission/airspace/testdata/ed269_algeciras.json")
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
