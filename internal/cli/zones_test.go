package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const airspaceData = "../../mission/airspace/testdata/"

// Counts read as English: "1 zone", "1 issue", "2 zones".
func TestZonesCountsInWords(t *testing.T) {
	one := filepath.Join(t.TempDir(), "one.json")
	require.NoError(t, os.WriteFile(one, []byte(`[{"identifier": "A", "restriction": "PROHIBITED", "geometry": [{"uomDimensions": "M",
	  "lowerLimit": 0, "lowerVerticalReference": "AGL", "upperLimit": 50,
	  "horizontalProjection": {"type": "Circle", "center": [-5.4, 36.1], "radius": 100}}]}]`), 0o600))
	var o, e bytes.Buffer
	require.Equal(t, 0, Run(context.Background(), []string{"zones", one}, &o, &e), e.String())
	require.Contains(t, o.String(), "1 zone understood, 1 issue\n")

	o.Reset()
	e.Reset()
	require.Equal(t, 0, Run(context.Background(), []string{"zones", airspaceData + "ed318_layers.geojson"}, &o, &e), e.String())
	require.Contains(t, o.String(), "2 zones understood, 0 issues\n")
	require.Contains(t, o.String(), "ask 10 days before", "a notice period in words")
	require.NotContains(t, o.String(), "P10D")
}

// A .kmz is read, not refused as GeoJSON; a national 3D KML's zones are
// read with their heights, and what cannot be used is said once.
func TestZonesReadsKMZ(t *testing.T) {
	doc, err := os.ReadFile(airspaceData + "national_3d.kml")
	require.NoError(t, err)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("doc.kml")
	require.NoError(t, err)
	_, err = w.Write(doc)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	kmz := filepath.Join(t.TempDir(), "espacio.kmz")
	require.NoError(t, os.WriteFile(kmz, b.Bytes(), 0o600))

	var o, e bytes.Buffer
	require.Equal(t, 0, Run(context.Background(), []string{"zones", kmz}, &o, &e), e.String())
	require.NotContains(t, e.String(), "invalid character")
	require.Contains(t, o.String(), "LED99  LED99 Campo de tiro  CONDITIONAL → warning\n    polygon of 5 vertices, 0 m AGL to 300 m AGL")
	require.Contains(t, o.String(), "4 zones understood")
	require.Equal(t, 1, strings.Count(e.String(), "vertical walls"), e.String())
}

// `skerry plan KIND --help` shows that kind's flags and the common ones,
// not every kind's.
func TestPlanHelpShowsTheKindsFlags(t *testing.T) {
	cases := []struct {
		kind        string
		want, never []string
	}{
		{"orbit", []string{"-at", "-radius", "-turns", "-zones", "-altitude", "-out", "-config"}, []string{"-coast", "-sensor", "-sea-side", "-laps", "-legs"}},
		{"coast", []string{"-coast", "-land", "-sea-side", "-loop", "-offset", "-length", "-drones", "-zones"}, []string{"-at", "-sensor", "-turns", "-laps"}},
		{"survey", []string{"-area", "-sensor", "-image", "-focal", "-side-overlap", "-spacing", "-angle", "-drones"}, []string{"-coast", "-at", "-turns", "-laps"}},
		{"perimeter", []string{"-port", "-offset", "-laps", "-clockwise"}, []string{"-area", "-coast", "-sensor", "-turns"}},
		{"expanding-square", []string{"-at", "-legs", "-spacing", "-heading"}, []string{"-turns", "-sectors", "-coast"}},
		{"sector", []string{"-at", "-radius", "-sectors", "-heading"}, []string{"-legs", "-coast", "-sensor"}},
		{"creeping-line", []string{"-area", "-spacing", "-feature"}, []string{"-coast", "-sensor", "-turns", "-angle", "-drones"}},
	}
	for _, ca := range cases {
		t.Run(ca.kind, func(t *testing.T) {
			var o, e bytes.Buffer
			require.Equal(t, 0, Run(context.Background(), []string{"plan", ca.kind, "--help"}, &o, &e))
			help := e.String()
			has := func(f string) bool {
				return regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(f) + `(\s|$)`).MatchString(help)
			}
			for _, f := range ca.want {
				require.True(t, has(f), "%s needs %s:\n%s", ca.kind, f, help)
			}
			for _, f := range ca.never {
				require.False(t, has(f), "%s has no use for %s:\n%s", ca.kind, f, help)
			}
		})
	}
}
