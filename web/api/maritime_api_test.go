package api

import (
	"encoding/json"
	"errors"
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

var marNow = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

const jpegHash = "1111111111111111111111111111111111111111111111111111111111111111"

// newFakeMaritime holds three targets (a dark contact v1, an identified
// contact v2 with AIS, an AIS-only vessel) and two incidents (i1 new with
// a snapshot, a track and AIS data; i2 closed).
func newFakeMaritime() *fakeMaritime {
	name := "NORDIC STAR"
	ais := &gcs.AISVessel{MMSI: 244123456, AISStatic: gcs.AISStatic{Name: name, CallSign: "PD1234", ShipType: 70}}
	return &fakeMaritime{now: marNow, rules: json.RawMessage(`{"loitering":{"radius_m":300}}`),
		targets: []gcs.Target{
			{ID: "v2", Status: gcs.TargetIdentified, Sources: []string{gcs.SourceCamera, gcs.SourceAIS}, Lat: 36.1, Lon: -5.4, Contact: "v2",
				MMSI: 244123456, AIS: ais, Course: 90, Speed: 4, Length: 80, Risk: gcs.Risk{Score: 10, Reasons: []gcs.RiskReason{{Factor: "zone", Points: 10, Text: "in the port approach"}}},
				LastSeen: marNow},
			{ID: "v1", Status: gcs.TargetDark, Sources: []string{gcs.SourceCamera}, Lat: 36.2, Lon: -5.5, Contact: "v1",
				Course: gcs.Unknown, Speed: 8, Length: gcs.Unknown, Risk: gcs.Risk{Score: 70, Reasons: []gcs.RiskReason{{Factor: "dark_vessel", Points: 70, Text: "no AIS for 12 min"}}},
				LastSeen: marNow},
			{ID: "ais-235000001", Status: gcs.TargetAIS, Sources: []string{gcs.SourceAIS}, Lat: 36.3, Lon: -5.6, MMSI: 235000001,
				AIS: &gcs.AISVessel{MMSI: 235000001, AISStatic: gcs.AISStatic{Name: "SEA FOX"}}, Course: 180, Speed: 2, Length: gcs.Unknown,
				Risk: gcs.Risk{Score: 5}, FirstSeen: marNow.Add(-time.Hour), LastSeen: marNow.Add(-time.Minute)},
		},
		incidents: map[string]gcs.Incident{
			"i1": {ID: "i1", Type: gcs.IncidentDark, Severity: gcs.IncidentHigh, State: gcs.IncidentNew, Title: "Dark vessel v1", Lat: 36.2, Lon: -5.5,
				Raised: marNow, Updated: marNow, Vessels: []gcs.IncidentVessel{{Target: "v1", Contact: "v1", Status: gcs.TargetDark}},
				Evidence: []gcs.Evidence{
					{Kind: gcs.EvidenceSnapshot, At: marNow, Vessel: "v1", File: jpegHash, MIME: "image/jpeg"},
					{Kind: gcs.EvidenceTrack, At: marNow, Vessel: "v1", Track: []gcs.TrackPoint{{At: marNow, Lat: 36.2, Lon: -5.5}}},
				},
				History: []gcs.IncidentChange{{At: marNow, By: "station", To: gcs.IncidentNew}}, Version: 1},
			"i2": {ID: "i2", Type: gcs.IncidentLoitering, Severity: gcs.IncidentLow, State: gcs.IncidentClosed, Title: "Loitering", Raised: marNow, Updated: marNow},
		},
		files: map[string][]byte{jpegHash: crop},
	}
}

func maritimeServer(t *testing.T, m Maritime, vs *gcs.Vessels) *httptest.Server {
	t.Helper()
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	s := &Server{Fleet: f, Maritime: m, Vessels: vs}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func send(t *testing.T, method, url, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

func TestMaritimeEndpointsWithoutPicture(t *testing.T) {
	srv := maritimeServer(t, nil, nil)
	for _, r := range [][2]string{{"GET", "/api/targets"}, {"GET", "/api/targets/v1"}, {"GET", "/api/incidents"},
		{"GET", "/api/incidents/i1"}, {"GET", "/api/incidents/i1/files/" + jpegHash}, {"POST", "/api/incidents/i1/state"},
		{"POST", "/api/incidents"}, {"GET", "/api/rules"}, {"PUT", "/api/rules"}} {
		code, body := do(t, r[0], srv.URL+r[1], "{}")
		require.Equal(t, http.StatusServiceUnavailable, code, r)
		require.Contains(t, body, "no maritime picture", r)
	}
	code, body := do(t, "GET", srv.URL+"/api/vessels", "")
	require.Equal(t, 501, code, "no contacts and no picture: as before")
	require.Contains(t, body, "no vessel contacts")
}

func TestTargetsEndpoints(t *testing.T) {
	m := newFakeMaritime()
	srv := maritimeServer(t, m, nil)
	code, body := do(t, "GET", srv.URL+"/api/targets", "")
	require.Equal(t, 200, code, body)
	var list []gcs.Target
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 3)
	require.Equal(t, []gcs.VesselID{"v1", "v2", "ais-235000001"}, []gcs.VesselID{list[0].ID, list[1].ID, list[2].ID}, "by risk")
	require.Equal(t, "no AIS for 12 min", list[0].Risk.Reasons[0].Text)

	code, body = do(t, "GET", srv.URL+"/api/targets/ais-235000001", "")
	require.Equal(t, 200, code, body)
	require.Contains(t, body, `"SEA FOX"`)
	require.Contains(t, body, `"status": "ais"`)

	for _, c := range []struct {
		path string
		code int
		msg  string
	}{
		{"/api/targets/v9", 404, "no such target"},
		{"/api/targets/a%20b", 400, "vessel id"},
		{"/api/targets/" + strings.Repeat("x", 65), 400, "vessel id"},
		{"/api/targets?limit=3", 400, "no query"},
	} {
		code, body := do(t, "GET", srv.URL+c.path, "")
		require.Equal(t, c.code, code, c.path)
		require.Contains(t, body, c.msg, c.path)
	}
	m.fail = errors.New("disk on fire")
	code, body = do(t, "GET", srv.URL+"/api/targets", "")
	require.Equal(t, 500, code)
	require.Contains(t, body, "disk on fire")
}

func TestVesselsJoinTheMaritimePicture(t *testing.T) {
	vs := &gcs.Vessels{Store: &gcstest.VesselStore{}, Now: func() time.Time { return marNow }}
	require.NoError(t, vs.Initialize())
	t.Cleanup(vs.Close)
	vs.Update(contact("v1", marNow))
	vs.Update(contact("v2", marNow.Add(time.Second)))
	vs.Update(contact("v3", marNow.Add(2*time.Second)))
	m := newFakeMaritime()
	srv := maritimeServer(t, m, vs)

	code, body := do(t, "GET", srv.URL+"/api/vessels", "")
	require.Equal(t, 200, code, body)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 4, "three contacts and one AIS-only vessel")
	byID := map[string]map[string]any{}
	for _, v := range list {
		byID[v["id"].(string)] = v
	}
	require.Equal(t, "v3", list[0]["id"], "contacts first, as before")
	require.NotContains(t, byID["v3"], "status", "no target holds it")
	v2 := byID["v2"]
	require.Equal(t, 244123456.0, v2["mmsi"])
	require.Equal(t, "NORDIC STAR", v2["name"])
	require.Equal(t, "PD1234", v2["call_sign"])
	require.Equal(t, 70.0, v2["ship_type"])
	require.Equal(t, "identified", v2["status"])
	require.Equal(t, []any{"camera", "ais"}, v2["sources"])
	require.Equal(t, 10.0, v2["risk"].(map[string]any)["score"])
	require.Equal(t, 0.9, v2["score"], "the contact's own fields stay")
	require.Equal(t, "dark", byID["v1"]["status"])
	a := list[3]
	require.Equal(t, "ais-235000001", a["id"])
	require.Equal(t, []any{"ais"}, a["sources"])
	require.Equal(t, "SEA FOX", a["name"])
	require.Equal(t, 36.3, a["lat"])
	require.Equal(t, 180.0, a["course"])
	require.Equal(t, 2.0, a["speed"])
	require.Equal(t, []any{}, a["seen_by"])

	code, body = do(t, "GET", srv.URL+"/api/vessels?since=2026-12-06T12:00:00.5Z", "")
	require.Equal(t, 200, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 2, "v2, v3; the AIS-only vessel was seen before")

	m.fail = errors.New("picture down")
	code, body = do(t, "GET", srv.URL+"/api/vessels", "")
	require.Equal(t, 200, code, "the contacts alone")
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 3)

	m.fail = nil
	srv = maritimeServer(t, m, nil)
	code, body = do(t, "GET", srv.URL+"/api/vessels", "")
	require.Equal(t, 200, code, "no cameras: the AIS-only vessels")
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 1)
}

func TestRulesEndpoints(t *testing.T) {
	m := newFakeMaritime()
	srv := maritimeServer(t, m, nil)
	code, body := do(t, "GET", srv.URL+"/api/rules", "")
	require.Equal(t, 200, code)
	require.JSONEq(t, `{"loitering":{"radius_m":300}}`, body)

	res, body := send(t, "PUT", srv.URL+"/api/rules", `{"loitering":{"radius_m":500}}`, map[string]string{OperatorHeader: "Ana"})
	require.Equal(t, 200, res.StatusCode, body)
	require.JSONEq(t, `{"loitering":{"radius_m":500}}`, body)
	require.Equal(t, "Ana", m.rulesBy)

	for _, c := range []struct{ name, body, msg string }{
		{"refused by the rules", `{"loitering":{"radius_m":-1}}`, "radius_m must be positive"},
		{"not an object", `[1]`, "JSON object"},
		{"empty", ``, "JSON object"},
		{"broken", `{"a":`, "bad JSON"},
		{"two values", `{} {}`, "more than one"},
		{"too big", `{"a":"` + strings.Repeat("x", 70<<10) + `"}`, "too large"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := do(t, "PUT", srv.URL+"/api/rules", c.body)
			require.Equal(t, 400, code, body)
			require.Contains(t, body, c.msg)
		})
	}
	res, body = send(t, "PUT", srv.URL+"/api/rules", `{}`, map[string]string{OperatorHeader: strings.Repeat("n", 101)})
	require.Equal(t, 400, res.StatusCode, body)
	require.Equal(t, "Ana", m.rulesBy, "unchanged")
}
