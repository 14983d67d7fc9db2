package scene

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The default scenario's suspicious-behaviour cases (issue 14), as the
// vessels' notes describe them: these tests guard the notes.

// meeting is a span of simulated time when two vessels are within a
// distance, and where they were at its middle.
type meeting struct {
	from, to time.Duration
	lat, lon float64
	closest  float64
}

// meetings lists the spans within span of simulated time (step 1 s) when
// vessels a and b are within d metres.
func meetings(w *World, a, b int, d float64, span time.Duration) []meeting {
	var out []meeting
	var cur *meeting
	for at := time.Duration(0); at <= span; at += time.Second {
		vs := w.Vessels(at)
		dist := metres(vs[a], vs[b])
		switch {
		case dist <= d && cur == nil:
			out = append(out, meeting{from: at, closest: dist})
			cur = &out[len(out)-1]
		case dist <= d:
			cur.closest = math.Min(cur.closest, dist)
		case cur != nil:
			cur.to = at - time.Second
			mid := w.Vessels((cur.from + cur.to) / 2)[a]
			cur.lat, cur.lon = mid.Lat, mid.Lon
			cur = nil
		}
	}
	return out
}

// seaClearance is how far a point is from the nearest land and port
// polygon (metres), and from the nearest port alone.
func seaClearance(w *World, lat, lon float64) (land, port float64) {
	x, y := w.frame.xy(lat, lon)
	land, port = math.Inf(1), math.Inf(1)
	for i, poly := range w.land {
		d := distToPolygon(poly, x, y)
		if insidePolygon(poly, x, y) {
			d = 0
		}
		land = math.Min(land, d)
		if i >= w.nLand {
			port = math.Min(port, d)
		}
	}
	return land, port
}

func vesselIndex(t *testing.T, w *World) map[string]int {
	t.Helper()
	byID := map[string]int{}
	for i, v := range w.Vessels(0) {
		byID[v.ID] = i
	}
	return byID
}

// TestDarkMeeting: rib-shadow (no AIS) comes alongside fishing-anita (AIS)
// offshore, within 30 m for more than 4 minutes, twice in every 2211 s
// loop, kilometres from any port: the times and place in its note.
func TestDarkMeeting(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	byID := vesselIndex(t, w)
	s, a := byID["rib-shadow"], byID["fishing-anita"]
	v0 := w.Vessels(0)
	require.False(t, v0[s].AIS)
	require.True(t, v0[a].AIS)
	ms := meetings(w, s, a, 30, 2*2211*time.Second)
	for _, m := range ms {
		land, port := seaClearance(w, m.lat, m.lon)
		t.Logf("within 30 m from %v to %v (%.0f s), closest %.1f m, at (%.4f, %.4f), %.0f m from land, %.0f m from a port",
			m.from, m.to, (m.to - m.from).Seconds(), m.closest, m.lon, m.lat, land, port)
	}
	require.Len(t, ms, 4, "twice a loop, two loops")
	for i, want := range []time.Duration{386 * time.Second, 1527 * time.Second, 2597 * time.Second, 3737 * time.Second} {
		m := ms[i]
		require.InDelta(t, want.Seconds(), m.from.Seconds(), 3, "meeting %d", i)
		require.Greater(t, m.to-m.from, 4*time.Minute, "meeting %d", i)
		require.Less(t, m.closest, 21.0)
		land, port := seaClearance(w, m.lat, m.lon)
		require.Greater(t, land, 500.0, "offshore")
		require.Greater(t, port, 2000.0, "away from ports")
		require.InDelta(t, 36.1845, m.lat, 0.002)
		require.InDelta(t, -5.3219, m.lon, 0.002)
	}
}

// TestDarkLoiterer: rib-waiting (no AIS) stays within 150 m of its point
// offshore, far from berths, under 3 knots.
func TestDarkLoiterer(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	i := vesselIndex(t, w)["rib-waiting"]
	centre := Vessel{Lat: 36.068, Lon: -5.405}
	require.False(t, w.Vessels(0)[i].AIS)
	for at := time.Duration(0); at < 2*time.Hour; at += 10 * time.Second {
		v := w.Vessels(at)[i]
		require.LessOrEqual(t, metres(centre, v), 150.0)
		require.Less(t, v.Speed, 3*knot)
		land, port := seaClearance(w, v.Lat, v.Lon)
		require.Greater(t, land, 1000.0)
		require.Greater(t, port, 4000.0)
	}
}

// TestRunnerForTheShore: rib-runner, without AIS, runs at 35 kn from open
// water (4 km out) straight for the shore south of Algeciras (heading
// north-west, past Punta Carnero) and turns back nearest it, about 300 m
// off the beach, about 6 minutes in.
func TestRunnerForTheShore(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	i := vesselIndex(t, w)["rib-runner"]
	start := w.Vessels(0)[i]
	require.False(t, start.AIS)
	require.InDelta(t, 35, start.Speed/knot, 1e-9)
	startLand, _ := seaClearance(w, start.Lat, start.Lon)
	prev, nearest, at := startLand, startLand, time.Duration(0)
	for ; ; at += time.Second {
		v := w.Vessels(at)[i]
		if at > 0 && math.Abs(v.Heading-start.Heading) > 90 {
			break // turned back
		}
		require.InDelta(t, 315, v.Heading, 10, "north-west, at %v", at)
		prev, _ = seaClearance(w, v.Lat, v.Lon)
		nearest = math.Min(nearest, prev)
	}
	t.Logf("rib-runner: %.0f m from land at the start, %.0f m when it turns back %v in", startLand, prev, at)
	require.Less(t, prev, 400.0, "it reaches the shore")
	require.InDelta(t, nearest, prev, 20, "nearest the land when it turns")
	require.Greater(t, startLand, 3000.0, "from open water")
	require.InDelta(t, 6*time.Minute, at, float64(30*time.Second))
}

// seaZone is a "kind": "sea_zone" feature of the scenario.
type seaZone struct {
	zone, name string
	rings      [][]xy
}

func seaZones(t *testing.T, w *World, data []byte) []seaZone {
	t.Helper()
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	require.NoError(t, json.Unmarshal(data, &fc))
	var out []seaZone
	for _, f := range fc.Features {
		if f.Properties["kind"] != "sea_zone" {
			continue
		}
		require.Equal(t, "Polygon", f.Geometry.Type)
		var rings [][][2]float64
		require.NoError(t, json.Unmarshal(f.Geometry.Coordinates, &rings))
		z := seaZone{}
		z.zone, _ = f.Properties["zone"].(string)
		z.name, _ = f.Properties["name"].(string)
		for _, r := range rings {
			var ring []xy
			for _, p := range r {
				x, y := w.frame.xy(p[1], p[0])
				ring = append(ring, xy{x, y})
			}
			z.rings = append(z.rings, ring)
		}
		out = append(out, z)
	}
	return out
}

// TestSeaZones: the scenario has a restricted zone round the Isla Verde
// container terminal, which no vessel enters, and an anchorage where
// cargo-star lies at anchor all the time (and no other vessel stops).
func TestSeaZones(t *testing.T) {
	data := defaultScenario(t)
	w, err := NewWorld(data, 1)
	require.NoError(t, err)
	zones := seaZones(t, w, data)
	kinds := map[string]seaZone{}
	for _, z := range zones {
		require.NotEmpty(t, z.name)
		kinds[z.zone] = z
	}
	require.Contains(t, kinds, "restricted")
	require.Contains(t, kinds, "anchorage")
	star := vesselIndex(t, w)["cargo-star"]
	entered := map[string]map[string]bool{"restricted": {}, "anchorage": {}}
	for at := time.Duration(0); at < 2*time.Hour; at += 5 * time.Second {
		for i, v := range w.Vessels(at) {
			x, y := w.frame.xy(v.Lat, v.Lon)
			for k, z := range kinds {
				if insidePolygon(z.rings, x, y) {
					entered[k][v.ID] = true
				}
			}
			if i == star {
				require.True(t, insidePolygon(kinds["anchorage"].rings, x, y), "cargo-star at anchor in the anchorage at %v", at)
			}
		}
	}
	t.Logf("vessels in the zones over 2 h: %v", entered)
	require.Empty(t, entered["restricted"])
	require.Equal(t, map[string]bool{"cargo-star": true}, entered["anchorage"])
}
