package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// otherHash is evidence of i3, an incident only boat-b has reports about.
const otherHash = "2222222222222222222222222222222222222222222222222222222222222222"

// unitViewStation is the API over the fake units (cutter-a: reports r1,
// r2 about i1; boat-b: r3 about i1, r4 about i2, r5 about i3) and the
// fake maritime picture, whose dark v1 is watched now by drone d1 (in the
// fleet, flying) and was seen ten minutes ago by d2.
func unitViewStation(t *testing.T) (*httptest.Server, *fakeUnits, *fakeMaritime) {
	t.Helper()
	fu, fm := newFakeUnits(), newFakeMaritime()
	now := time.Now().UTC()
	for i := range fm.targets {
		if fm.targets[i].ID == "v1" {
			fm.targets[i].SeenBy = []gcs.Sighting{{Vehicle: "d1", Stream: "c100s1", At: now}, {Vehicle: "d2", Stream: "c100s1", At: now.Add(-10 * time.Minute)}}
		}
	}
	fm.incidents["i3"] = gcs.Incident{ID: "i3", Type: gcs.IncidentZoneEntry, Severity: gcs.IncidentHigh, State: gcs.IncidentNew, Title: "Zone entry",
		Lat: 36.14, Lon: -5.35, Raised: marNow.Add(time.Minute), Updated: marNow.Add(time.Minute), Version: 1,
		Evidence: []gcs.Evidence{{Kind: gcs.EvidenceSnapshot, At: marNow, File: otherHash, MIME: "image/jpeg"}}}
	fm.files[otherHash] = []byte("\xff\xd8\xff\xe0 boat-b's \xff\xd9")
	fu.reports["r5"] = gcs.Report{ID: "r5", Unit: "boat-b", Incident: "i3", Version: 1, Kind: gcs.ReportAlert, Seq: 3, Status: gcs.ReportDelivered, Created: t0.Add(time.Hour)}

	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	f.Observe(gcs.Observation{Vehicle: "d1", Link: "l1", At: now, Update: gcs.Identity{Type: "quadrotor", Mode: "AUTO", Armed: true}})
	f.Observe(gcs.Observation{Vehicle: "d1", Link: "l1", At: now, Update: gcs.GlobalPosition{Position: gcs.Position{Lat: 36.2012345, Lon: -5.4987654, AltRel: 119.6}}})
	require.Eventually(t, func() bool { v, ok := f.Vehicle("d1"); return ok && v.HasPosition }, 5*time.Second, 10*time.Millisecond)
	srv := httptest.NewServer((&Server{Fleet: f, Maritime: fm, Units: fu}).Handler())
	t.Cleanup(srv.Close)
	return srv, fu, fm
}

func bearerOf(tok string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + tok}
}

func getPage(t *testing.T, url, tok string) (*http.Response, unitPage, string) {
	t.Helper()
	res, body := send(t, "GET", url+"/api/unitview", "", bearerOf(tok))
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	var p unitPage
	require.NoError(t, json.Unmarshal([]byte(body), &p))
	return res, p, body
}

func TestUnitViewShowsTheUnitsOwnIncidents(t *testing.T) {
	srv, _, _ := unitViewStation(t)
	res, p, body := getPage(t, srv.URL, tokenA)
	require.Equal(t, "application/json", res.Header.Get("Content-Type"))
	require.Regexp(t, `^W/"[0-9a-f]{24}"$`, res.Header.Get("ETag"))
	require.Equal(t, gcs.UnitID("cutter-a"), p.Unit.ID)
	require.Equal(t, "Cutter A", p.Unit.Name)
	require.Len(t, p.Incidents, 1, "only i1: cutter-a has no reports about i2 or i3")
	inc := p.Incidents[0]
	require.Equal(t, "i1", inc.ID)
	require.Equal(t, gcs.IncidentHigh, inc.Severity)
	require.Equal(t, unitReport{ID: "r2", Kind: gcs.ReportUpdate, Version: 2, Status: gcs.ReportFailing}, inc.Report, "the latest report is the one to acknowledge")
	require.Equal(t, "/api/unitview/files/"+jpegHash, inc.Snapshot)
	require.Len(t, inc.Vessels, 1)
	v := inc.Vessels[0]
	require.Equal(t, gcs.VesselID("v1"), v.Target)
	require.Equal(t, gcs.TargetDark, v.Status)
	require.InDelta(t, 36.2, *v.Lat, 1e-9)
	require.InDelta(t, 15.6, *v.Speed, 1e-9, "8 m/s in knots, to a tenth")
	require.Nil(t, v.Course, "an unknown course is left out")
	require.Len(t, inc.Watchers, 1, "d2 saw it ten minutes ago: no longer watching")
	d := inc.Watchers[0]
	require.Equal(t, gcs.VehicleID("d1"), d.ID)
	require.Equal(t, 36.20123, *d.Lat, "rounded to about a metre")
	require.Equal(t, 120.0, *d.AltM)
	for _, secret := range []string{secretA, tokenA, tokenB, "Boat B", "i3", otherHash} {
		require.NotContains(t, body, secret)
	}
	require.NotContains(t, body, "\n", "compact")
}

func TestUnitViewIsolatesUnits(t *testing.T) {
	srv, _, _ := unitViewStation(t)
	_, p, body := getPage(t, srv.URL, tokenB)
	var ids []string
	for _, inc := range p.Incidents {
		ids = append(ids, inc.ID)
	}
	require.Equal(t, []string{"i3", "i2", "i1"}, ids, "newest raised first, then the latest reported")
	require.Equal(t, "r3", p.Incidents[2].Report.ID, "boat-b's own report about i1, not cutter-a's")
	require.NotContains(t, body, "r2")
	require.NotContains(t, body, tokenA)

	for _, ca := range []struct {
		tok, hash string
		code      int
	}{
		{tokenA, jpegHash, 200},
		{tokenB, jpegHash, 200},
		{tokenB, otherHash, 200},
		{tokenA, otherHash, 404}, // another unit's incident's file
		{tokenA, strings.Repeat("3", 64), 404},
		{tokenA, "ABC", 400},
		{"nope", jpegHash, 401},
	} {
		res, body := send(t, "GET", srv.URL+"/api/unitview/files/"+ca.hash, "", bearerOf(ca.tok))
		require.Equal(t, ca.code, res.StatusCode, "%s %s: %s", ca.tok, ca.hash, body)
		if ca.code == 200 {
			require.Equal(t, "image/jpeg", res.Header.Get("Content-Type"))
			require.Equal(t, `"`+ca.hash+`"`, res.Header.Get("ETag"))
			require.Contains(t, res.Header.Get("Cache-Control"), "private")
		}
	}
}

func TestUnitViewAnswersUnchangedWith304(t *testing.T) {
	srv, fu, fm := unitViewStation(t)
	res, _, _ := getPage(t, srv.URL, tokenA)
	etag := res.Header.Get("ETag")
	version := strings.Trim(strings.TrimPrefix(etag, "W/"), `"`)

	for _, h := range []map[string]string{
		{"Authorization": "Bearer " + tokenA, "If-None-Match": etag},
		{"Authorization": "Bearer " + tokenA, "If-None-Match": `"x", "` + version + `"`},
	} {
		res, body := send(t, "GET", srv.URL+"/api/unitview", "", h)
		require.Equal(t, http.StatusNotModified, res.StatusCode)
		require.Empty(t, body)
		require.Equal(t, etag, res.Header.Get("ETag"))
	}
	res, body := send(t, "GET", srv.URL+"/api/unitview?since="+version, "", bearerOf(tokenA))
	require.Equal(t, http.StatusNotModified, res.StatusCode, body)
	res, _ = send(t, "GET", srv.URL+"/api/unitview", "", map[string]string{"Authorization": "Bearer nope", "If-None-Match": etag})
	require.Equal(t, http.StatusUnauthorized, res.StatusCode, "a version is no key")

	// The unit acknowledges through the reports route; the view changes.
	res, body = send(t, "POST", srv.URL+"/api/reports/r2/ack", "", bearerOf(tokenA))
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	_, err := fm.StepIncident(t.Context(), "i1", gcs.IncidentDispatched, "ops", "")
	require.NoError(t, err)
	res, body = send(t, "GET", srv.URL+"/api/unitview", "", map[string]string{"Authorization": "Bearer " + tokenA, "If-None-Match": etag})
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.NotEqual(t, etag, res.Header.Get("ETag"))
	var p unitPage
	require.NoError(t, json.Unmarshal([]byte(body), &p))
	require.Equal(t, gcs.ReportAcknowledged, p.Incidents[0].Report.Status)
	require.Equal(t, gcs.IncidentDispatched, p.Incidents[0].State)
	require.Equal(t, "cutter-a", fu.reports["r2"].AckedBy)
}

func TestUnitViewGzipsForThinLinks(t *testing.T) {
	srv, _, fm := unitViewStation(t)
	// A long track makes the view worth compressing.
	inc := fm.incidents["i1"]
	var track []gcs.TrackPoint
	for i := range 500 {
		track = append(track, gcs.TrackPoint{At: marNow.Add(time.Duration(i) * time.Second), Lat: 36.1 + float64(i)*1e-4, Lon: -5.5})
	}
	inc.Evidence[1].Track = track
	fm.incidents["i1"] = inc
	res, plain := send(t, "GET", srv.URL+"/api/unitview", "", map[string]string{"Authorization": "Bearer " + tokenA, "Accept-Encoding": "identity"})
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Empty(t, res.Header.Get("Content-Encoding"))
	var p unitPage
	require.NoError(t, json.Unmarshal([]byte(plain), &p))
	tr := p.Incidents[0].Vessels[0].Track
	require.Len(t, tr, maxViewTrack+1, "thinned, then the vessel's position now")
	require.Equal(t, [2]float64{36.1, -5.5}, tr[0])
	require.Equal(t, [2]float64{36.1499, -5.5}, tr[maxViewTrack-1], "the track's last point kept")
	require.Equal(t, [2]float64{36.2, -5.5}, tr[maxViewTrack])

	res, zipped := send(t, "GET", srv.URL+"/api/unitview", "", map[string]string{"Authorization": "Bearer " + tokenA, "Accept-Encoding": "gzip"})
	require.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
	require.Less(t, len(zipped), len(plain))
	zr, err := gzip.NewReader(bytes.NewReader([]byte(zipped)))
	require.NoError(t, err)
	unz, err := io.ReadAll(zr)
	require.NoError(t, err)
	require.Equal(t, plain, string(unz))
	t.Logf("the view: %d bytes of JSON, %d gzipped", len(plain), len(zipped))
}

func TestUnitViewRefusesHostileRequests(t *testing.T) {
	srv, _, _ := unitViewStation(t)
	for _, ca := range []struct {
		name, path string
		header     map[string]string
		code       int
		says       string
	}{
		{"no token", "/api/unitview", nil, 401, "Authorization: Bearer"},
		{"wrong token", "/api/unitview", bearerOf("nope"), 401, "not the unit's token"},
		{"basic auth", "/api/unitview", map[string]string{"Authorization": "Basic " + tokenA}, 401, "Bearer"},
		{"a token too long", "/api/unitview", bearerOf(strings.Repeat("x", 10000)), 401, "Bearer"},
		{"another unit's token prefix", "/api/unitview", bearerOf(tokenA[:5]), 401, "not the unit's token"},
		{"unknown parameter", "/api/unitview?unit=boat-b", bearerOf(tokenA), 400, "the only one is since"},
		{"a bad since", "/api/unitview?since=zz", bearerOf(tokenA), 400, "not a version"},
		{"a huge query", "/api/unitview?since=" + strings.Repeat("a", 5000), bearerOf(tokenA), 400, "too long"},
		{"a file with a query", "/api/unitview/files/" + jpegHash + "?x=1", bearerOf(tokenA), 400, "no query"},
		{"a file without token", "/api/unitview/files/" + jpegHash, nil, 401, "Bearer"},
	} {
		t.Run(ca.name, func(t *testing.T) {
			res, body := send(t, "GET", srv.URL+ca.path, "", ca.header)
			require.Equal(t, ca.code, res.StatusCode, body)
			require.Contains(t, body, ca.says)
			if ca.code == 401 {
				require.Contains(t, res.Header.Get("WWW-Authenticate"), "Bearer")
			}
		})
	}
}

func TestUnitViewWithoutUnitsOrPicture(t *testing.T) {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	for _, ca := range []struct {
		name string
		s    *Server
		code int
	}{
		{"no units", &Server{Fleet: f, Maritime: newFakeMaritime()}, 503},
		{"no picture", &Server{Fleet: f, Units: newFakeUnits()}, 503},
	} {
		t.Run(ca.name, func(t *testing.T) {
			srv := httptest.NewServer(ca.s.Handler())
			defer srv.Close()
			res, body := send(t, "GET", srv.URL+"/api/unitview", "", bearerOf(tokenA))
			require.Equal(t, ca.code, res.StatusCode, body)
		})
	}
}

func TestUnitViewSharedTokenReadsNothing(t *testing.T) {
	srv, fu, _ := unitViewStation(t)
	fu.mu.Lock()
	b := fu.units["boat-b"]
	b.Token = tokenA
	fu.units["boat-b"] = b
	fu.mu.Unlock()
	res, body := send(t, "GET", srv.URL+"/api/unitview", "", bearerOf(tokenA))
	require.Equal(t, http.StatusUnauthorized, res.StatusCode, body)
}

func TestThinTrack(t *testing.T) {
	pt := func(lat float64) gcs.TrackPoint { return gcs.TrackPoint{Lat: lat, Lon: -5} }
	lat, lon := 37.0, -5.0
	for _, ca := range []struct {
		name  string
		track []gcs.TrackPoint
		now   bool
		want  int
	}{
		{"none", nil, false, 0},
		{"one point, no position", []gcs.TrackPoint{pt(36)}, false, 0},
		{"one point and the position", []gcs.TrackPoint{pt(36)}, true, 2},
		{"the position already last", []gcs.TrackPoint{pt(36), pt(37)}, true, 2},
		{"short", []gcs.TrackPoint{pt(36), pt(36.1), pt(36.2)}, false, 3},
		{"long", make([]gcs.TrackPoint, 1000), true, 41},
		{"not finite", []gcs.TrackPoint{pt(36), {Lat: 36.5, Lon: float64(gcs.Unknown)}, pt(36.2)}, false, 2},
	} {
		t.Run(ca.name, func(t *testing.T) {
			var la, lo *float64
			if ca.now {
				la, lo = &lat, &lon
			}
			require.Len(t, thinTrack(ca.track, la, lo, 40), ca.want)
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	for _, ca := range []struct {
		h    string
		want bool
	}{
		{"gzip, deflate, br, zstd", true},
		{"br;q=1, gzip;q=0", false},
		{"GZIP ; q=0.5", true},
		{"gzip;q=0.000", false},
		{"identity", false},
		{"", false},
	} {
		require.Equal(t, ca.want, AcceptsGzip(ca.h), ca.h)
	}
}
