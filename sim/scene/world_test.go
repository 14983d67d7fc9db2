package scene

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// oneVessel is a scenario holding one vessel feature.
func oneVessel(props, geometry string) []byte {
	return []byte(fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"vessel",%s},"geometry":%s}]}`, props, geometry))
}

// metres is the distance between two vessels' positions.
func metres(a, b Vessel) float64 {
	f := newFrame(a.Lat, a.Lon)
	x, y := f.xy(b.Lat, b.Lon)
	return math.Hypot(x, y)
}

func TestVesselsMoveAlongRoutes(t *testing.T) {
	// 1 km east along 36.1°N at 10 kn, there and back.
	lon1 := -5.4 + 1000/newFrame(36.1, 0).kx
	route := fmt.Sprintf(`{"type":"LineString","coordinates":[[-5.4,36.1],[%f,36.1]]}`, lon1)
	cases := []struct {
		behaviour string
		at        time.Duration
		fromStart float64 // metres
		heading   float64
		speed     float64 // knots
	}{
		{"loop", 0, 0, 90, 10},
		{"loop", 100 * time.Second, 100 * 10 * knot, 90, 10},
		{"loop", 250 * time.Second, 1000 - (250*10*knot - 1000), 270, 10},
		{"loop", 388769 * time.Millisecond, 0, 90, 10}, // a whole loop: 2 km at 10 kn
		{"once", 100 * time.Second, 100 * 10 * knot, 90, 10},
		{"once", time.Hour, 1000, 90, 0},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %v", c.behaviour, c.at), func(t *testing.T) {
			data := oneVessel(fmt.Sprintf(`"id":"v","type":"yacht","speed":10,"behaviour":%q`, c.behaviour), route)
			w, err := NewWorld(data, 1)
			require.NoError(t, err)
			start := w.Vessels(0)[0]
			v := w.Vessels(c.at)[0]
			require.InDelta(t, c.fromStart, metres(start, v), 1)
			require.InDelta(t, 36.1, v.Lat, 1e-9)
			require.InDelta(t, c.heading, v.Heading, 0.01)
			require.InDelta(t, c.speed*knot, v.Speed, 1e-9)
			require.Equal(t, 12.0, v.Length)
			require.Equal(t, v, w.Vessels(c.at)[0], "the same time gives the same state")
		})
	}
}

func TestLoiterStaysNearItsPoint(t *testing.T) {
	data := oneVessel(`"id":"l","type":"fishing","speed":3,"behaviour":"loiter","radius":150`, `{"type":"Point","coordinates":[-5.4,36.1]}`)
	w, err := NewWorld(data, 7)
	require.NoError(t, err)
	again, err := NewWorld(data, 7)
	require.NoError(t, err)
	other, err := NewWorld(data, 8)
	require.NoError(t, err)
	centre := Vessel{Lat: 36.1, Lon: -5.4}
	far, headings := 0.0, map[int]bool{}
	for at := time.Duration(0); at < 2*time.Hour; at += 10 * time.Second {
		v := w.Vessels(at)[0]
		d := metres(centre, v)
		require.LessOrEqual(t, d, 150.0, "at %v", at)
		far = math.Max(far, d)
		headings[int(v.Heading/45)] = true
		require.Equal(t, v, again.Vessels(at)[0], "same seed, same wander")
		require.Less(t, v.Speed, 2*3*knot, "drifts slowly")
	}
	require.Greater(t, far, 50.0, "it wanders")
	require.Len(t, headings, 8, "it turns every way")
	require.NotEqual(t, w.Vessels(time.Minute)[0], other.Vessels(time.Minute)[0], "another seed, another wander")
}

func TestDefaultScenarioVessels(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	vs := w.Vessels(0)
	require.GreaterOrEqual(t, len(vs), 10)
	require.LessOrEqual(t, len(vs), 14)
	byID := map[string]int{}
	types := map[string]bool{}
	dark, fast := 0, false
	for i, v := range vs {
		byID[v.ID] = i
		types[v.Type] = true
		if !v.AIS {
			dark++
			require.Zero(t, v.MMSI)
		}
		fast = fast || v.Type == "rib" && v.Speed >= 30*knot && !v.AIS
	}
	require.Len(t, types, 5, "every type sails")
	require.GreaterOrEqual(t, dark, 2, "boats without AIS")
	require.True(t, fast, "a fast RIB without AIS")
	loiter := 0
	for _, m := range w.vessels {
		if m.behaviour == "loiter" {
			loiter++
		}
	}
	require.GreaterOrEqual(t, loiter, 1)

	// The meeting pair comes within 30 m, at 349 s.
	a, b := byID["yacht-lady"], byID["fishing-punta"]
	closest, when := math.Inf(1), time.Duration(0)
	for at := time.Duration(0); at < 1400*time.Second; at += time.Second {
		now := w.Vessels(at)
		if d := metres(now[a], now[b]); d < closest {
			closest, when = d, at
		}
	}
	require.Less(t, closest, 30.0, "closest at %v", when)
	at := w.Vessels(349 * time.Second)
	require.Less(t, metres(at[a], at[b]), 30.0, "they meet 349 s in")
}

// TestDefaultScenarioAtSea checks every vessel stays on water (off the
// land and port polygons, 50 m clear) for two hours, and near the bases
// (within 8 km) so the drones' cameras can see it.
func TestDefaultScenarioAtSea(t *testing.T) {
	data := defaultScenario(t)
	w, err := NewWorld(data, 1)
	require.NoError(t, err)
	bases := baseXY(t, w, data)
	for at := time.Duration(0); at < 2*time.Hour; at += 5 * time.Second {
		for _, v := range w.Vessels(at) {
			x, y := w.frame.xy(v.Lat, v.Lon)
			for i, poly := range w.land {
				require.False(t, insidePolygon(poly, x, y), "%s on land/port %d at %v", v.ID, i, at)
				require.Greater(t, distToPolygon(poly, x, y), 50.0, "%s within 50 m of land/port %d at %v", v.ID, i, at)
			}
			near := math.Inf(1)
			for _, b := range bases {
				near = math.Min(near, math.Hypot(x-b.x, y-b.y))
			}
			require.Less(t, near, 8000.0, "%s at %v is far from every base", v.ID, at)
		}
	}
}

// baseXY reads the scenario's bases in the world's frame.
func baseXY(t *testing.T, w *World, data []byte) []xy {
	sd, err := parseScenario(data)
	require.NoError(t, err)
	_ = sd
	var fc struct {
		Features []rawFeature `json:"features"`
	}
	require.NoError(t, jsonUnmarshal(data, &fc))
	var out []xy
	for _, f := range fc.Features {
		if f.Properties["kind"] == "base" {
			var p []float64
			require.NoError(t, jsonUnmarshal(f.Geometry.Coordinates, &p))
			x, y := w.frame.xy(p[1], p[0])
			out = append(out, xy{x, y})
		}
	}
	require.NotEmpty(t, out)
	return out
}

// insidePolygon is the even-odd rule over a polygon's rings.
func insidePolygon(rings [][]xy, x, y float64) bool {
	in := false
	for _, r := range rings {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			if (a.y > y) != (b.y > y) && x < a.x+(y-a.y)*(b.x-a.x)/(b.y-a.y) {
				in = !in
			}
		}
	}
	return in
}

// distToPolygon is the distance to the nearest edge of the rings.
func distToPolygon(rings [][]xy, x, y float64) float64 {
	best := math.Inf(1)
	for _, r := range rings {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			ex, ey := b.x-a.x, b.y-a.y
			k := 0.0
			if l := ex*ex + ey*ey; l > 0 {
				k = math.Max(0, math.Min(1, ((x-a.x)*ex+(y-a.y)*ey)/l))
			}
			best = math.Min(best, math.Hypot(x-a.x-k*ex, y-a.y-k*ey))
		}
	}
	return best
}
