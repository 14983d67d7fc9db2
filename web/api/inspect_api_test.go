package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
	"skerry/mission/airspace"
)

// inspectServer is the API over a real inspector: a fleet with one drone
// flying west of the boats, a recording uplink, a picture of three boats
// (one in open water, one 50 km away, one inside a prohibited circle)
// and an operation with that circle.
func inspectServer(t *testing.T) (*httptest.Server, *gcstest.Uplink) {
	t.Helper()
	f := &gcs.Fleet{Events: &gcs.Events{}}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	obs := func(u gcs.Update) {
		f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", SystemID: 1, At: time.Now(), Update: u})
	}
	obs(gcs.Identity{Mode: "GUIDED", Type: "quadrotor", Autopilot: "ardupilot", Armed: true})
	obs(gcs.HomeUpdate{Home: gcs.Position{Lat: 36.15, Lon: -5.40, AltAMSL: 2}})
	obs(gcs.LandedUpdate{Landed: "in_air"})
	obs(gcs.GlobalPosition{Position: gcs.Position{Lat: 36.15, Lon: -5.40, AltAMSL: 42, AltRel: 40}})
	obs(gcs.BatteryUpdate{Battery: gcs.Battery{Voltage: gcs.Unknown, Current: gcs.Unknown, Remaining: 90, ConsumedMAh: gcs.Unknown}})
	obs(gcs.CameraUpdate{Camera: gcs.VehicleCamera{Component: 100, HFOV: 60}})
	f.Vehicles()

	zone := airspace.Zone{ID: "P1", Name: "Prohibited test circle", Restriction: airspace.Prohibited, Source: "test",
		Volumes: []airspace.Volume{{Circle: &airspace.Circle{Center: orb.Point{-5.389, 36.15}, Radius: 200},
			Lower: airspace.Limit{Ref: airspace.AGL}, Upper: airspace.Limit{Unlimited: true}}}}
	op, err := gcs.NewOperation(gcs.Operation{Zones: []airspace.Zone{zone}})
	require.NoError(t, err)
	store := &gcs.OperationStore{}
	store.Set(op)
	now := time.Now()
	m := &fakeMaritime{now: now, targets: []gcs.Target{
		{ID: "ais-224765432", Status: gcs.TargetAIS, Lat: 36.16, Lon: -5.40, At: now, LastSeen: now, Course: gcs.Unknown, Speed: gcs.Unknown},
		{ID: "v9", Status: gcs.TargetDark, Lat: 36.60, Lon: -5.40, At: now, LastSeen: now, Course: gcs.Unknown, Speed: gcs.Unknown},
		{ID: "v1", Status: gcs.TargetDark, Lat: 36.15, Lon: -5.389, At: now, LastSeen: now, Course: gcs.Unknown, Speed: gcs.Unknown},
	}, incidents: map[string]gcs.Incident{"inc-1": {ID: "inc-1", Vessels: []gcs.IncidentVessel{{Target: "ais-224765432"}}}}}
	up := &gcstest.Uplink{}
	cmd := &gcs.Commander{Fleet: f, Uplink: up, Operation: store, Events: f.Events}
	insp := &gcs.Inspector{Fleet: f, Commander: cmd, Operation: store, Targets: m, Events: f.Events, Period: time.Hour, MaxRadius: 200}
	require.NoError(t, insp.Initialize())
	t.Cleanup(insp.Close)
	srv := httptest.NewServer((&Server{Fleet: f, Commander: cmd, Operation: store, Maritime: m, Inspect: insp}).Handler())
	t.Cleanup(srv.Close)
	return srv, up
}

func TestInspectPlanAnswersTheDroneOrWhyNot(t *testing.T) {
	srv, up := inspectServer(t)
	code, body := do(t, "POST", srv.URL+"/api/inspect/plan", `{"incident":"inc-1"}`)
	require.Equal(t, http.StatusOK, code, body)
	var plan gcs.InspectPlan
	require.NoError(t, json.Unmarshal([]byte(body), &plan))
	require.Equal(t, gcs.VehicleID("l1-1"), plan.Vehicle)
	require.Equal(t, gcs.VesselID("ais-224765432"), plan.Target)
	require.Equal(t, 150.0, plan.Radius)
	require.Len(t, plan.Points, gcs.DefaultInspectPoints)
	require.Len(t, plan.Candidates, 1)
	require.True(t, plan.Candidates[0].Chosen)

	code, body = do(t, "POST", srv.URL+"/api/inspect/plan", `{"target":"ais-224765432","vehicle":"l1-1","radius":250,"altitude":70}`)
	require.Equal(t, http.StatusOK, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &plan))
	require.Equal(t, 250.0, plan.Radius)
	require.Equal(t, 70.0, plan.Altitude)

	// 50 km away: no drone has the battery; 409 with the reasons.
	code, body = do(t, "POST", srv.URL+"/api/inspect/plan", `{"target":"v9"}`)
	require.Equal(t, http.StatusConflict, code, body)
	var refusal struct {
		Error      string
		Reasons    []string
		Candidates []gcs.InspectCandidate
	}
	require.NoError(t, json.Unmarshal([]byte(body), &refusal))
	require.Contains(t, refusal.Reasons[0], "battery 90 % is short of")
	require.Len(t, refusal.Candidates, 1)
	require.False(t, refusal.Candidates[0].Eligible)

	// In the middle of P1, with no room to widen: 422 naming the zone.
	code, body = do(t, "POST", srv.URL+"/api/inspect/plan", `{"target":"v1"}`)
	require.Equal(t, http.StatusUnprocessableEntity, code, body)
	require.Contains(t, body, "P1")

	code, body = do(t, "POST", srv.URL+"/api/inspect/plan", `{"target":"v404"}`)
	require.Equal(t, http.StatusNotFound, code, body)
	code, _ = do(t, "POST", srv.URL+"/api/inspect/plan", `{"incident":"i404"}`)
	require.Equal(t, http.StatusNotFound, code)
	code, _ = do(t, "POST", srv.URL+"/api/inspect/plan", `{"target":"v1","vehicle":"l9-9"}`)
	require.Equal(t, http.StatusNotFound, code)

	for _, bad := range []string{``, `{}`, `{"target":"v1","x":1}`, `{"target":"v1","radius":5}`, `{"target":"v1","radius":"150"}`,
		`{"target":"v1","altitude":-1}`, `{"target":"v1","altitude":1e999}`, `{"target":"v 1"}`, `{"incident":"../x"}`,
		`{"target":"v1","vehicle":"` + strings.Repeat("a", 65) + `"}`, `{"target":"v1"}{}`, `[`, `{"target":"v1","by":"a\u0000"}`,
		`{"target":"v1","by":"` + strings.Repeat("x", 5000) + `"}`} {
		code, body = do(t, "POST", srv.URL+"/api/inspect/plan", bad)
		require.Equal(t, http.StatusBadRequest, code, "%s: %s", bad, body)
	}
	require.Empty(t, up.Orders("l1-1"), "planning flies nothing")
}

func TestInspectStartListAndEnd(t *testing.T) {
	srv, up := inspectServer(t)
	code, body := do(t, "POST", srv.URL+"/api/inspect", `{"target":"ais-224765432","vehicle":"l1-1"}`)
	require.Equal(t, http.StatusPreconditionRequired, code, body)
	code, _ = do(t, "POST", srv.URL+"/api/inspect", `{"target":"ais-224765432","confirm":true}`)
	require.Equal(t, http.StatusPreconditionRequired, code, "the drone named")
	require.Empty(t, up.Orders("l1-1"))

	req, err := http.NewRequest("POST", srv.URL+"/api/inspect", strings.NewReader(`{"target":"ais-224765432","vehicle":"l1-1","radius":200,"confirm":true}`))
	require.NoError(t, err)
	req.Header.Set(OperatorHeader, "Ana Ruiz")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var sess gcs.InspectSession
	require.NoError(t, json.NewDecoder(res.Body).Decode(&sess))
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode)
	require.Equal(t, "Ana Ruiz", sess.By)
	require.Equal(t, 200.0, sess.Radius)
	require.True(t, sess.Active())

	code, body = do(t, "POST", srv.URL+"/api/inspect", `{"target":"ais-224765432","vehicle":"l1-1","confirm":true}`)
	require.Equal(t, http.StatusConflict, code, "already inspecting: %s", body)

	var list []gcs.InspectSession
	code, body = do(t, "GET", srv.URL+"/api/inspect", "")
	require.Equal(t, http.StatusOK, code)
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 1)
	require.Equal(t, sess.ID, list[0].ID)
	code, _ = do(t, "GET", srv.URL+"/api/inspect/"+sess.ID, "")
	require.Equal(t, http.StatusOK, code)
	code, _ = do(t, "GET", srv.URL+"/api/inspect/nope", "")
	require.Equal(t, http.StatusNotFound, code)
	code, _ = do(t, "GET", srv.URL+"/api/inspect/a%20b", "")
	require.Equal(t, http.StatusBadRequest, code)
	code, _ = do(t, "GET", srv.URL+"/api/inspect?x=1", "")
	require.Equal(t, http.StatusBadRequest, code)

	code, body = do(t, "DELETE", srv.URL+"/api/inspect/"+sess.ID, "")
	require.Equal(t, http.StatusOK, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &sess))
	require.Equal(t, gcs.InspectEnded, sess.Phase)
	require.Equal(t, "return", sess.Then)
	require.True(t, strings.HasPrefix(sess.EndReason, gcs.InspectEndPilot))
	orders := up.Orders("l1-1")
	require.Equal(t, gcs.CmdReturn, orders[len(orders)-1].Kind)
	code, _ = do(t, "POST", srv.URL+"/api/inspect/"+sess.ID+"/end", "")
	require.Equal(t, http.StatusOK, code, "ending an ended session answers it")
	code, _ = do(t, "DELETE", srv.URL+"/api/inspect/nope", "")
	require.Equal(t, http.StatusNotFound, code)
}

func TestInspectWithoutAnInspectorIs503(t *testing.T) {
	srv := newServer(t)
	for _, r := range [][2]string{{"POST", "/api/inspect/plan"}, {"POST", "/api/inspect"}, {"GET", "/api/inspect"}, {"DELETE", "/api/inspect/x"}} {
		code, _ := do(t, r[0], srv.URL+r[1], `{"target":"v1"}`)
		require.Equal(t, http.StatusServiceUnavailable, code, r)
	}
}
