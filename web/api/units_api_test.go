package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// requireNoSecrets fails when a response body holds a unit's secret or
// token.
func requireNoSecrets(t *testing.T, body string) {
	t.Helper()
	for _, s := range []string{secretA, tokenA, tokenB, "s3cr3t", "t0k3n"} {
		require.NotContains(t, body, s)
	}
	require.NotContains(t, body, `"secret"`)
	require.NotContains(t, body, `"token"`)
}

func TestUnitsWithoutService(t *testing.T) {
	srv := unitsServer(t, nil)
	for _, p := range []string{"GET /api/units", "GET /api/units/a", "PUT /api/units/a", "DELETE /api/units/a",
		"GET /api/reports", "GET /api/reports/r1", "POST /api/reports/r1/ack", "GET /api/units/a/reports"} {
		m, path, _ := strings.Cut(p, " ")
		code, body := do(t, m, srv.URL+path, "{}")
		require.Equal(t, http.StatusServiceUnavailable, code, p)
		require.Contains(t, body, "no maritime units", p)
	}
}

func TestUnitsListAndGetNeverShowSecrets(t *testing.T) {
	f := newFakeUnits()
	srv := unitsServer(t, f)
	code, body := do(t, "GET", srv.URL+"/api/units", "")
	require.Equal(t, 200, code, body)
	requireNoSecrets(t, body)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 2)
	require.Equal(t, "boat-b", list[0]["id"])
	require.Equal(t, false, list[0]["has_secret"])
	require.Equal(t, true, list[0]["has_token"])
	require.Equal(t, true, list[0]["default"])
	require.EqualValues(t, 2, list[0]["pending"], "r3 and r4 not delivered")
	require.Equal(t, "cutter-a", list[1]["id"])
	require.Equal(t, true, list[1]["has_secret"])
	require.EqualValues(t, 1, list[1]["pending"], "r2 failing")
	require.Equal(t, []any{"dark_vessel"}, list[1]["types"])

	code, body = do(t, "GET", srv.URL+"/api/units/cutter-a", "")
	require.Equal(t, 200, code, body)
	requireNoSecrets(t, body)
	require.Contains(t, body, `"has_secret": true`)
	require.Contains(t, body, `"radius_m": 20000`)

	code, body = do(t, "GET", srv.URL+"/api/units/nobody", "")
	require.Equal(t, 404, code, body)
	code, body = do(t, "GET", srv.URL+"/api/units/bad%20id", "")
	require.Equal(t, 400, code, body)
	require.Contains(t, body, "is not one")
	code, _ = do(t, "GET", srv.URL+"/api/units/"+strings.Repeat("a", 65), "")
	require.Equal(t, 400, code)
}

func TestPutUnit(t *testing.T) {
	f := newFakeUnits()
	srv := unitsServer(t, f)

	// Editing without the secret keeps it, and the answer does not show it.
	code, body := do(t, "PUT", srv.URL+"/api/units/cutter-a", `{"name":"Cutter A2","webhook":"https://a.example/cap","format":"geojson"}`)
	require.Equal(t, 200, code, body)
	requireNoSecrets(t, body)
	require.Contains(t, body, `"has_secret": true`)
	require.Contains(t, body, `"Cutter A2"`)
	require.Equal(t, secretA, f.units["cutter-a"].Secret)

	// A new unit with a secret: stored, never given back.
	code, body = do(t, "PUT", srv.URL+"/api/units/ops-centre", `{"id":"ops-centre","name":"Ops","secret":"s3cr3t-new","token":"t0k3n-new","default":true}`)
	require.Equal(t, 200, code, body)
	requireNoSecrets(t, body)
	require.Equal(t, "s3cr3t-new", f.units["ops-centre"].Secret)
	require.Equal(t, "t0k3n-new", f.units["ops-centre"].Token)

	for _, c := range []struct {
		path, body string
		code       int
		msg        string
	}{
		{"ops-centre", `{"id":"other","name":"x"}`, 400, "is not the path's"},
		{"ops-centre", `{"name":"x","colour":"red"}`, 400, "unknown field"},
		{"ops-centre", `{"name":"x"}{}`, 400, "more than one value"},
		{"ops-centre", `{"name":`, 400, "bad JSON"},
		{"ops-centre", `{"name":""}`, 400, "bad unit"},
		{"ops-centre", `{"name":"x","area":{"lat":"north"}}`, 400, "bad JSON"},
		{"bad!id", `{"name":"x"}`, 400, "is not one"},
		{"ops-centre", `{"name":"` + strings.Repeat("x", maxUnitBody) + `"}`, 413, "64 KiB"},
	} {
		code, body := do(t, "PUT", srv.URL+"/api/units/"+c.path, c.body)
		require.Equal(t, c.code, code, c.body)
		require.Contains(t, body, c.msg)
	}

	// A store failure is a 500 that does not tell what failed inside.
	f.put = func(context.Context, gcs.Unit) (gcs.Unit, error) {
		return gcs.Unit{}, errors.New("disk I/O error at /secret/path")
	}
	code, body = do(t, "PUT", srv.URL+"/api/units/ops-centre", `{"name":"x"}`)
	require.Equal(t, 500, code)
	require.NotContains(t, body, "/secret/path")
}

func TestDeleteUnit(t *testing.T) {
	f := newFakeUnits()
	srv := unitsServer(t, f)
	code, body := do(t, "DELETE", srv.URL+"/api/units/boat-b", "")
	require.Equal(t, 204, code, body)
	require.NotContains(t, f.units, gcs.UnitID("boat-b"))
	code, body = do(t, "DELETE", srv.URL+"/api/units/boat-b", "")
	require.Equal(t, 404, code, body)
	require.Contains(t, body, "no such unit")
}
