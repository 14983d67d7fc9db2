package gcs

import (
	"math"
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/stretchr/testify/require"
)

// scenarioLand is the land of the embedded scenario (the Bay of
// Algeciras, its coast at 1:1M).
func scenarioLand(t testing.TB) *Land {
	t.Helper()
	data, err := os.ReadFile("../sim/scenario/algeciras.geojson")
	require.NoError(t, err)
	land, err := ParseLand(data)
	require.NoError(t, err)
	require.Equal(t, 2, land.Len(), "Spain and Gibraltar")
	return land
}

func TestLandOfTheScenario(t *testing.T) {
	land := scenarioLand(t)
	cases := []struct {
		name     string
		lat, lon float64
		min, max float64 // metres inland
	}{
		{"Algeciras town (Plaza Alta)", 36.1300, -5.4550, 500, 2000},
		{"Gibraltar, the Rock", 36.1350, -5.3500, 300, 1500},
		{"the bay", 36.1000, -5.4000, 0, 0},
		{"the Strait off Tarifa", 36.0000, -5.5800, 0, 0},
		{"the Algeciras waterfront, ~90 m in", 36.1300, -5.4400, 40, 150},
		{"inland by the clip's north edge: the cut is no shore", 36.2450, -5.5500, 5000, 20000},
		{"north of the clip: unknown", 37.0000, -5.5000, 0, 0},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			got := land.Inland(ca.lat, ca.lon)
			require.GreaterOrEqual(t, got, ca.min)
			require.LessOrEqual(t, got, ca.max)
			if got > 0 {
				// Against an independent measure: haversine to points every
				// metre or so along the shore edges.
				require.InDelta(t, shoreBrute(land, ca.lat, ca.lon), got, 0.01*got+2)
			}
		})
	}
}

// shoreBrute is the haversine distance from (lat, lon) to the nearest
// sampled point of the shore edges of the area that holds it.
func shoreBrute(l *Land, lat, lon float64) float64 {
	p := orb.Point{lon, lat}
	best := math.Inf(1)
	for _, a := range l.areas {
		if !a.bound.Contains(p) {
			continue
		}
		for _, r := range a.poly {
			for i := 0; i+1 < len(r); i++ {
				if a.cut && a.along(r[i], r[i+1]) {
					continue
				}
				n := int(geo.DistanceHaversine(r[i], r[i+1])) + 1
				for k := 0; k <= n; k++ {
					f := float64(k) / float64(n)
					q := orb.Point{r[i][0] + f*(r[i+1][0]-r[i][0]), r[i][1] + f*(r[i+1][1]-r[i][1])}
					best = min(best, geo.DistanceHaversine(p, q))
				}
			}
		}
	}
	return best
}

func TestLandEdgeCases(t *testing.T) {
	var none *Land
	require.Zero(t, none.Inland(36.13, -5.455))
	require.Zero(t, none.Len())
	require.Zero(t, (&Land{}).Inland(36.13, -5.455))

	// A 0.02° square island with a 0.01° lake, cut on its west side.
	sq := func(x0, y0, d float64) orb.Ring {
		return orb.Ring{{x0, y0}, {x0 + d, y0}, {x0 + d, y0 + d}, {x0, y0 + d}, {x0, y0}}
	}
	island := orb.Polygon{sq(0, 0, 0.02), sq(0.005, 0.005, 0.01)}
	cut := NewLand([]LandArea{{Polygon: island, Clip: orb.Bound{Min: orb.Point{0, -1}, Max: orb.Point{1, 1}}}})
	whole := NewLand([]LandArea{{Polygon: island}, {Polygon: orb.Polygon{{{5, 5}}}}})
	require.Equal(t, 1, whole.Len(), "a ring of one point is no land")
	m := earthRadius * degToRad // metres per degree of latitude
	require.Zero(t, whole.Inland(0.01, 0.01), "in the lake")
	require.Zero(t, whole.Inland(0, 0.01), "on the shore")
	require.InDelta(t, 0.0025*m, whole.Inland(0.0025, 0.01), 1, "between the south shore and the lake")
	require.InDelta(t, 0.001*m, whole.Inland(0.01, 0.001), 1, "111 m from the west shore")
	require.InDelta(t, 0.004*m, cut.Inland(0.01, 0.001), 1, "the west side is a cut: the lake is the nearest shore")
	require.Zero(t, whole.Inland(math.NaN(), 0.01))
	require.Zero(t, whole.Inland(0.01, math.Inf(1)))
}

func TestParseLand(t *testing.T) {
	cases := []struct {
		name string
		in   string
		n    int    // land polygons
		err  string // a substring of the error
	}{
		{"empty collection", `{"type":"FeatureCollection","features":[]}`, 0, ""},
		{"ports are not land", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"port"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`, 0, ""},
		{"a polygon", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"land","clip":[-1,-1,2,2]},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`, 1, ""},
		{"a multipolygon", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"land"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,0],[3,0],[3,1],[2,0]]]]}}]}`, 2, ""},
		{"not JSON", `{"type":`, 0, "land:"},
		{"a line of land", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"land"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}`, 0, "feature 0: geometry LineString"},
		{"no geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"land"},"geometry":null}]}`, 0, "no geometry"},
		{"out of range", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"land"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,91],[0,0]]]}}]}`, 0, "out of range"},
		{"bad clip", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"land","clip":[2,2,1,1]},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`, 0, "clip"},
		{"clip of words", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"land","clip":["a",1,2,3]},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`, 0, "clip"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			land, err := ParseLand([]byte(ca.in))
			if ca.err != "" {
				require.ErrorContains(t, err, ca.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, ca.n, land.Len())
		})
	}
}

// FuzzParseLand: no basemap crashes the parser or the index.
func FuzzParseLand(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"land","clip":[-1,-1,2,2]},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		land, err := ParseLand(data)
		if err != nil {
			return
		}
		for _, p := range [][2]float64{{0.5, 0.6}, {0, 0}, {36.13, -5.455}, {90, 180}} {
			got := land.Inland(p[0], p[1])
			if got < 0 || math.IsNaN(got) {
				t.Fatalf("Inland(%v) = %v", p, got)
			}
		}
	})
}
