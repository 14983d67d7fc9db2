package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/api"
)

const algecirasZones = "../../mission/airspace/testdata/ed269_algeciras.json"

// TestSamePlanSameAnswerFromEveryFrontEnd plans a sector search next to
// LXGB01 from the command line and from the HTTP API under the same
// operation, and checks the orbit through LXGB01 both ways: both
// front ends go through gcs.Planning, so the plans are the same and so
// are the violations (before, each front end had its own planner dispatch
// and its own check, with different defaults and clocks).
func TestSamePlanSameAnswerFromEveryFrontEnd(t *testing.T) {
	dir := t.TempDir()
	cliPlan := filepath.Join(dir, "sector.geojson")
	var o, e bytes.Buffer
	args := []string{"plan", "sector", "--at", "36.151,-5.318", "--radius", "500", "--zones", algecirasZones, "--out", cliPlan}
	require.Equal(t, 0, Run(context.Background(), args, &o, &e), e.String())
	require.Contains(t, e.String(), "check under state: NOT lawful, 1 error:\n  error: plan: endurance: endurance exceeded: flight time 23m18s (13.5 km",
		"the plan command says how the plan fares under its operation")

	op, err := (&operationFlags{profile: gcs.DefaultProfile, zones: listFlag{algecirasZones}, pilots: 1}).operation()
	require.NoError(t, err)
	ops := &gcs.OperationStore{}
	ops.Set(op)
	api := httptest.NewServer((&api.Server{Fleet: newTestFleet(t), Operation: ops}).Handler())
	defer api.Close()
	var reply struct {
		Plan  json.RawMessage `json:"plan"`
		Check struct {
			Lawful     bool `json:"lawful"`
			Violations []struct{ Severity, Rule, Message string }
		} `json:"check"`
	}
	post(t, api.URL+"/api/plan/sector", `{"at": [36.151, -5.318], "radius": 500}`, &reply)
	require.False(t, reply.Check.Lawful)
	var errs []string
	for _, v := range reply.Check.Violations {
		if v.Severity == "error" {
			errs = append(errs, v.Rule+": "+v.Message)
		}
	}
	require.Len(t, errs, 1)
	require.Contains(t, e.String(), errs[0])
	data, err := os.ReadFile(cliPlan)
	require.NoError(t, err)
	require.Equal(t, waypoints(t, data), waypoints(t, reply.Plan), "the same plan from both front ends")

	// One unlawful file, checked by `skerry check` and POST /api/check.
	unlawful := filepath.Join(dir, "straight.plan")
	require.Equal(t, 0, Run(context.Background(), []string{"plan", "orbit", "--at", "36.151,-5.318", "--radius", "800", "--turns", "1", "--out", unlawful}, &o, &e))
	o.Reset()
	require.NotEqual(t, 0, Run(context.Background(), []string{"check", unlawful, "--zones", algecirasZones}, &o, &e))
	body, err := os.ReadFile(unlawful)
	require.NoError(t, err)
	var check struct {
		Violations []struct{ Severity, Rule, Message string } `json:"violations"`
	}
	post(t, api.URL+"/api/check?format=plan", string(body), &check)
	require.NotEmpty(t, check.Violations)
	for _, v := range check.Violations {
		require.Contains(t, o.String(), fmt.Sprintf(": %s: %s", v.Rule, v.Message), "the command line says what the API says")
	}
	require.Equal(t, len(check.Violations), strings.Count(o.String(), "\n")-strings.Count(o.String(), "    source:")-1, "and nothing more:\n%s", o.String())
}

func post(t *testing.T, url, body string, into any) {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.NoError(t, json.NewDecoder(res.Body).Decode(into))
}

// waypoints lists the positions of a Skerry GeoJSON plan's mission items.
func waypoints(t *testing.T, plan []byte) [][]float64 {
	t.Helper()
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	require.NoError(t, json.Unmarshal(plan, &fc))
	var out [][]float64
	for _, f := range fc.Features {
		if f.Geometry.Type != "Point" || f.Properties["kind"] == "home" {
			continue
		}
		var c []float64
		require.NoError(t, json.Unmarshal(f.Geometry.Coordinates, &c))
		out = append(out, c)
	}
	require.NotEmpty(t, out)
	return out
}

func newTestFleet(t *testing.T) *gcs.Fleet {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	return f
}
