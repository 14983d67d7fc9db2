package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/api"
	"skerry/web/live"
	"skerry/web/live/livetest"
)

// newServer serves a fleet of two through the API, with the console and
// the metrics; no live feed.
func newServer(t *testing.T) *httptest.Server {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	for _, id := range []gcs.VehicleID{"l1-1", "l1-2"} {
		f.Observe(gcs.Observation{Vehicle: id, Link: "l1", At: time.Now(), Update: gcs.Identity{Mode: "LOITER", Type: "quadrotor"}})
	}
	srv := httptest.NewServer((&Server{API: &api.Server{Fleet: f}}).Handler())
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

// TestServerMountsEveryPart: the API, the feed, the metrics and the
// console answer side by side on one handler, the console's routes under
// /api/ before the API's JSON 404, and no other /api/ path past it.
func TestServerMountsEveryPart(t *testing.T) {
	e := newFeedEnv(t, func(s *Server) { s.Basemap = []byte(`{"type":"FeatureCollection","features":[]}`) })
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "LOITER"})
	cases := []struct {
		method, path string
		code         int
		want         string
	}{
		{"GET", "/api/vehicles/l1-1", 200, `"mode": "LOITER"`},
		{"GET", "/api/operation", 404, "no operation is set"},
		{"GET", "/api/", 200, "GET  /ws "},
		{"GET", "/api/console", 200, `"tiles": null`},
		{"GET", "/api/basemap", 200, "FeatureCollection"},
		{"POST", "/api/console", 404, "no such API endpoint: POST /api/console"},
		{"GET", "/api/nothing", 404, "no such API endpoint"},
		{"GET", "/metrics", 200, "skerry_ws_clients 0\n"},
		{"GET", "/", 200, "<html"},
		{"GET", "/static/app.js", 200, "import"},
		{"GET", "/ws", 400, "Bad Request"}, // a GET that is no websocket upgrade
	}
	for _, ca := range cases {
		t.Run(ca.method+" "+ca.path, func(t *testing.T) {
			code, body := do(t, ca.method, e.srv.URL+ca.path, "")
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.want)
		})
	}
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, live.MsgSnapshot, c.Next().Type)
}
