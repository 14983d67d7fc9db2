package report

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// latest keeps the latest report per unit, as the outbox's Latest does.
func latest(last map[gcs.UnitID]gcs.Report, rs []gcs.Report) map[gcs.UnitID]gcs.Report {
	if last == nil {
		last = map[gcs.UnitID]gcs.Report{}
	}
	for _, r := range rs {
		last[r.Unit] = r
	}
	return last
}

// kinds lists unit:kind of reports.
func kinds(rs []gcs.Report) []string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r.Unit)+":"+string(r.Kind))
	}
	return out
}

func TestBuildLifecycle(t *testing.T) {
	bay := &gcs.UnitArea{Polygon: [][2]float64{{-5.5, 36.0}, {-5.3, 36.0}, {-5.3, 36.2}, {-5.5, 36.2}}}
	units := []gcs.Unit{
		{ID: "bay-cutter", Area: bay},
		{ID: "ops", Default: true, Format: gcs.FormatJSON, MinSeverity: gcs.IncidentHigh},
		{ID: "map", Default: true, Format: gcs.FormatGeoJSON},
		{ID: "tarifa", Area: &gcs.UnitArea{Lat: 36.0, Lon: -5.6, RadiusM: 5000}},
	}
	cfg := Config{Sender: "skerry@algeciras.example", BaseURL: "https://gcs.example/"}
	inc := sampleIncident()
	inc.Severity = gcs.IncidentMedium

	// Version 1: an Alert to the bay's cutter and the map; ops takes only high.
	rs, err := Build(inc, units, nil, t0, cfg)
	require.NoError(t, err)
	require.Equal(t, []string{"bay-cutter:Alert", "map:Alert"}, kinds(rs))
	for _, r := range rs {
		require.Equal(t, ReportID(r.Unit, inc.ID, 1), r.ID)
		require.Equal(t, gcs.ReportPending, r.Status)
		require.Zero(t, r.Seq)
		require.Equal(t, t0, r.Created)
		require.Equal(t, 1, r.Version)
		require.Equal(t, inc.ID, r.Incident)
	}
	require.Equal(t, ContentTypeCAP, rs[0].ContentType)
	require.Equal(t, ContentTypeGeoJSON, rs[1].ContentType)
	validateReports(t, rs)
	alert := rs[0]
	last := latest(nil, rs)

	// Built again for the same version: nothing new (idempotent).
	again, err := Build(inc, units, last, t0.Add(time.Second), cfg)
	require.NoError(t, err)
	require.Empty(t, again)

	// Version 2: severity high and the boats moved out of the bay to
	// Tarifa: the cutter still gets the Update, ops its Alert, tarifa an
	// Alert.
	inc.Version, inc.Severity, inc.Lat, inc.Lon = 2, gcs.IncidentHigh, 36.01, -5.6
	t1 := t0.Add(2 * time.Minute)
	rs, err = Build(inc, units, last, t1, cfg)
	require.NoError(t, err)
	require.Equal(t, []string{"bay-cutter:Update", "map:Update", "ops:Alert", "tarifa:Alert"}, kinds(rs))
	upd := rs[0]
	require.Contains(t, string(upd.Body), "<references>skerry@algeciras.example,"+alert.ID+",2026-12-02T08:15:00+00:00</references>")
	require.Contains(t, string(upd.Body), "<msgType>Update</msgType>")
	require.Contains(t, string(upd.Body), "<sent>2026-12-02T08:17:00+00:00</sent>")
	validateReports(t, rs)
	var j JSONReport
	require.NoError(t, json.Unmarshal(rs[2].Body, &j))
	require.Equal(t, rs[2].ID, j.ReportID)
	require.Equal(t, gcs.ReportAlert, j.Kind)
	require.Equal(t, "inc-42", j.Incident.ID)
	fc, err := geojson.UnmarshalFeatureCollection(rs[1].Body)
	require.NoError(t, err)
	require.Equal(t, "Update", fc.Features[0].Properties["kind"])
	last = latest(last, rs)

	// A unit that joins later (a new default) and the incident closes: it
	// was never alerted, so it gets nothing; the others get a Cancel.
	units = append(units, gcs.Unit{ID: "late", Default: true})
	inc.Version, inc.State = 3, gcs.IncidentClosed
	t2 := t1.Add(time.Minute)
	rs, err = Build(inc, units, last, t2, cfg)
	require.NoError(t, err)
	require.Equal(t, []string{"bay-cutter:Cancel", "map:Cancel", "ops:Cancel", "tarifa:Cancel"}, kinds(rs))
	cancel := rs[0]
	require.Contains(t, string(cancel.Body), "<msgType>Cancel</msgType>")
	require.Contains(t, string(cancel.Body), ","+upd.ID+",2026-12-02T08:17:00+00:00</references>")
	require.Contains(t, string(cancel.Body), "<urgency>Past</urgency>")
	validateReports(t, rs)
	last = latest(last, rs)

	// A later change of the closed incident (a note): no second Cancel.
	inc.Version = 4
	rs, err = Build(inc, units, last, t2.Add(time.Minute), cfg)
	require.NoError(t, err)
	require.Empty(t, rs)
}

func TestBuildEdges(t *testing.T) {
	units := []gcs.Unit{{ID: "ops", Default: true}}
	inc := sampleIncident()

	// Closed at once: nobody was alerted, nothing is sent.
	closed := *inc
	closed.State = gcs.IncidentClosed
	rs, err := Build(&closed, units, nil, t0, Config{})
	require.NoError(t, err)
	require.Empty(t, rs)

	// A unit alerted and then deleted gets nothing more.
	last := map[gcs.UnitID]gcs.Report{"gone": {ID: "r1", Unit: "gone", Version: 1, Kind: gcs.ReportAlert, Created: t0}}
	inc.Version = 2
	rs, err = Build(inc, units, last, t0, Config{})
	require.NoError(t, err)
	require.Equal(t, []string{"ops:Alert"}, kinds(rs))
	validateReports(t, rs)

	// An unknown format is an error, not a report.
	_, err = Build(inc, []gcs.Unit{{ID: "ops", Default: true, Format: "pdf"}}, nil, t0, Config{})
	require.ErrorIs(t, err, ErrFormat)
	require.ErrorContains(t, err, "ops")
	require.NoError(t, CheckFormat(""))
	require.ErrorIs(t, CheckFormat("xml"), ErrFormat)

	// An incident without id, or off the globe, is refused.
	for _, bad := range []*gcs.Incident{nil, {Lat: 1, Lon: 1}, {ID: "x", Lat: 91}, {ID: "x", Lon: 200}} {
		_, err := Build(bad, units, nil, t0, Config{})
		require.ErrorIs(t, err, ErrIncident)
	}
	_, err = CAP(inc, "Ack", "r1", t0, nil, Config{})
	require.ErrorIs(t, err, ErrIncident)
	_, err = CAP(inc, gcs.ReportAlert, "\x00", t0, nil, Config{})
	require.ErrorContains(t, err, "no id")
	_, err = Build(inc, units, nil, t0, Config{Status: "actual"})
	require.ErrorIs(t, err, ErrStatus)
	require.NoError(t, CheckStatus("Test"))
}

func TestReportIDStable(t *testing.T) {
	a := ReportID("cutter", "inc-1", 3)
	require.Equal(t, a, ReportID("cutter", "inc-1", 3))
	require.Len(t, a, 25)
	seen := map[string]bool{}
	for _, c := range []struct {
		u   gcs.UnitID
		inc string
		v   int
	}{{"cutter", "inc-1", 3}, {"cutter", "inc-1", 4}, {"cutter", "inc-2", 3}, {"boat", "inc-1", 3},
		{"a|b", "c", 1}, {"a", "b|c", 1}, {"a-v1-b", "c", 2}, {"a", "v1-b-c", 2}} {
		id := ReportID(c.u, c.inc, c.v)
		require.False(t, seen[id], "id %s repeats", id)
		seen[id] = true
		require.NotContains(t, id, " ")
		require.NotContains(t, id, ",")
	}
	// Pinned: the id must not change between releases (a retry after an
	// upgrade must keep it).
	require.Equal(t, "r6498abfb7d7a2c80fcf5ddc3", a)
}

func TestBuildBodiesParse(t *testing.T) {
	inc := sampleIncident()
	rs, err := Build(inc, []gcs.Unit{{ID: "ops", Default: true}}, nil, t0, Config{})
	require.NoError(t, err)
	require.Len(t, rs, 1)
	var v struct {
		XMLName    xml.Name
		Identifier string `xml:"identifier"`
	}
	require.NoError(t, xml.Unmarshal(rs[0].Body, &v))
	require.Equal(t, CAPNamespace, v.XMLName.Space)
	require.Equal(t, rs[0].ID, v.Identifier)
	require.True(t, strings.HasPrefix(string(rs[0].Body), "<?xml"))
	validateReports(t, rs)
}
