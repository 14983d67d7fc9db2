package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestIncidentsList(t *testing.T) {
	m := newFakeMaritime()
	srv := maritimeServer(t, m, nil)
	code, body := do(t, "GET", srv.URL+"/api/incidents?state=new&type=dark_vessel&since=2026-12-06T11:00:00Z&limit=5", "")
	require.Equal(t, 200, code, body)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 1)
	require.Equal(t, "i1", list[0]["id"])
	f := m.filters[len(m.filters)-1]
	require.Equal(t, gcs.IncidentNew, f.State)
	require.Equal(t, gcs.IncidentDark, f.Type)
	require.Equal(t, 5, f.Limit)
	require.Equal(t, "2026-12-06T11:00:00Z", f.Since.Format("2006-01-02T15:04:05Z07:00"))

	code, body = do(t, "GET", srv.URL+"/api/incidents", "")
	require.Equal(t, 200, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 2)
	require.Equal(t, defaultIncidents, m.filters[len(m.filters)-1].Limit)
	for _, inc := range list {
		require.NotNil(t, inc["evidence"], "lists are never null")
		require.NotNil(t, inc["history"])
		require.NotNil(t, inc["vessels"])
	}

	for _, c := range []struct{ query, msg string }{
		{"state=open", "new, acknowledged"},
		{"type=Dark%20Vessel", "rule's name"},
		{"since=yesterday", "RFC 3339"},
		{"limit=0", "1 to 1000"},
		{"limit=1001", "1 to 1000"},
		{"limit=x", "1 to 1000"},
		{"state=new&state=closed", "more than once"},
		{"sort=risk", "unknown query parameter"},
		{"state=%zz", "bad query"},
		{"since=" + strings.Repeat("9", 1000), "too long"},
	} {
		code, body := do(t, "GET", srv.URL+"/api/incidents?"+c.query, "")
		require.Equal(t, 400, code, c.query)
		require.Contains(t, body, c.msg, c.query)
	}
}

func TestIncidentWithEvidence(t *testing.T) {
	srv := maritimeServer(t, newFakeMaritime(), nil)
	code, body := do(t, "GET", srv.URL+"/api/incidents/i1", "")
	require.Equal(t, 200, code, body)
	var inc struct {
		ID       string
		Evidence []struct {
			Kind, File, MIME, URL string
			Track                 []gcs.TrackPoint
		}
		History []gcs.IncidentChange
	}
	require.NoError(t, json.Unmarshal([]byte(body), &inc))
	require.Len(t, inc.Evidence, 2)
	require.Equal(t, "/api/incidents/i1/files/"+jpegHash, inc.Evidence[0].URL)
	require.Empty(t, inc.Evidence[1].URL, "a track has no file")
	require.Len(t, inc.Evidence[1].Track, 1)

	res, pic := send(t, "GET", srv.URL+inc.Evidence[0].URL, "", nil)
	require.Equal(t, 200, res.StatusCode)
	require.Equal(t, "image/jpeg", res.Header.Get("Content-Type"))
	require.Equal(t, `"`+jpegHash+`"`, res.Header.Get("ETag"))
	require.Contains(t, res.Header.Get("Cache-Control"), "immutable")
	require.Equal(t, string(crop), pic)
	res, _ = send(t, "GET", srv.URL+inc.Evidence[0].URL, "", map[string]string{"If-None-Match": `"` + jpegHash + `"`})
	require.Equal(t, http.StatusNotModified, res.StatusCode)
	res, part := send(t, "GET", srv.URL+inc.Evidence[0].URL, "", map[string]string{"Range": "bytes=0-3"})
	require.Equal(t, http.StatusPartialContent, res.StatusCode)
	require.Equal(t, string(crop[:4]), part)

	other := strings.Repeat("2", 64)
	for _, c := range []struct {
		path string
		code int
		msg  string
	}{
		{"/api/incidents/i9", 404, "no such incident"},
		{"/api/incidents/a%20b", 400, "incident id"},
		{"/api/incidents/" + strings.Repeat("i", 65), 400, "incident id"},
		{"/api/incidents/i1/files/" + other, 404, "has no evidence file"},
		{"/api/incidents/i2/files/" + jpegHash, 404, "has no evidence file"},
		{"/api/incidents/i1/files/ABC", 400, "SHA-256"},
		{"/api/incidents/i1/files/" + strings.Repeat("A", 64), 400, "SHA-256"},
		{"/api/incidents/i9/files/" + jpegHash, 404, "no such incident"},
	} {
		code, body := do(t, "GET", srv.URL+c.path, "")
		require.Equal(t, c.code, code, c.path)
		require.Contains(t, body, c.msg, c.path)
	}
}

func TestIncidentFileMissingFromTheStore(t *testing.T) {
	m := newFakeMaritime()
	delete(m.files, jpegHash)
	srv := maritimeServer(t, m, nil)
	code, body := do(t, "GET", srv.URL+"/api/incidents/i1/files/"+jpegHash, "")
	require.Equal(t, 404, code)
	require.Contains(t, body, "missing")
}

func TestEvidenceType(t *testing.T) {
	for _, c := range []struct {
		mime string
		data []byte
		want string
	}{
		{"image/jpeg", nil, "image/jpeg"},
		{"video/mp4", nil, "video/mp4"},
		{"", crop, "image/jpeg"},
		{"text/html", []byte("<html><script>alert(1)</script>"), "application/octet-stream"},
		{"", []byte("<html>"), "application/octet-stream"},
	} {
		require.Equal(t, c.want, evidenceType(c.mime, c.data), c)
	}
}

func TestIncidentLifecycle(t *testing.T) {
	m := newFakeMaritime()
	srv := maritimeServer(t, m, nil)
	url := srv.URL + "/api/incidents/i1/state"
	code, body := do(t, "POST", url, `{"state":"acknowledged","note":"seen","by":"Ana"}`)
	require.Equal(t, 200, code, body)
	var inc gcs.Incident
	require.NoError(t, json.Unmarshal([]byte(body), &inc))
	require.Equal(t, gcs.IncidentAcknowledged, inc.State)
	last := inc.History[len(inc.History)-1]
	require.Equal(t, "Ana", last.By)
	require.Equal(t, "seen", last.Note)
	require.Equal(t, gcs.IncidentNew, last.From)

	res, body := send(t, "POST", url, `{"state":"dispatched"}`, map[string]string{OperatorHeader: "Bo"})
	require.Equal(t, 200, res.StatusCode, body)
	require.Equal(t, "Bo", m.incidents["i1"].History[2].By)
	code, body = do(t, "POST", srv.URL+"/api/incidents/i2/state", `{"state":"closed"}`)
	require.Equal(t, 409, code, body)
	require.Contains(t, body, "closed cannot become closed")
	code, _ = do(t, "POST", url, `{"state":"closed"}`)
	require.Equal(t, 200, code)
	require.Equal(t, defaultOperator, m.incidents["i1"].History[3].By, "no name given")

	for _, c := range []struct {
		name, path, body string
		code             int
		msg              string
	}{
		{"back", "i1", `{"state":"acknowledged"}`, 409, "cannot become"},
		{"unknown", "i9", `{"state":"acknowledged"}`, 404, "no such incident"},
		{"bad id", "i%201", `{"state":"acknowledged"}`, 400, "incident id"},
		{"not a state", "i1", `{"state":"solved"}`, 400, "must be acknowledged"},
		{"no state", "i1", `{}`, 400, "must be acknowledged"},
		{"unknown field", "i1", `{"state":"closed","who":"x"}`, 400, "unknown field"},
		{"not JSON", "i1", `state=closed`, 400, "bad JSON"},
		{"two values", "i1", `{"state":"closed"}{}`, 400, "more than one"},
		{"huge note", "i1", `{"state":"closed","note":"` + strings.Repeat("n", 2001) + `"}`, 400, "2000"},
		{"control in note", "i1", `{"state":"closed","note":"a\u0007b"}`, 400, "printable"},
		{"long name", "i1", `{"state":"closed","by":"` + strings.Repeat("n", 101) + `"}`, 400, "operator's name"},
		{"too big", "i1", `{"state":"closed","note":"` + strings.Repeat("n", 9000) + `"}`, 400, "too large"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := do(t, "POST", srv.URL+"/api/incidents/"+c.path+"/state", c.body)
			require.Equal(t, c.code, code, body)
			require.Contains(t, body, c.msg)
		})
	}
}

func TestRaiseIncident(t *testing.T) {
	m := newFakeMaritime()
	srv := maritimeServer(t, m, nil)
	res, body := send(t, "POST", srv.URL+"/api/incidents", `{"target":"v1","title":"  Suspicious transfer ","note":"boxes passed","by":"Ana"}`, nil)
	require.Equal(t, 201, res.StatusCode, body)
	var inc gcs.Incident
	require.NoError(t, json.Unmarshal([]byte(body), &inc))
	require.Equal(t, "/api/incidents/"+inc.ID, res.Header.Get("Location"))
	require.Equal(t, gcs.IncidentManual, inc.Type)
	got := m.raised[0]
	require.Equal(t, "Ana", got.By)
	require.Equal(t, "Suspicious transfer", got.Title)
	require.Equal(t, gcs.IncidentMedium, got.Severity, "the default")

	res, body = send(t, "POST", srv.URL+"/api/incidents", `{"lat":36.15,"lon":-5.45,"severity":"high","title":"Debris"}`, map[string]string{OperatorHeader: "Bo"})
	require.Equal(t, 201, res.StatusCode, body)
	require.Equal(t, "Bo", m.raised[1].By)
	require.Equal(t, 36.15, *m.raised[1].Lat)

	for _, c := range []struct {
		name, body string
		code       int
		msg        string
	}{
		{"unknown target", `{"target":"v9","title":"x"}`, 404, "no such target"},
		{"nothing", `{"title":"x"}`, 400, "say what the incident is about"},
		{"lat alone", `{"lat":1,"title":"x"}`, 400, "both"},
		{"off the globe", `{"lat":91,"lon":0,"title":"x"}`, 400, "[-90, 90]"},
		{"bad target", `{"target":"v 1","title":"x"}`, 400, "vessel id"},
		{"no title", `{"target":"v1","title":"  "}`, 400, "title"},
		{"long title", `{"target":"v1","title":"` + strings.Repeat("t", 201) + `"}`, 400, "200"},
		{"two lines", `{"target":"v1","title":"a\nb"}`, 400, "one line"},
		{"bad severity", `{"target":"v1","title":"x","severity":"critical"}`, 400, "low, medium or high"},
		{"unknown field", `{"target":"v1","title":"x","state":"closed"}`, 400, "unknown field"},
		{"not an object", `["v1"]`, 400, "bad JSON"},
		{"wrong type", `{"lat":"north","lon":0,"title":"x"}`, 400, "bad JSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := do(t, "POST", srv.URL+"/api/incidents", c.body)
			require.Equal(t, c.code, code, body)
			require.Contains(t, body, c.msg)
		})
	}
	require.Len(t, m.raised, 2, "nothing else raised")
}
