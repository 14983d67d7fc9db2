package api

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// FuzzIncidentQuery: any query either parses into a filter the picture
// can take or is refused; it never panics.
func FuzzIncidentQuery(f *testing.F) {
	for _, s := range []string{"", "state=new", "type=dark_vessel&limit=5", "since=2026-12-06T12:00:00Z", "limit=0", "state=%zz", "a=1&a=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		flt, err := parseIncidentQuery(raw)
		if err != nil {
			return
		}
		require.True(t, flt.State == "" || validState(flt.State))
		require.True(t, flt.Limit >= 1 && flt.Limit <= maxIncidentsLimit)
		require.True(t, flt.Type == "" || incidentTypePattern.MatchString(string(flt.Type)))
	})
}

// FuzzDecodeStep: a lifecycle step's body is refused or names a state and
// a printable note.
func FuzzDecodeStep(f *testing.F) {
	for _, s := range []string{`{"state":"acknowledged","note":"ok"}`, `{"state":"closed","by":"Ana"}`, `{}`, `{"state":1}`, `[`, `{"state":"new"}{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := decodeStep(b)
		if err != nil {
			return
		}
		require.True(t, validState(req.State))
		require.True(t, printable(req.Note, maxNote, true))
	})
}

// FuzzDecodeManual: a manual incident's body is refused or is about a
// valid target or a place on the globe, with a title and a severity.
func FuzzDecodeManual(f *testing.F) {
	for _, s := range []string{`{"target":"v1","title":"x"}`, `{"lat":36.1,"lon":-5.4,"title":"x","severity":"high"}`,
		`{"lat":1e999,"lon":0,"title":"x"}`, `{"target":"","title":""}`, `{"lat":null,"lon":2,"title":"x"}`, `{"by":"Ana"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := decodeManual(b)
		if err != nil {
			return
		}
		m := req.ManualIncident
		require.NotEmpty(t, m.Title)
		require.True(t, m.Target == "" || gcs.ValidVesselID(m.Target))
		require.True(t, m.Target != "" || m.Lat != nil)
		if m.Lat != nil {
			require.False(t, math.IsNaN(*m.Lat) || math.IsInf(*m.Lat, 0) || math.Abs(*m.Lat) > 90 || math.Abs(*m.Lon) > 180)
		}
		require.Contains(t, []gcs.IncidentSeverity{gcs.IncidentLow, gcs.IncidentMedium, gcs.IncidentHigh}, m.Severity)
	})
}

// FuzzRulesBody: the rules' body check never panics and passes only one
// JSON object.
func FuzzRulesBody(f *testing.F) {
	for _, s := range []string{`{}`, `{"loitering":{"radius_m":300}}`, `[]`, ``, `{} {}`, `{"a":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = checkRulesBody(b)
	})
}
