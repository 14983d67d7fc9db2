package maritime

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func testZones(t testing.TB) *Zones {
	t.Helper()
	data, err := os.ReadFile("testdata/zones.geojson")
	require.NoError(t, err)
	z, err := ParseZones(data)
	require.NoError(t, err)
	return z
}

func TestParseZones(t *testing.T) {
	z := testZones(t)
	require.Equal(t, 4, z.Len())
	names := func(zs []*Zone) []string {
		var out []string
		for _, zn := range zs {
			out = append(out, fmt.Sprintf("%s %s", zn.Kind, zn.Name))
		}
		return out
	}
	for _, c := range []struct {
		name     string
		lat, lon float64
		want     []string
	}{
		{"harbour", 36.125, -5.445, []string{"berth Test harbour"}},
		{"restricted", 36.175, -5.395, []string{"restricted Refinery jetty security zone"}},
		{"protected, first polygon", 36.065, -5.425, []string{"protected Punta Carnero reserve"}},
		{"protected, second polygon", 36.061, -5.401, []string{"protected Punta Carnero reserve"}},
		{"in the hole", 36.065, -5.405, nil},
		{"anchorage", 36.13, -5.38, []string{"anchorage Eastern anchorage"}},
		{"open sea", 36.10, -5.40, nil},
		{"land is no zone", 36.25, -5.4, nil},
		{"NaN", math.NaN(), -5.4, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, names(z.At(c.lat, c.lon)))
		})
	}
	require.Equal(t, "medium", string(z.All()[2].Severity))
	require.Equal(t, []string{"Refinery jetty security zone"}, z.Names(36.175, -5.395))
	require.Nil(t, z.Names(36.10, -5.40))
	require.Empty(t, (*Zones)(nil).At(36.1, -5.4))
}

// TestParseZonesScenario: the scenario's ports are berths, beside its
// security zone and its anchorage.
func TestParseZonesScenario(t *testing.T) {
	data, err := os.ReadFile("../../sim/scenario/algeciras.geojson")
	require.NoError(t, err)
	z, err := ParseZones(data)
	require.NoError(t, err)
	require.Equal(t, 7, z.Len())
	kinds := map[ZoneKind]int{}
	for _, zn := range z.All() {
		kinds[zn.Kind]++
	}
	require.Equal(t, map[ZoneKind]int{ZoneBerth: 5, ZoneRestricted: 1, ZoneAnchorage: 1}, kinds)
	at := z.At(36.13, -5.442)
	require.Len(t, at, 1)
	require.Contains(t, at[0].Name, "Dársena de Algeciras")
}

func TestParseZonesErrors(t *testing.T) {
	square := `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`
	feature := func(props, geom string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"vessel"},"geometry":null},{"type":"Feature","properties":` + props + `,"geometry":` + geom + `}]}`
	}
	for _, c := range []struct {
		name, data, want string
	}{
		{"not JSON", `{`, "zones:"},
		{"no zone kind", feature(`{"kind":"sea_zone","name":"Z"}`, square), `feature 1 (sea_zone "Z"): zone <nil>`},
		{"bad zone kind", feature(`{"kind":"sea_zone","name":"Z","zone":"forbidden"}`, square), `zone forbidden: want`},
		{"no name", feature(`{"kind":"sea_zone","zone":"restricted"}`, square), "feature 1 (sea_zone): no name"},
		{"name not a string", feature(`{"kind":"sea_zone","zone":"restricted","name":7}`, square), "name 7 is not a string"},
		{"bad severity", feature(`{"kind":"sea_zone","zone":"restricted","name":"Z","severity":"extreme"}`, square), "severity extreme"},
		{"point", feature(`{"kind":"sea_zone","zone":"restricted","name":"Z"}`, `{"type":"Point","coordinates":[0,0]}`), "geometry Point, want Polygon or MultiPolygon"},
		{"no geometry", feature(`{"kind":"port","name":"P"}`, `null`), `feature 1 (port "P"): no geometry`},
		{"open ring", feature(`{"kind":"port","name":"P"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`), "not closed"},
		{"short ring", feature(`{"kind":"port","name":"P"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`), "ring of 3 positions"},
		{"out of range", feature(`{"kind":"port","name":"P"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,91],[0,0]]]}`), "out of range"},
		{"no rings", feature(`{"kind":"port","name":"P"}`, `{"type":"Polygon","coordinates":[]}`), "without rings"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseZones([]byte(c.data))
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
		})
	}
}

// TestZonesIndex: the grid finds every zone a brute-force scan finds, for
// many zones of many sizes.
func TestZonesIndex(t *testing.T) {
	var zones []*Zone
	for i := range 300 {
		lon, lat := -5.6+float64(i%20)*0.02, 36.0+float64(i/20)*0.02
		size := 0.005 + float64(i%7)*0.01
		zones = append(zones, &Zone{Name: fmt.Sprint(i), Kind: ZoneRestricted, Polygons: squareAt(lat, lon, size)})
	}
	z := NewZones(zones)
	for i := range 2000 {
		lat, lon := 35.99+float64(i%50)*0.0073, -5.61+float64(i/50)*0.0113
		var want []*Zone
		for _, zn := range zones {
			if zn.Contains(lat, lon) {
				want = append(want, zn)
			}
		}
		require.Equal(t, want, z.At(lat, lon), "%v, %v", lat, lon)
	}
}

// FuzzParseZones: no file crashes the parser or the index.
func FuzzParseZones(f *testing.F) {
	data, err := os.ReadFile("testdata/zones.geojson")
	require.NoError(f, err)
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		z, err := ParseZones(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "zones: ") {
				t.Fatalf("error %q does not say zones", err)
			}
			return
		}
		for _, zn := range z.All() {
			if zn.Name == "" || !zn.Watched() && !zn.Quiet() {
				t.Fatalf("zone %+v", zn)
			}
		}
		for _, p := range [][2]float64{{0.5, 0.5}, {36.13, -5.4}, {90, 180}, {-90, -180}} {
			z.At(p[0], p[1])
		}
	})
}
