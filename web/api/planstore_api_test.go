package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
	sqlstore "skerry/internal/store"
	"skerry/web/view"
)

// savedEnv is the API with a real SQLite plan store, a fleet of two
// vehicles (l1-1, l1-2) on an in-memory transfer and an operation.
type savedEnv struct {
	srv     *httptest.Server
	db      *sqlstore.Store
	path    string
	xfer    *gcstest.PlanLink
	mu      sync.Mutex
	events  *gcs.EventSub
	changes []gcs.PlanChange
}

func newSavedEnv(t *testing.T, path string) *savedEnv {
	if path == "" {
		path = filepath.Join(t.TempDir(), "skerry.db")
	}
	db, err := sqlstore.Open(path)
	require.NoError(t, err)
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	for _, id := range []gcs.VehicleID{"l1-1", "l1-2"} {
		f.Observe(gcs.Observation{Vehicle: id, Link: "l1", At: time.Now(), Update: gcs.Identity{Autopilot: "ardupilot", Type: "quadrotor"}})
	}
	op, err := gcs.NewOperation(gcs.Operation{ProfileName: "eu-open-a3"})
	require.NoError(t, err)
	ops := &gcs.OperationStore{}
	ops.Set(op)
	e := &savedEnv{db: db, path: path, xfer: &gcstest.PlanLink{}}
	events := &gcs.Events{}
	e.events = events.Subscribe()
	s := &Server{Fleet: f, Operation: ops, Plans: gcs.AnnouncePlans(db.Plans(), events),
		Missions: &gcs.Missions{Fleet: f, Link: e.xfer, Operation: ops}}
	e.srv = httptest.NewServer(s.Handler())
	t.Cleanup(func() { e.srv.Close(); f.Close(); db.Close() })
	return e
}

// seen lists the plan changes announced so far, each with the plans'
// summaries it carried.
func (e *savedEnv) seen() []gcs.PlanChange {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, ev := range e.events.Next() {
		if pe, ok := ev.(gcs.PlansEvent); ok {
			if pe.Plans == nil {
				panic("a plans event without the summaries")
			}
			if pe.Change != (gcs.PlanChange{}) { // not the first announcement
				e.changes = append(e.changes, pe.Change)
			}
		}
	}
	return append([]gcs.PlanChange(nil), e.changes...)
}

// smallPlan is a short hop near Isla Verde at height metres.
func smallPlan(height float64) string {
	return fmt.Sprintf(`{"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":null,"properties":{"kind":"plan","version":1,"name":"hop"}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[-5.4380,36.1270,%[1]g]},"properties":{"kind":"takeoff"}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[-5.4370,36.1275,%[1]g]},"properties":{"kind":"waypoint"}},
 {"type":"Feature","geometry":null,"properties":{"kind":"rtl"}}]}`, height)
}

func saveBody(name, kind, plan, request string) string {
	b, _ := json.Marshal(map[string]any{"name": name, "kind": kind, "plan": json.RawMessage(plan), "request": json.RawMessage(request)})
	return string(b)
}

func record(t *testing.T, body string) savedReply {
	t.Helper()
	var r savedReply
	require.NoError(t, json.Unmarshal([]byte(body), &r), body)
	return r
}

func TestSavedPlansLifecycle(t *testing.T) {
	e := newSavedEnv(t, "")
	url := e.srv.URL + "/api/plans"
	code, body := do(t, "POST", url, saveBody("Hop", "orbit", smallPlan(40), `{"radius":200}`))
	require.Equal(t, http.StatusCreated, code, body)
	rec := record(t, body)
	require.NotEmpty(t, rec.ID)
	require.Equal(t, int64(1), rec.Version)
	require.Equal(t, "orbit", rec.Kind)
	require.Equal(t, 2, rec.Mission+rec.Fence+rec.Rally-1, "3 mission items, nothing else")
	require.NotNil(t, rec.Lawful, "checked against the operation")
	require.NotNil(t, rec.Check)
	require.Contains(t, string(rec.Plan), `"name": "Hop"`, "the stored plan carries the record's name")
	require.JSONEq(t, `{"radius":200}`, string(rec.Request))

	code, body = do(t, "GET", url, "")
	require.Equal(t, 200, code)
	var list []view.SavedPlan
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 1)
	require.Nil(t, list[0].Plan, "lists carry no plan bodies")
	require.NotContains(t, body, "FeatureCollection")

	code, body = do(t, "GET", url+"/"+rec.ID, "")
	require.Equal(t, 200, code)
	require.Equal(t, rec.Plan, record(t, body).Plan)

	// Two pilots edit version 1: the second loses with 409.
	code, body = do(t, "PUT", url+"/"+rec.ID, `{"version":1,"name":"Hop north"}`)
	require.Equal(t, 200, code, body)
	v2 := record(t, body)
	require.Equal(t, int64(2), v2.Version)
	require.Equal(t, "Hop north", v2.Name)
	require.JSONEq(t, `{"radius":200}`, string(v2.Request), "absent fields are kept")
	code, body = do(t, "PUT", url+"/"+rec.ID, `{"version":1,"name":"Hop south","request":null}`)
	require.Equal(t, http.StatusConflict, code, body)
	require.Contains(t, body, `"current_version": 2`)
	code, body = do(t, "PUT", url+"/"+rec.ID, `{"version":2,"request":null,"plan":`+smallPlan(50)+`}`)
	require.Equal(t, 200, code, body)
	v3 := record(t, body)
	require.Nil(t, v3.Request, "null removes the request")
	require.Contains(t, string(v3.Plan), "50")

	code, _ = do(t, "DELETE", url+"/"+rec.ID+"?version=2", "")
	require.Equal(t, http.StatusConflict, code)
	code, _ = do(t, "DELETE", url+"/"+rec.ID, "")
	require.Equal(t, http.StatusNoContent, code)
	code, body = do(t, "GET", url+"/"+rec.ID, "")
	require.Equal(t, 404, code)
	require.Contains(t, body, "no such saved plan")

	require.Equal(t, []gcs.PlanChange{{ID: rec.ID, Version: 1}, {ID: rec.ID, Version: 2}, {ID: rec.ID, Version: 3}, {ID: rec.ID, Deleted: true}}, e.seen())
}

func TestUnlawfulPlansAreSavedAndSaySo(t *testing.T) {
	e := newSavedEnv(t, "")
	code, body := do(t, "POST", e.srv.URL+"/api/plans", saveBody("Too high", "", smallPlan(400), "null"))
	require.Equal(t, 201, code, body)
	rec := record(t, body)
	require.Equal(t, "drawn", rec.Kind, "no kind: drawn")
	require.False(t, *rec.Lawful)
	require.Positive(t, rec.Violations)
	require.Equal(t, "eu-open-a3", rec.Profile)
	require.NotEmpty(t, rec.Check.Violations)

	// The upload refuses it, vehicle by vehicle.
	code, body = do(t, "POST", e.srv.URL+"/api/plans/"+rec.ID+"/upload", `{"targets":["l1-1"]}`)
	require.Equal(t, http.StatusMultiStatus, code, body)
	require.Contains(t, body, "not lawful")
	require.Zero(t, e.xfer.Writes("l1-1"), "nothing reached the vehicle")
}

func TestSavedPlansSurviveARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "skerry.db")
	e := newSavedEnv(t, path)
	code, body := do(t, "POST", e.srv.URL+"/api/plans", saveBody("Kept", "perimeter", smallPlan(40), "null"))
	require.Equal(t, 201, code, body)
	rec := record(t, body)
	e.srv.Close()
	require.NoError(t, e.db.Close())

	e2 := newSavedEnv(t, path)
	code, body = do(t, "GET", e2.srv.URL+"/api/plans/"+rec.ID, "")
	require.Equal(t, 200, code, body)
	require.Equal(t, rec.Plan, record(t, body).Plan)
}

func TestImportPlanFiles(t *testing.T) {
	e := newSavedEnv(t, "")
	for _, name := range []string{"port_perimeter.plan", "algeciras_patrol.waypoints", "port_perimeter.kml", "google_earth_path.kml", "full.geojson"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("../../mission/testdata/" + name)
			require.NoError(t, err)
			code, body := do(t, "POST", e.srv.URL+"/api/plans/import?name="+strings.ReplaceAll(name, ".", "+"), string(data))
			require.Equal(t, 201, code, body)
			rec := record(t, body)
			require.Equal(t, "imported", rec.Kind)
			require.Equal(t, strings.ReplaceAll(name, ".", " "), rec.Name)
			require.Positive(t, rec.Mission)
			require.NotNil(t, rec.Issues)
		})
	}
	code, body := do(t, "POST", e.srv.URL+"/api/plans/import?format=kml", `<kml><Placemark><name>x</name></Placemark></kml>`)
	require.Equal(t, 400, code)
	require.Contains(t, body, "no Point, LineString or Polygon", "the reader's issues come back")
	code, _ = do(t, "POST", e.srv.URL+"/api/plans/import", "MZ\x90\x00 junk")
	require.Equal(t, 400, code)
	code, body = do(t, "POST", e.srv.URL+"/api/plans/import?format=waypoints", "QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t95\t200\t0\t1\n")
	require.Equal(t, 400, code, "a plan with errors is not stored")
	require.Contains(t, body, "out of range")
	_, body = do(t, "GET", e.srv.URL+"/api/plans", "")
	var list []view.SavedPlan
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 5)
}

func TestDownloadSavedPlan(t *testing.T) {
	e := newSavedEnv(t, "")
	code, body := do(t, "POST", e.srv.URL+"/api/plans", saveBody(`Port: "east"/west ✓`, "coast", smallPlan(40), "null"))
	require.Equal(t, 201, code, body)
	id := record(t, body).ID
	for format, want := range map[string]string{"": "FeatureCollection", "geojson": "FeatureCollection", "plan": `"fileType": "Plan"`, "waypoints": "QGC WPL 110", "kml": "<kml"} {
		res, err := http.Get(e.srv.URL + "/api/plans/" + id + "/file?format=" + format)
		require.NoError(t, err)
		b := make([]byte, 1<<16)
		n, _ := res.Body.Read(b)
		res.Body.Close()
		require.Equal(t, 200, res.StatusCode, format)
		require.Contains(t, string(b[:n]), want, format)
		cd := res.Header.Get("Content-Disposition")
		require.True(t, strings.HasPrefix(cd, "attachment;"), cd)
		require.NotContains(t, cd, "/west", "no path separators in the file name")
		require.NotEmpty(t, res.Header.Get("X-Skerry-Issues"))
	}
	code, body = do(t, "GET", e.srv.URL+"/api/plans/"+id+"/file?format=shp", "")
	require.Equal(t, 400, code)
	require.Contains(t, body, "kml")
	code, _ = do(t, "GET", e.srv.URL+"/api/plans/p-nope/file", "")
	require.Equal(t, 404, code)
	require.Equal(t, `attachment; filename=plan.kml`, attachment(" ..", ".kml"))
}

func TestUploadSavedPlanToSeveralVehicles(t *testing.T) {
	e := newSavedEnv(t, "")
	code, body := do(t, "POST", e.srv.URL+"/api/plans", saveBody("Hop", "orbit", smallPlan(40), "null"))
	require.Equal(t, 201, code, body)
	rec := record(t, body)
	require.True(t, *rec.Lawful, body)
	code, body = do(t, "POST", e.srv.URL+"/api/plans/"+rec.ID+"/upload", `{"targets":["l1-1","l1-2","l1-1","l9-9"]}`)
	require.Equal(t, http.StatusMultiStatus, code, body)
	var got struct {
		Plan    string              `json:"plan"`
		Version int64               `json:"version"`
		Results []vehiclePlanResult `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Equal(t, rec.ID, got.Plan)
	require.Len(t, got.Results, 3, "repeated targets once")
	require.True(t, got.Results[0].OK, body)
	require.True(t, got.Results[1].OK, body)
	require.Equal(t, 3, got.Results[0].Mission, "three items")
	require.False(t, got.Results[2].OK)
	require.Contains(t, got.Results[2].Error, "unknown vehicle")
	require.NotEmpty(t, e.xfer.Plan("l1-1").Mission)

	for body, want := range map[string]string{`{"targets":[]}`: "name the vehicles", `{}`: "name the vehicles", `{"targets":"l1-1"}`: "bad JSON"} {
		code, out := do(t, "POST", e.srv.URL+"/api/plans/"+rec.ID+"/upload", body)
		require.Equal(t, 400, code)
		require.Contains(t, out, want)
	}
	code, _ = do(t, "POST", e.srv.URL+"/api/plans/p-nope/upload", `{"targets":["l1-1"]}`)
	require.Equal(t, 404, code)
}

// TestHostilePlanRequests: every bad request gets a clear error and the
// stored plan is still there, unchanged.
func TestHostilePlanRequests(t *testing.T) {
	e := newSavedEnv(t, "")
	code, body := do(t, "POST", e.srv.URL+"/api/plans", saveBody("Keep me", "survey", smallPlan(40), "null"))
	require.Equal(t, 201, code, body)
	keep := record(t, body)
	item := "/api/plans/" + keep.ID
	cases := []struct {
		name, method, path, body string
		code                     int
		want                     string
	}{
		{"not JSON", "POST", "/api/plans", `{"name":`, 400, "bad JSON"},
		{"unknown field", "POST", "/api/plans", `{"name":"x","plan":{},"owner":"root"}`, 400, "unknown field"},
		{"no plan", "POST", "/api/plans", `{"name":"x"}`, 400, `no \"plan\"`},
		{"plan not GeoJSON", "POST", "/api/plans", `{"name":"x","plan":{"type":"Feature"}}`, 400, "FeatureCollection"},
		{"plan a string", "POST", "/api/plans", `{"name":"x","plan":"hello"}`, 400, "plan:"},
		{"plan with errors", "POST", "/api/plans", saveBody("x", "", strings.Replace(smallPlan(40), "36.1275", "96.1275", 1), "null"), 400, "errors"},
		{"no name anywhere", "POST", "/api/plans", saveBody("", "", strings.Replace(smallPlan(40), `"name":"hop"`, `"name":""`, 1), "null"), 400, "needs a"},
		{"long name", "POST", "/api/plans", saveBody(strings.Repeat("n", 300), "", smallPlan(40), "null"), 400, "at most 200"},
		{"bad kind", "POST", "/api/plans", saveBody("x", "../../etc", smallPlan(40), "null"), 400, "kind"},
		{"request not an object", "POST", "/api/plans", saveBody("x", "", smallPlan(40), "[1]"), 400, "JSON object"},
		{"version on create", "POST", "/api/plans", `{"version":3,"name":"x","plan":{}}`, 400, "PUT"},
		{"PUT without version", "PUT", item, `{"name":"stolen"}`, 400, "version"},
		{"PUT version zero", "PUT", item, `{"version":0,"name":"stolen"}`, 400, "version"},
		{"PUT stale", "PUT", item, `{"version":7,"name":"stolen"}`, 409, "current_version"},
		{"PUT unknown plan", "PUT", "/api/plans/p-nope", `{"version":1}`, 404, "no such saved plan"},
		{"PUT bad plan", "PUT", item, `{"version":1,"plan":{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"waypoint"}}]}}`, 400, "plan"},
		{"DELETE bad version", "DELETE", item + "?version=x", "", 400, "version"},
		{"DELETE unknown", "DELETE", "/api/plans/p-nope", "", 404, "no such"},
		{"GET odd id", "GET", "/api/plans/%27%20OR%201%3D1", "", 404, "no such"},
		{"oversize", "POST", "/api/plans", `{"name":"` + strings.Repeat("x", maxPlanRecord+10) + `"}`, 400, "too large"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			code, body := do(t, ca.method, e.srv.URL+ca.path, ca.body)
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.want)
		})
	}
	code, body = do(t, "GET", e.srv.URL+item, "")
	require.Equal(t, 200, code)
	got := record(t, body)
	require.Equal(t, keep.Version, got.Version)
	require.Equal(t, "Keep me", got.Name)
	require.Equal(t, keep.Plan, got.Plan)
}

func TestPlansWithoutAStore(t *testing.T) {
	srv := newServer(t)
	for _, path := range []string{"GET /api/plans", "POST /api/plans", "GET /api/plans/x", "POST /api/plans/import", "POST /api/plans/x/upload"} {
		method, p, _ := strings.Cut(path, " ")
		code, body := do(t, method, srv.URL+p, "{}")
		require.Equal(t, http.StatusNotImplemented, code, path)
		require.Contains(t, body, "--data")
	}
}
