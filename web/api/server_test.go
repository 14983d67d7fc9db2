package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

func newServer(t *testing.T) *httptest.Server {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	for _, id := range []gcs.VehicleID{"l1-1", "l1-2"} {
		f.Observe(gcs.Observation{Vehicle: id, Link: "l1", At: time.Now(), Update: gcs.Identity{Mode: "LOITER", Type: "quadrotor"}})
	}
	up := &gcstest.Uplink{Answer: func(id gcs.VehicleID, _ gcs.Command) error {
		if id == "l1-2" {
			return &gcs.RejectedError{Command: "MAV_CMD_COMPONENT_ARM_DISARM", Result: 1, ResultName: "MAV_RESULT_TEMPORARILY_REJECTED"}
		}
		return nil
	}}
	s := &Server{Fleet: f, Commander: &gcs.Commander{Fleet: f, Uplink: up}, MaxBody: 1024}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, method, url, body string) (int, string) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

func TestVehiclesEndpoints(t *testing.T) {
	srv := newServer(t)
	code, body := do(t, "GET", srv.URL+"/api/vehicles", "")
	require.Equal(t, 200, code)
	var vs []gcs.Vehicle
	require.NoError(t, json.Unmarshal([]byte(body), &vs))
	require.Len(t, vs, 2)
	require.Equal(t, "LOITER", vs[0].Mode)

	code, _ = do(t, "GET", srv.URL+"/api/vehicles/l1-2", "")
	require.Equal(t, 200, code)
	code, body = do(t, "GET", srv.URL+"/api/vehicles/nope", "")
	require.Equal(t, 404, code)
	require.Contains(t, body, "unknown vehicle")
	code, body = do(t, "GET", srv.URL+"/api/alerts", "")
	require.Equal(t, 200, code)
	require.JSONEq(t, "[]", body)
}

func TestCommandsGivePerVehicleResults(t *testing.T) {
	srv := newServer(t)
	code, body := do(t, "POST", srv.URL+"/api/commands", `{"command":{"kind":"arm"},"confirm":"fleet"}`)
	require.Equal(t, http.StatusMultiStatus, code)
	var got struct{ Results []gcs.Result }
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Len(t, got.Results, 2)
	require.True(t, got.Results[0].OK)
	require.False(t, got.Results[1].OK)
	require.Equal(t, 1, *got.Results[1].MAVResult)

	code, _ = do(t, "POST", srv.URL+"/api/commands", `{"targets":["l1-1"],"command":{"kind":"land"}}`)
	require.Equal(t, 200, code)
}

func TestHostileRequestsGetClearErrors(t *testing.T) {
	srv := newServer(t)
	cases := []struct {
		name, method, path, body string
		code                     int
		want                     string
	}{
		{"not JSON", "POST", "/api/commands", `{"command":`, 400, "bad JSON"},
		{"unknown field", "POST", "/api/commands", `{"command":{"kind":"arm"},"sudo":true}`, 400, "unknown field"},
		{"two values", "POST", "/api/commands", `{"command":{"kind":"arm"}}{}`, 400, "more than one"},
		{"oversize", "POST", "/api/commands", `{"targets":["` + strings.Repeat("x", 4096) + `"]}`, 400, "too large"},
		{"terminate the fleet", "POST", "/api/commands", `{"command":{"kind":"terminate","confirm":"l1-1"}}`, 400, "never to the fleet"},
		{"unknown order", "POST", "/api/commands", `{"targets":["l1-1"],"command":{"kind":"barrel-roll"}}`, 207, "unknown order"},
		{"unknown endpoint", "GET", "/api/nothing", "", 404, "no such API endpoint"},
		{"wrong method", "DELETE", "/api/vehicles", "", 404, "no such API endpoint"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			code, body := do(t, ca.method, srv.URL+ca.path, ca.body)
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.want)
		})
	}
}

// TestOrdersToATwoAircraftIDAreRefused: once two aircraft answer to one
// id, every order to it is refused with the reason and none is sent.
func TestOrdersToATwoAircraftIDAreRefused(t *testing.T) {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	f.Observe(gcs.Observation{Vehicle: "l1-4", Link: "l1", SystemID: 4, At: time.Now(), Update: gcs.Identity{Mode: "LOITER", Type: "quadrotor"}})
	f.Observe(gcs.Observation{Vehicle: "l1-4", Link: "l1", SystemID: 4, At: time.Now(), Update: gcs.ConflictUpdate{Detail: "system id 4 also heard from 127.0.0.1:9"}})
	sent := 0
	up := &gcstest.Uplink{Answer: func(gcs.VehicleID, gcs.Command) error { sent++; return nil }}
	s := &Server{Fleet: f, Commander: &gcs.Commander{Fleet: f, Uplink: up}}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	for _, kind := range []string{`{"kind":"mode","mode":"GUIDED"}`, `{"kind":"land"}`, `{"kind":"return"}`} {
		code, body := do(t, "POST", srv.URL+"/api/commands", `{"targets":["l1-4"],"command":`+kind+`}`)
		require.Equal(t, 207, code, body) // multi-status: a result per vehicle, none OK
		var res struct{ Results []gcs.Result }
		require.NoError(t, json.Unmarshal([]byte(body), &res))
		require.Len(t, res.Results, 1)
		require.False(t, res.Results[0].OK, kind)
		require.Contains(t, res.Results[0].Error, "two aircraft answer to this vehicle id")
		require.Contains(t, res.Results[0].Error, "system id 4 is used twice on link l1")
	}
	require.Zero(t, sent, "nothing is sent to a conflicted id")
}
