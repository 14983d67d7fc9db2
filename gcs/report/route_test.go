package report

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestRoute(t *testing.T) {
	// A square around (36.1, -5.4) and a 5 km circle around Tarifa.
	bay := &gcs.UnitArea{Polygon: [][2]float64{{-5.5, 36.0}, {-5.3, 36.0}, {-5.3, 36.2}, {-5.5, 36.2}}}
	tarifa := &gcs.UnitArea{Lat: 36.0, Lon: -5.6, RadiusM: 5000}
	inc := func(lat, lon float64, typ gcs.IncidentType, sev gcs.IncidentSeverity) *gcs.Incident {
		return &gcs.Incident{ID: "i1", Lat: lat, Lon: lon, Type: typ, Severity: sev}
	}
	tests := []struct {
		name  string
		units []gcs.Unit
		inc   *gcs.Incident
		want  []gcs.UnitID
	}{
		{"inside a polygon", []gcs.Unit{{ID: "bay", Area: bay}, {ID: "tarifa", Area: tarifa}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentLow), []gcs.UnitID{"bay"}},
		{"closed polygon same", []gcs.Unit{{ID: "bay", Area: &gcs.UnitArea{Polygon: append(bay.Polygon, bay.Polygon[0])}}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentLow), []gcs.UnitID{"bay"}},
		{"inside a circle", []gcs.Unit{{ID: "bay", Area: bay}, {ID: "tarifa", Area: tarifa}},
			inc(36.02, -5.6, gcs.IncidentDark, gcs.IncidentLow), []gcs.UnitID{"tarifa"}},
		{"just outside the circle", []gcs.Unit{{ID: "tarifa", Area: tarifa}},
			inc(36.0+5100.0/111195, -5.6, gcs.IncidentDark, gcs.IncidentLow), nil},
		{"type taken", []gcs.Unit{{ID: "bay", Area: bay, Types: []gcs.IncidentType{gcs.IncidentZoneEntry, gcs.IncidentDark}}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentLow), []gcs.UnitID{"bay"}},
		{"type not taken", []gcs.Unit{{ID: "bay", Area: bay, Types: []gcs.IncidentType{gcs.IncidentZoneEntry}}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentHigh), nil},
		{"min severity met", []gcs.Unit{{ID: "bay", Area: bay, MinSeverity: gcs.IncidentMedium}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentHigh), []gcs.UnitID{"bay"}},
		{"min severity equal", []gcs.Unit{{ID: "bay", Area: bay, MinSeverity: gcs.IncidentMedium}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentMedium), []gcs.UnitID{"bay"}},
		{"min severity not met", []gcs.Unit{{ID: "bay", Area: bay, MinSeverity: gcs.IncidentHigh}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentMedium), nil},
		{"default unit anywhere, sorted", []gcs.Unit{{ID: "ops", Default: true}, {ID: "bay", Area: bay}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentLow), []gcs.UnitID{"bay", "ops"}},
		{"default unit far away", []gcs.Unit{{ID: "ops", Default: true}, {ID: "bay", Area: bay}},
			inc(43.0, 3.0, gcs.IncidentDark, gcs.IncidentLow), []gcs.UnitID{"ops"}},
		{"default unit that does not take the type", []gcs.Unit{{ID: "ops", Default: true, Types: []gcs.IncidentType{gcs.IncidentManual}}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentLow), nil},
		{"no area", []gcs.Unit{{ID: "boat"}}, inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentLow), nil},
		{"degenerate polygon", []gcs.Unit{{ID: "boat", Area: &gcs.UnitArea{Polygon: [][2]float64{{-5.5, 36.0}, {-5.3, 36.2}}}}},
			inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentLow), nil},
		{"incident off the globe", []gcs.Unit{{ID: "bay", Area: bay}}, inc(136.1, -5.4, gcs.IncidentDark, gcs.IncidentLow), nil},
		{"none", nil, inc(36.1, -5.4, gcs.IncidentDark, gcs.IncidentLow), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []gcs.UnitID
			for _, u := range Route(tt.units, tt.inc) {
				got = append(got, u.ID)
			}
			require.Equal(t, tt.want, got)
		})
	}
	require.Nil(t, Route([]gcs.Unit{{ID: "ops", Default: true}}, nil))
}
