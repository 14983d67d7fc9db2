package api

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

// newParamServer serves the parameter API over one vehicle, l1-1, with a
// few ArduCopter parameters kept in memory.
func newParamServer(t *testing.T) (*httptest.Server, *gcstest.ParamLink) {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", SystemID: 1, At: time.Now(), Update: gcs.Identity{Mode: "LOITER", Type: "quadrotor"}})
	link := &gcstest.ParamLink{}
	link.Put("l1-1", "FENCE_RADIUS", 300, gcs.ParamReal32)
	link.Put("l1-1", "FENCE_ENABLE", 0, gcs.ParamInt8)
	link.Put("l1-1", "WPNAV_SPEED", 1000, gcs.ParamReal32)
	link.Put("l1-1", "SERVO1_MIN", 1100, gcs.ParamInt16)
	s := &Server{Fleet: f, Params: &gcs.Parameters{Fleet: f, Link: link}}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, link
}

func decodeJSON(t *testing.T, body string, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(body), v), body)
}

func TestParamAPIListRefreshAndSearch(t *testing.T) {
	srv, _ := newParamServer(t)
	base := srv.URL + "/api/vehicles/l1-1/params"
	code, body := do(t, "GET", base, "")
	require.Equal(t, 200, code, body)
	var tab paramTableJSON
	decodeJSON(t, body, &tab)
	require.True(t, tab.ReadAt.IsZero(), "not read yet")

	res, err := http.Post(base+"/refresh", "", nil)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, "application/x-ndjson", res.Header.Get("Content-Type"))
	var lines []refreshLine
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		var l refreshLine
		decodeJSON(t, sc.Text(), &l)
		lines = append(lines, l)
	}
	require.Equal(t, refreshLine{Received: 4, Total: 4, Done: true, OK: true}, lines[len(lines)-1])

	code, body = do(t, "GET", base+"?q=fence", "")
	require.Equal(t, 200, code)
	decodeJSON(t, body, &tab)
	require.Equal(t, 2, tab.Shown)
	require.Equal(t, "FENCE_ENABLE", tab.Params[0].Name)
	require.False(t, tab.ReadAt.IsZero())
}

func TestParamAPISetAsksConfirmsRefusesAndReadsBack(t *testing.T) {
	srv, link := newParamServer(t)
	url := srv.URL + "/api/vehicles/l1-1/params/"
	code, body := do(t, "GET", url+"FENCE_RADIUS", "")
	require.Equal(t, 200, code, body)
	var info gcs.ParamInfo
	decodeJSON(t, body, &info)
	require.Equal(t, 30.0, info.Limits.Min)
	require.Equal(t, "l1-1", info.Confirm)

	code, body = do(t, "PUT", url+"FENCE_RADIUS", `{"value": 450}`)
	require.Equal(t, http.StatusPreconditionRequired, code, body)
	var need struct{ Error, ConfirmRequired string }
	decodeJSON(t, strings.Replace(body, "confirm_required", "confirmrequired", 1), &need)
	require.Equal(t, "l1-1", need.ConfirmRequired)
	require.Contains(t, need.Error, "FENCE_RADIUS")

	code, body = do(t, "PUT", url+"FENCE_RADIUS", `{"value": 20, "confirm": "l1-1"}`)
	require.Equal(t, http.StatusUnprocessableEntity, code, body)
	require.Contains(t, body, "30 to 10000")

	code, body = do(t, "PUT", url+"FENCE_RADIUS", `{"value": 450, "confirm": "l1-1"}`)
	require.Equal(t, 200, code, body)
	var res gcs.ParamSetResult
	decodeJSON(t, body, &res)
	require.Equal(t, gcs.ParamSetResult{Vehicle: "l1-1", Name: "FENCE_RADIUS", Type: gcs.ParamReal32, Requested: 450, Previous: 300, Kept: 450, OK: true}, res)

	link.Keep = func(_ gcs.VehicleID, _ string, v float64) float64 { return v - 1 }
	code, body = do(t, "PUT", url+"WPNAV_SPEED", `{"value": 500}`)
	require.Equal(t, http.StatusConflict, code, body)
	decodeJSON(t, body, &res)
	require.False(t, res.OK)
	require.Equal(t, 499.0, res.Kept)
}

// TestParamAPIRefusesHostileInput: bad names, NaN, huge or junk bodies and
// unknown vehicles get clear 4xx answers, and nothing reaches the vehicle.
func TestParamAPIRefusesHostileInput(t *testing.T) {
	srv, link := newParamServer(t)
	v := srv.URL + "/api/vehicles/l1-1/params"
	cases := []struct {
		method, url, body string
		code              int
		says              string
	}{
		{"PUT", v + "/A_NAME_LONGER_THAN_16", `{"value": 1}`, 400, "1 to 16"},
		{"PUT", v + "/FENCE%20RADIUS", `{"value": 1}`, 400, "only letters"},
		{"GET", v + "/BAD-NAME", "", 400, "only letters"},
		{"PUT", v + "/WPNAV_SPEED", `{"value": NaN}`, 400, "bad JSON"},
		{"PUT", v + "/WPNAV_SPEED", `{"value": "nan"}`, 400, "bad JSON"},
		{"PUT", v + "/WPNAV_SPEED", `{"value": 1e400}`, 400, "bad JSON"},
		{"PUT", v + "/WPNAV_SPEED", `{"confirm": "l1-1"}`, 400, `no \"value\"`},
		{"PUT", v + "/WPNAV_SPEED", `{"value": 1, "extra": 2}`, 400, "unknown field"},
		{"PUT", v + "/WPNAV_SPEED", `{"value": 1e39}`, 422, "10 to 2000"},
		{"PUT", v + "/FENCE_RADIUS", `{"value": -0.5, "confirm": "l1-1"}`, 422, "30 to 10000"},
		{"PUT", v + "/SERVO1_MIN", `{"value": 1100.5}`, 422, "whole number"},
		{"PUT", v + "/NO_SUCH", `{"value": 1}`, 404, "unknown parameter"},
		{"PUT", srv.URL + "/api/vehicles/zz-9/params/WPNAV_SPEED", `{"value": 1}`, 404, "unknown vehicle"},
		{"PUT", v + "/WPNAV_SPEED", `{"value": ` + strings.Repeat("1", 70000) + `}`, 400, "too large"},
		{"GET", v + "?q=" + strings.Repeat("A", 65), "", 400, "64 characters"},
		{"POST", v + "/compare", "<html>junk</html>", 400, "not a parameter file"},
		{"POST", v + "/load", strings.Repeat("FENCE_RADIUS,300\n", 70000), 413, "too large"},
		{"POST", v + "/compare", "FENCE_RADIUS,300\n", 409, "read them first"},
		{"GET", v + ".file?format=csv", "", 400, "format must be"},
		{"GET", v + ".file", "", 409, "read them first"},
	}
	for _, ca := range cases {
		t.Run(ca.method+" "+ca.url[len(srv.URL):min(len(ca.url), len(srv.URL)+60)], func(t *testing.T) {
			code, body := do(t, ca.method, ca.url, ca.body)
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.says)
			require.Contains(t, body, `"error"`)
		})
	}
	require.Empty(t, link.Writes())
}

func TestParamAPIFilesCompareAndLoad(t *testing.T) {
	srv, link := newParamServer(t)
	v := srv.URL + "/api/vehicles/l1-1/params"
	code, _ := do(t, "POST", v+"/refresh", "")
	require.Equal(t, 200, code)

	code, body := do(t, "GET", v+".file?format=mp", "")
	require.Equal(t, 200, code, body)
	require.Contains(t, body, "# Skerry: parameters of l1-1, read ")
	require.Contains(t, body, "FENCE_ENABLE,0\nFENCE_RADIUS,300\nSERVO1_MIN,1100\nWPNAV_SPEED,1000\n")
	code, body = do(t, "GET", v+".file?format=qgc", "")
	require.Equal(t, 200, code, body)
	require.Contains(t, body, "1\t1\tFENCE_ENABLE\t0\t2\n")

	file := "FENCE_RADIUS,450\nWPNAV_SPEED,1000\nSERVO1_MIN,1000.5\nNOT_HERE,1\nthis line is junk\n"
	code, body = do(t, "POST", v+"/compare", file)
	require.Equal(t, 200, code, body)
	var cmp struct {
		File       fileJSON
		Comparison gcs.ParamComparison
	}
	decodeJSON(t, body, &cmp)
	require.Equal(t, 4, cmp.File.Params)
	require.Len(t, cmp.File.Issues, 1)
	require.Len(t, cmp.Comparison.Changed, 2)
	require.Equal(t, 1, cmp.Comparison.Same)

	code, body = do(t, "POST", v+"/load", file)
	require.Equal(t, 200, code, body)
	var load struct{ Report gcs.ParamLoadReport }
	decodeJSON(t, body, &load)
	require.False(t, load.Report.Applied, "a dry run without ?apply=1")
	require.Equal(t, "l1-1", load.Report.Confirm)
	require.Empty(t, link.Writes())

	code, body = do(t, "POST", v+"/load?apply=1", file)
	require.Equal(t, http.StatusPreconditionRequired, code, body)
	require.Contains(t, body, `"confirm_required": "l1-1"`)
	require.Empty(t, link.Writes())

	code, body = do(t, "POST", v+"/load?apply=1&confirm=l1-1", file)
	require.Equal(t, 200, code, body)
	decodeJSON(t, body, &load)
	require.True(t, load.Report.Applied)
	require.Equal(t, 1, load.Report.Set)
	require.Equal(t, 1, load.Report.Refused, "SERVO1_MIN is an int16")
	require.Equal(t, []string{"l1-1 FENCE_RADIUS=450"}, link.Writes())
}

func TestParamAPIWithoutParametersAnswers501(t *testing.T) {
	srv := newServer(t)
	code, body := do(t, "GET", srv.URL+"/api/vehicles/l1-1/params", "")
	require.Equal(t, 501, code, body)
}
