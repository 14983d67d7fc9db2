package report

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestGeoJSON(t *testing.T) {
	inc := sampleIncident()
	refs := []gcs.Report{{ID: "r1", Created: t0}}
	body, err := GeoJSON(inc, gcs.ReportUpdate, "r2", t0, refs, Config{BaseURL: "https://gcs.example"})
	require.NoError(t, err)
	fc, err := geojson.UnmarshalFeatureCollection(body)
	require.NoError(t, err)
	require.Len(t, fc.Features, 2)
	f := fc.Features[0]
	require.Equal(t, orb.Point{-5.4, 36.1}, f.Geometry)
	require.Equal(t, "r2", f.ID)
	p := f.Properties
	require.Equal(t, "r2", p["report_id"])
	require.Equal(t, "Update", p["kind"])
	require.Equal(t, "inc-42", p["incident"])
	require.Equal(t, "Immediate", p["urgency"])
	require.Equal(t, "https://gcs.example/api/incidents/inc-42", p["web"])
	require.Len(t, p["references"], 1)
	require.Len(t, p["files"], 1)
	track := fc.Features[1]
	require.Equal(t, orb.LineString{{-5.4, 36.1}, {-5.4, 36.1045}}, track.Geometry)
	require.Equal(t, "v7", track.Properties["vessel"])

	// A track point off the globe is left out of the line.
	inc.Evidence[1].Track[0].Lat = math.NaN()
	body, err = GeoJSON(inc, gcs.ReportCancel, "r3", t0, nil, Config{})
	require.NoError(t, err)
	fc, err = geojson.UnmarshalFeatureCollection(body)
	require.NoError(t, err)
	require.Len(t, fc.Features, 1)
	require.Equal(t, "Past", fc.Features[0].Properties["urgency"])
}

func TestJSON(t *testing.T) {
	inc := sampleIncident()
	body, err := JSON(inc, gcs.ReportCancel, "r3", t0, []gcs.Report{{ID: "r1", Created: t0}, {ID: "r2", Created: t0}}, Config{})
	require.NoError(t, err)
	var j JSONReport
	require.NoError(t, json.Unmarshal(body, &j))
	require.Equal(t, "r3", j.ReportID)
	require.Equal(t, gcs.ReportCancel, j.Kind)
	require.Equal(t, []Reference{{"r1", t0}, {"r2", t0}}, j.References)
	require.Equal(t, inc.Title, j.Title)
	require.Equal(t, inc.Vessels, j.Vessels)
	// The incident's fields sit at the top, as the API gives them.
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m))
	require.Equal(t, "inc-42", m["id"])
	require.Equal(t, "r3", m["report_id"])

	// A NaN in the AIS data is an error, not a panic.
	inc.Evidence[2].AIS.SOG = f64(math.NaN())
	_, err = JSON(inc, gcs.ReportAlert, "r4", t0, nil, Config{})
	require.Error(t, err)
}

func BenchmarkCAP(b *testing.B) {
	inc := sampleIncident()
	refs := []gcs.Report{{ID: "r1", Created: t0}}
	cfg := Config{Sender: "skerry@algeciras.example", BaseURL: "https://gcs.example/"}
	var n int
	b.ReportAllocs()
	for b.Loop() {
		body, err := CAP(inc, gcs.ReportUpdate, "r2", t0, refs, cfg)
		if err != nil {
			b.Fatal(err)
		}
		n = len(body)
	}
	b.ReportMetric(float64(n), "bytes/report")
}

func BenchmarkBuild10Units(b *testing.B) {
	inc := sampleIncident()
	var units []gcs.Unit
	for i := range 10 {
		units = append(units, gcs.Unit{ID: gcs.UnitID(rune('a' + i)), Default: true})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(inc, units, nil, t0, Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
