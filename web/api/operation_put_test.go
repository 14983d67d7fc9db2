package api

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/mission/profile"
)

// flatTerrain is a terrain model: every point 12 m above the sea.
type flatTerrain struct{}

func (flatTerrain) Elevation(float64, float64) (float64, bool) { return 12, true }

// operationServer serves the API around op alone.
func operationServer(t *testing.T, op gcs.Operation) (*httptest.Server, *gcs.OperationStore) {
	t.Helper()
	o, err := gcs.NewOperation(op)
	require.NoError(t, err)
	ops := &gcs.OperationStore{}
	ops.Set(o)
	srv := httptest.NewServer((&Server{Operation: ops}).Handler())
	t.Cleanup(srv.Close)
	return srv, ops
}

// TestPutOperationWithWhatGetReturnedChangesNothing: a profile loaded from
// a file, then tightened, and a terrain model: PUT of exactly what GET
// returned keeps all three (before: 400 "no built-in profile", the
// built-in put back in place of the tightened one, the terrain dropped).
func TestPutOperationWithWhatGetReturnedChangesNothing(t *testing.T) {
	p, err := profile.Get("eu-sts-02")
	require.NoError(t, err)
	p.Name, p.MaxHeight = "harbour-ops", 90 // as profile.Load gives it, tightened
	srv, ops := operationServer(t, gcs.Operation{Profile: p, ProfileName: p.Name, Terrain: flatTerrain{}, Pilots: 2, Authorisations: []string{"APBA"}})
	before := ops.Get()

	code, body := do(t, "GET", srv.URL+"/api/operation", "")
	require.Equal(t, 200, code)
	code, put := do(t, "PUT", srv.URL+"/api/operation", body)
	require.Equal(t, 200, code, put)
	require.JSONEq(t, body, put)
	after := ops.Get()
	require.Equal(t, 90.0, after.Profile.MaxHeight, "the tightened profile is kept")
	require.Equal(t, "harbour-ops", after.ProfileName)
	require.NotNil(t, after.Terrain, "the terrain model is kept")
	require.Equal(t, before.Pilots, after.Pilots)
	require.Equal(t, before.Authorisations, after.Authorisations)
}

// TestPutOperationMergesTheFieldsPresent: {"endurance_s": 7200} changes
// the endurance alone (before: the profile silently became "state").
func TestPutOperationMergesTheFieldsPresent(t *testing.T) {
	p, err := profile.Get("eu-sts-02")
	require.NoError(t, err)
	srv, ops := operationServer(t, gcs.Operation{Profile: p, Pilots: 3, MaxWind: 12})
	code, body := do(t, "PUT", srv.URL+"/api/operation", `{"endurance_s": 7200}`)
	require.Equal(t, 200, code, body)
	op := ops.Get()
	require.Equal(t, "eu-sts-02", op.ProfileName)
	require.Equal(t, 3, op.Pilots)
	require.Equal(t, 12.0, op.MaxWind)
	require.Equal(t, 7200.0, op.Endurance.Seconds())

	code, _ = do(t, "PUT", srv.URL+"/api/operation", `{"pilot": [36.13, -5.44]}`)
	require.Equal(t, 200, code)
	require.NotNil(t, ops.Get().Pilot)
	code, _ = do(t, "PUT", srv.URL+"/api/operation", `{"pilot": null}`)
	require.Equal(t, 200, code)
	require.Nil(t, ops.Get().Pilot, "null removes the pilot")

	code, _ = do(t, "PUT", srv.URL+"/api/operation", `{"profile": "state"}`)
	require.Equal(t, 200, code)
	require.Equal(t, "state", ops.Get().ProfileName, "another name takes that built-in")
	for _, bad := range []string{`{"profile": "no-such"}`, `{"pilot": [91, 0]}`, `{"endurance_s": -5}`, `{"pilots": -1}`, `{"unknown": 1}`} {
		code, body = do(t, "PUT", srv.URL+"/api/operation", bad)
		require.Equal(t, 400, code, "%s: %s", bad, body)
	}
	require.Equal(t, "state", ops.Get().ProfileName, "refused changes change nothing")
}
