package api

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

func newPlanServer(t *testing.T) (*httptest.Server, *gcstest.PlanLink) {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", At: time.Now(), Update: gcs.Identity{Autopilot: "ardupilot", Type: "quadrotor"}})
	st := &gcstest.PlanLink{}
	s := &Server{Fleet: f, Missions: &gcs.Missions{Fleet: f, Link: st}}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, st
}

func TestPlanUploadDownloadClear(t *testing.T) {
	srv, st := newPlanServer(t)
	plan, err := os.ReadFile("../../mission/testdata/port_perimeter.plan")
	require.NoError(t, err)
	code, body := do(t, "PUT", srv.URL+"/api/vehicles/l1-1/plan", string(plan))
	require.Equal(t, 200, code, body)
	var res planResult
	require.NoError(t, json.Unmarshal([]byte(body), &res))
	require.True(t, res.OK)
	require.Greater(t, res.Mission, 3)
	require.Equal(t, 4, res.Fence, "fence zones")
	require.Equal(t, 2, res.Rally)

	code, body = do(t, "GET", srv.URL+"/api/vehicles/l1-1/plan?format=waypoints", "")
	require.Equal(t, 200, code, body)
	require.True(t, strings.HasPrefix(body, "QGC WPL 110"), body)
	code, body = do(t, "GET", srv.URL+"/api/vehicles/l1-1/plan", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"fileType": "Plan"`)
	code, body = do(t, "GET", srv.URL+"/api/vehicles/l1-1/plan?report=1", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"ok": true`)

	code, _ = do(t, "DELETE", srv.URL+"/api/vehicles/l1-1/plan?kinds=rally", "")
	require.Equal(t, 200, code)
	require.Empty(t, st.Plan("l1-1").Rally)
	require.NotEmpty(t, st.Plan("l1-1").Mission)
}

func TestPlanEndpointsRefuseBadInput(t *testing.T) {
	srv, _ := newPlanServer(t)
	cases := []struct {
		name, method, path, body string
		code                     int
		want                     string
	}{
		{"not a plan", "PUT", "/api/vehicles/l1-1/plan", "hello", 400, "unknown plan format"},
		{"broken JSON", "PUT", "/api/vehicles/l1-1/plan", `{"fileType":"Plan",`, 400, "error"},
		{"wrong format name", "PUT", "/api/vehicles/l1-1/plan?format=shp", "QGC WPL 110\n", 400, "unknown plan format"},
		{"unknown vehicle", "PUT", "/api/vehicles/zz-9/plan", "QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t36.1\t-5.4\t0\t1\n", 404, "unknown vehicle"},
		{"bad kinds", "DELETE", "/api/vehicles/l1-1/plan?kinds=everything", "", 400, "kinds"},
		{"bad download format", "GET", "/api/vehicles/l1-1/plan?format=shp", "", 400, "format"},
		{"oversize", "PUT", "/api/vehicles/l1-1/plan", "QGC WPL 110\n" + strings.Repeat("x", maxPlanBody), 413, "too large"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			code, body := do(t, ca.method, srv.URL+ca.path, ca.body)
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.want)
		})
	}
}

// TestPlanPreviewWritesNothing: POST .../plan/preview answers what the
// upload would do — here a refusal, because the vehicle keeps a 300 m
// circle the port patrol exceeds — and ?fence_radius= gives a plan file
// the radius it cannot carry.
func TestPlanPreviewWritesNothing(t *testing.T) {
	srv, link := newPlanServer(t)
	r := 300.0
	link.Kept = gcs.VehicleFence{KeptRadius: &r, Changes: []gcs.SettingChange{{Name: "FENCE_ENABLE", To: 1, Why: "so that the autopilot enforces the fence"}}}
	plan, err := os.ReadFile("../../mission/testdata/port_perimeter.plan")
	require.NoError(t, err)
	code, body := do(t, "POST", srv.URL+"/api/vehicles/l1-1/plan/preview", string(plan))
	require.Equal(t, 422, code, body)
	var res planResult
	require.NoError(t, json.Unmarshal([]byte(body), &res))
	require.False(t, res.OK)
	require.Contains(t, res.Error, "beyond the fence radius of 300 m")
	require.Contains(t, res.Error, "fence_radius= on upload")
	require.Equal(t, 300.0, *res.VehicleFence.KeptRadius)

	code, body = do(t, "POST", srv.URL+"/api/vehicles/l1-1/plan/preview?fence_radius=3000", string(plan))
	require.Equal(t, 200, code, body)
	require.Contains(t, body, `"name": "FENCE_ENABLE"`)
	require.Zero(t, link.Writes("l1-1"), "a preview writes nothing")

	code, body = do(t, "PUT", srv.URL+"/api/vehicles/l1-1/plan?fence_radius=3000", string(plan))
	require.Equal(t, 200, code, body)
	require.Equal(t, 3000.0, *link.Plan("l1-1").Fence.Radius)
	for _, bad := range []string{"-1", "NaN", "Inf", "a%20lot"} {
		code, _ = do(t, "PUT", srv.URL+"/api/vehicles/l1-1/plan?fence_radius="+bad, string(plan))
		require.Equal(t, 400, code, bad)
	}
}

// A plan file whose reading found errors is not uploaded: here a
// terrain-frame item without any altitude.
func TestPlanFileWithErrorsIsNotUploaded(t *testing.T) {
	srv, link := newPlanServer(t)
	wpl := "QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t36.13\t-5.43\t3\t1\n1\t0\t3\t16\t0\t0\t0\t0\t36.131\t-5.431\tnan\t1\n"
	code, body := do(t, "PUT", srv.URL+"/api/vehicles/l1-1/plan", wpl)
	require.Equal(t, 422, code, body)
	require.Contains(t, body, "altitude NaN is not finite")
	require.Zero(t, link.Writes("l1-1"))
}
