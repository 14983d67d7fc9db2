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

var crop = []byte("\xff\xd8\xff\xe0 crop \xff\xd9")

func vesselServer(t *testing.T, vs *gcs.Vessels) *httptest.Server {
	t.Helper()
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	s := &Server{Fleet: f, Vessels: vs}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func contact(id gcs.VesselID, at time.Time) gcs.VesselUpdate {
	return gcs.VesselUpdate{Vessel: gcs.Vessel{ID: id, Lat: 36.13, Lon: -5.42, ErrorM: 11, Course: gcs.Unknown, Speed: 2.5,
		Length: 14, Score: 0.9, LastSeen: at, SeenBy: []gcs.Sighting{{Vehicle: "sim1-1", Stream: "c100s1", At: at, Box: [4]int{5, 6, 7, 8}}}}}
}

func TestVesselsEndpoints(t *testing.T) {
	clock := gcstest.NewClock(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))
	vs := &gcs.Vessels{Store: &gcstest.VesselStore{}, Now: clock.Now}
	require.NoError(t, vs.Initialize())
	t.Cleanup(vs.Close)
	srv := vesselServer(t, vs)
	t0 := clock.Now()

	code, body := do(t, "GET", srv.URL+"/api/vessels", "")
	require.Equal(t, 200, code)
	require.JSONEq(t, "[]", body)

	for i := range 3 {
		vs.Update(contact("v1", t0.Add(time.Duration(2*i)*time.Second)))
	}
	u := contact("v2", t0.Add(time.Minute))
	u.Snapshot = crop
	vs.Update(u)

	code, body = do(t, "GET", srv.URL+"/api/vessels", "")
	require.Equal(t, 200, code, body)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 2)
	require.Equal(t, "v2", list[0]["id"], "newest seen first")
	require.Equal(t, "/api/vessels/v2/snapshot.jpg", list[0]["snapshot"])
	require.NotContains(t, list[1], "track")
	require.NotContains(t, list[1], "snapshot", "none yet")
	require.Nil(t, list[1]["course"], "unknown is null")
	for _, k := range []string{"lat", "lon", "error_m", "speed", "length", "score", "first_seen", "last_seen", "seen_by"} {
		require.Contains(t, list[1], k)
	}

	code, body = do(t, "GET", srv.URL+"/api/vessels?since=2026-12-06T12:00:30Z", "")
	require.Equal(t, 200, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 1)

	code, body = do(t, "GET", srv.URL+"/api/vessels/v1", "")
	require.Equal(t, 200, code, body)
	var one gcs.Vessel
	require.NoError(t, json.Unmarshal([]byte(body), &one))
	require.Len(t, one.Track, 3)
	require.Equal(t, t0, one.FirstSeen)
	require.Equal(t, "sim1-1", string(one.SeenBy[0].Vehicle))

	res, err := http.Get(srv.URL + "/api/vessels/v2/snapshot.jpg")
	require.NoError(t, err)
	pic, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	require.Equal(t, "image/jpeg", res.Header.Get("Content-Type"))
	require.Equal(t, crop, pic)

	cases := []struct {
		name, path string
		code       int
		msg        string
	}{
		{"unknown contact", "/api/vessels/v9", 404, "no such vessel"},
		{"no picture yet", "/api/vessels/v1/snapshot.jpg", 404, "no picture"},
		{"unknown contact's picture", "/api/vessels/v9/snapshot.jpg", 404, "no such vessel"},
		{"bad id", "/api/vessels/a%20b", 400, "vessel id"},
		{"dotted id with a NUL", "/api/vessels/v1%00", 400, "vessel id"},
		{"huge id", "/api/vessels/" + strings.Repeat("v", 5000), 400, "vessel id"},
		{"huge id's picture", "/api/vessels/" + strings.Repeat("v", 5000) + "/snapshot.jpg", 400, "vessel id"},
		{"bad since", "/api/vessels?since=yesterday", 400, "RFC 3339"},
		{"unknown parameter", "/api/vessels?limit=5", 400, "unknown or repeated"},
		{"repeated since", "/api/vessels?since=2026-12-06T12:00:30Z&since=2026-12-06T12:00:30Z", 400, "unknown or repeated"},
		{"huge query", "/api/vessels?since=" + strings.Repeat("9", 100000), 400, "query too long"},
		{"bad escape", "/api/vessels?since=%zz", 400, "bad query"},
		{"no such route", "/api/vessels/v1/track", 404, "no such API endpoint"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			code, body := do(t, "GET", srv.URL+ca.path, "")
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.msg)
		})
	}
	code, _ = do(t, "POST", srv.URL+"/api/vessels", "{}")
	require.Equal(t, http.StatusNotFound, code, "as every other unknown route under /api/")
}

func TestVesselsEndpointsWithoutVessels(t *testing.T) {
	srv := vesselServer(t, nil)
	for _, p := range []string{"/api/vessels", "/api/vessels/v1", "/api/vessels/v1/snapshot.jpg"} {
		code, body := do(t, "GET", srv.URL+p, "")
		require.Equal(t, 501, code, p)
		require.Contains(t, body, "no vessel contacts")
	}
}

func TestVesselsEndpointsWhenClosed(t *testing.T) {
	vs := &gcs.Vessels{}
	require.NoError(t, vs.Initialize())
	vs.Close()
	srv := vesselServer(t, vs)
	code, _ := do(t, "GET", srv.URL+"/api/vessels", "")
	require.Equal(t, 500, code)
}
