package gcs

import (
	"math"
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
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
	require.Len(t, land.built, 5, "the five ports' outlines")
	cases := []struct {
		name     string
		lat, lon float64
		min, max float64 // metres from the shore: inland positive, at sea negative
	}{
		{"Algeciras town (Plaza Alta)", 36.1300, -5.4550, 500, 2000},
		{"Gibraltar, the Rock", 36.1350, -5.3500, 300, 1500},
		{"the bay", 36.1000, -5.4000, -5000, -2000},
		{"the Strait off Tarifa", 36.0000, -5.5800, -3000, -200},
		{"the Algeciras waterfront, by the passenger port", 36.1300, -5.4400, 40, 150},
		{"off the tip of a jetty of the 1:1M coast", 36.130886, -5.436429, -40, 0},
		{"on the outline of Isla Verde's port (a quay)", 36.137028, -5.433039, -10, 0},
		{"inland by the clip's north edge: the cut is no shore", 36.2450, -5.5500, 5000, 20000},
		{"north of the clip: the land there is unknown, the nearest known shore is far", 37.0000, -5.5000, -200000, -50000},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			got := land.Shore(ca.lat, ca.lon)
			require.GreaterOrEqual(t, got, ca.min)
			require.LessOrEqual(t, got, ca.max)
			if math.Abs(got) < 20000 {
				// Against an independent measure: haversine to points every
				// metre or so along the shore edges.
				require.InDelta(t, shoreBrute(land, ca.lat, ca.lon), got, 0.01*math.Abs(got)+2)
			}
		})
	}
}

// shoreBrute is the signed haversine distance from (lat, lon) to the
// nearest sampled point of every shore edge (no cut along a clip; at sea
// the ports' outlines too).
func shoreBrute(l *Land, lat, lon float64) float64 {
	p := orb.Point{lon, lat}
	best := math.Inf(1)
	edges := func(r orb.Ring, skip func(p, q orb.Point) bool) {
		for i := 0; i+1 < len(r); i++ {
			if skip(r[i], r[i+1]) {
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
	inland := false
	for _, a := range l.areas {
		inland = inland || planar.PolygonContains(a.poly, p)
		for _, r := range a.poly {
			edges(r, func(p, q orb.Point) bool { return a.cut && a.along(p, q) })
		}
	}
	if inland {
		return best
	}
	for _, r := range l.built {
		edges(r, func(p, q orb.Point) bool { return false })
	}
	return -best
}

func TestLandEdgeCases(t *testing.T) {
	var none *Land
	require.Equal(t, math.Inf(-1), none.Shore(36.13, -5.455))
	require.Zero(t, none.Len())
	require.True(t, none.Empty())
	require.True(t, NewLand(nil, nil).Empty())
	require.Equal(t, math.Inf(-1), (&Land{}).Shore(36.13, -5.455))

	// A 0.02° square island with a 0.01° lake, cut on its west side.
	sq := func(x0, y0, d float64) orb.Ring {
		return orb.Ring{{x0, y0}, {x0 + d, y0}, {x0 + d, y0 + d}, {x0, y0 + d}, {x0, y0}}
	}
	island := orb.Polygon{sq(0, 0, 0.02), sq(0.005, 0.005, 0.01)}
	cut := NewLand([]LandArea{{Polygon: island, Clip: orb.Bound{Min: orb.Point{0, -1}, Max: orb.Point{1, 1}}}}, nil)
	whole := NewLand([]LandArea{{Polygon: island}, {Polygon: orb.Polygon{{{5, 5}}}}}, []orb.Ring{{{1, 1}}})
	require.Equal(t, 1, whole.Len(), "a ring of one point is no land")
	require.Empty(t, whole.built, "nor a shore")
	m := earthRadius * degToRad // metres per degree of latitude
	require.InDelta(t, -0.005*m, whole.Shore(0.01, 0.01), 1, "in the middle of the lake")
	require.Zero(t, whole.Shore(0, 0.01), "on the shore")
	require.InDelta(t, 0.0025*m, whole.Shore(0.0025, 0.01), 1, "between the south shore and the lake")
	require.InDelta(t, 0.001*m, whole.Shore(0.01, 0.001), 1, "111 m from the west shore")
	require.InDelta(t, 0.004*m, cut.Shore(0.01, 0.001), 1, "the west side is a cut: the lake is the nearest shore")
	require.InDelta(t, -math.Sqrt2*0.01*m, cut.Shore(0.01, -0.01), 1, "west of the island: the cut is no shore, its corner is")
	require.Equal(t, math.Inf(-1), whole.Shore(math.NaN(), 0.01))
	require.Equal(t, math.Inf(-1), whole.Shore(0.01, math.Inf(1)))

	// A port's outline is shore, its basin no land.
	port := NewLand(nil, []orb.Ring{sq(0, 0, 0.02)})
	require.False(t, port.Empty(), "a port's outline is a shore")
	require.InDelta(t, -0.002*m, port.Shore(0.01, 0.002), 1, "in the basin, near the quay")
	require.InDelta(t, -0.002*m, port.Shore(0.01, -0.002), 1, "outside, near the breakwater")
	lakeQuay := NewLand([]LandArea{{Polygon: island}}, []orb.Ring{sq(0.008, 0.008, 0.004)})
	require.InDelta(t, -0.002*m, lakeQuay.Shore(0.01, 0.01), 1, "a quay in the lake is nearer than its shore")
	require.InDelta(t, 0.0025*m, lakeQuay.Shore(0.0025, 0.01), 1)
	onLand := NewLand([]LandArea{{Polygon: island}}, []orb.Ring{sq(0.009, 0.0015, 0.002)}) // round the point, 111 m off
	require.InDelta(t, 0.0025*m, onLand.Shore(0.0025, 0.01), 1, "inland, a port's outline is no shore")
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
		{"a port that is a point", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"port"},"geometry":{"type":"Point","coordinates":[0,0]}}]}`, 0, ""},
		{"a port out of range", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"port"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[181,0],[1,1],[0,0]]]}}]}`, 0, "(port): position"},
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
			if got := land.Shore(p[0], p[1]); math.IsNaN(got) || math.IsInf(got, 1) {
				t.Fatalf("Shore(%v) = %v", p, got)
			}
		}
	})
}

// BenchmarkLandShore measures one query of the scenario's land, on land
// and at sea (the filter asks once per placed detection).
func BenchmarkLandShore(b *testing.B) {
	land := scenarioLand(b)
	for _, at := range []struct {
		name     string
		lat, lon float64
	}{{"town", 36.1300, -5.4550}, {"bay", 36.1000, -5.4000}} {
		b.Run(at.name, func(b *testing.B) {
			for b.Loop() {
				land.Shore(at.lat, at.lon)
			}
		})
	}
}
