package station_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/internal/browsertest"
	"skerry/internal/station"
	"skerry/mission/airspace"
	"skerry/sim"
	"skerry/sim/scene"
	"skerry/telemetry"
)

// The inspection scenario: a base on the water at (36.100, -5.400); a
// fishing boat with AIS sailing east at 6 kn 500 m north-east of it; a
// cargo ship with AIS drifting at its anchor 1.1 km south-east (at 1 kn, so
// that it reports every 10 s), inside a prohibited
// circle of the operation; the operation's area round them all.
const (
	inspectSpeedup   = 5
	inspectMMSI      = 224765432
	anchoredMMSI     = 224567890
	anchoredLat      = 36.092
	anchoredLon      = -5.390
	prohibitedRadius = 200.0
)

var inspectArea = orb.Polygon{{{-5.42, 36.085}, {-5.35, 36.085}, {-5.35, 36.125}, {-5.42, 36.125}, {-5.42, 36.085}}}

// inspectScenario writes the scenario file and returns it with its world.
func inspectScenario(t *testing.T) (string, *scene.World) {
	t.Helper()
	base := geojson.NewFeature(orb.Point{-5.400, 36.100})
	base.Properties = geojson.Properties{"kind": "base", "name": "test quay", "ground": 0}
	boat := geojson.NewFeature(orb.LineString{{-5.396, 36.104}, {-5.376, 36.104}})
	boat.Properties = geojson.Properties{"kind": "vessel", "id": "fishing-e2e", "name": "Nueva Anita", "type": "fishing",
		"speed": 6, "behaviour": "loop", "ais": true, "mmsi": inspectMMSI}
	ship := geojson.NewFeature(orb.Point{anchoredLon, anchoredLat})
	ship.Properties = geojson.Properties{"kind": "vessel", "id": "cargo-e2e", "name": "Bahia Star", "type": "cargo",
		"speed": 1, "behaviour": "loiter", "radius": 20, "ais": true, "mmsi": anchoredMMSI}
	fc := geojson.NewFeatureCollection()
	fc.Append(base)
	fc.Append(boat)
	fc.Append(ship)
	b, err := fc.MarshalJSON()
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "inspect.geojson")
	require.NoError(t, os.WriteFile(path, b, 0o644))
	w, err := scene.NewWorld(b, 7)
	require.NoError(t, err)
	return path, w
}

// inspectOperation is the operation: its area, and the prohibited circle
// round the anchored ship.
func inspectOperation(t *testing.T) *gcs.Operation {
	t.Helper()
	zone := airspace.Zone{ID: "P-ANCHOR", Name: "Prohibited anchorage", Restriction: airspace.Prohibited, Source: "test",
		Volumes: []airspace.Volume{{Circle: &airspace.Circle{Center: orb.Point{anchoredLon, anchoredLat}, Radius: prohibitedRadius},
			Lower: airspace.Limit{Ref: airspace.AGL}, Upper: airspace.Limit{Unlimited: true}}}}
	op, err := gcs.NewOperation(gcs.Operation{Zones: []airspace.Zone{zone}, Area: inspectArea})
	require.NoError(t, err)
	require.Empty(t, op.Problems())
	return op
}

// TestInspectFliesTheDroneRoundTheMovingVessel is inspect end to end over
// loopback: the simulator's drone (with a gimbal camera) and its AIS
// broadcast, the station's AIS picture, maritime picture, inspector,
// commander, API, live feed and console (headless Chromium). The plan
// picks the drone on its quay; once the pilot sends it from the console,
// it takes off, reaches the boat, and circles it as it sails,
// at about the radius, the camera on it, inside the operation's area;
// ended from the console, it returns home. The ship inside the prohibited circle gets an
// orbit outside it, or a refusal naming it.
func TestInspectFliesTheDroneRoundTheMovingVessel(t *testing.T) {
	scenario, world := inspectScenario(t)
	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Operation: inspectOperation(t), NoDetect: true,
		Links: []telemetry.LinkConfig{{Name: "l1", URL: "udp-server:127.0.0.1:0"}}, AIS: []string{"udp-server:127.0.0.1:0"}})
	require.NoError(t, err)
	t.Cleanup(st.Close)
	st.Inspector.Period = 500 * time.Millisecond // before any session reads it
	s, err := sim.New(sim.Config{Vehicles: 1, Speedup: inspectSpeedup, Seed: 7, Scenario: scenario, Cameras: 1,
		Camera:  sim.CameraConfig{Width: 320, Height: 176, FPS: 2, Codec: sim.CodecMJPEG},
		AISAddr: st.AISAddrs()[0], Links: []sim.LinkConfig{{Paths: []string{"udp:" + st.Telemetry.Addrs()["l1"]}}}})
	require.NoError(t, err)
	require.NoError(t, s.Start())
	t.Cleanup(s.Close)
	const id = gcs.VehicleID("l1-1")
	target := fmt.Sprintf("ais-%d", inspectMMSI)
	base := strings.TrimSuffix(st.URL, "/")
	waitFor(t, 30*time.Second, "the drone ready with its camera, and the boats' AIS", func() bool {
		v, ok := st.Fleet.Vehicle(id)
		_, err := st.Maritime.Target(t.Context(), gcs.VesselID(target))
		_, err2 := st.Maritime.Target(t.Context(), gcs.VesselID(fmt.Sprintf("ais-%d", anchoredMMSI)))
		return ok && err2 == nil && v.HasPosition && v.Home != nil && v.Battery.Remaining.Known() && (len(v.Cameras) > 0 || v.Gimbal != nil) && err == nil
	})
	truth := func(vid string) scene.Vessel {
		for _, v := range world.Vessels(s.SimTime()) {
			if v.ID == vid {
				return v
			}
		}
		t.Fatalf("no vessel %s", vid)
		return scene.Vessel{}
	}

	// Plan: the drone on its quay, an orbit of 150 m.
	var plan gcs.InspectPlan
	postJSON(t, base+"/api/inspect/plan", fmt.Sprintf(`{"target":%q}`, target), http.StatusOK, &plan)
	require.Equal(t, id, plan.Vehicle)
	require.Equal(t, gcs.TaskIdle, plan.Task)
	require.Equal(t, 150.0, plan.Radius)

	// A ship inside the prohibited circle: an orbit outside it, or why not.
	code, body := postRaw(t, base+"/api/inspect/plan", fmt.Sprintf(`{"target":"ais-%d","vehicle":%q}`, anchoredMMSI, id))
	switch code {
	case http.StatusOK:
		var zp gcs.InspectPlan
		require.NoError(t, json.Unmarshal(body, &zp))
		require.Greater(t, zp.Radius, prohibitedRadius)
		for _, p := range zp.Points {
			require.Greater(t, metresBetween(p.Lat, p.Lon, anchoredLat, anchoredLon), prohibitedRadius, "an orbit point in the zone")
		}
		t.Logf("the anchored ship: orbit of %.0f m, %q", zp.Radius, zp.Warnings)
	case http.StatusUnprocessableEntity:
		require.Contains(t, string(body), "P-ANCHOR")
		t.Logf("the anchored ship: refused: %s", body)
	default:
		t.Fatalf("the anchored ship: %d %s", code, body)
	}

	// The pilot asks the console to inspect the boat, reads the plan and
	// sends the drone: it takes off, flies there and circles.
	tools := browsertest.Find(t)
	env := []string{"SKERRY_TARGET=" + target, "SKERRY_VEHICLE=" + string(id)}
	tools.Run(t, st.URL, 2*time.Minute, append(env, "SKERRY_STEP=start"), "inspectsim.test.mjs")
	var sessions []gcs.InspectSession
	getJSON(t, base+"/api/inspect", http.StatusOK, &sessions)
	require.Len(t, sessions, 1)
	sess := sessions[0]
	require.Equal(t, id, sess.Vehicle)
	require.Equal(t, gcs.VesselID(target), sess.Target)
	waitFor(t, 40*time.Second, "the drone circling the boat", func() bool {
		getJSON(t, base+"/api/inspect/"+sess.ID, http.StatusOK, &sess)
		require.True(t, sess.Active(), "ended: %s", sess.EndReason)
		return sess.Phase == gcs.InspectOrbit
	})
	first := truth("fishing-e2e")
	var dists []float64
	seen := 0
	const checks = 12
	for k := range checks {
		time.Sleep(time.Second)
		v, _ := st.Fleet.Vehicle(id)
		boat := truth("fishing-e2e")
		here := orb.Point{v.Position.Lon, v.Position.Lat}
		require.True(t, planar.PolygonContains(inspectArea, here), "check %d: the drone left the area at %v", k, here)
		d := metresBetween(v.Position.Lat, v.Position.Lon, boat.Lat, boat.Lon)
		dists = append(dists, d)
		if inView(v, boat) {
			seen++
		}
	}
	getJSON(t, base+"/api/inspect/"+sess.ID, http.StatusOK, &sess)
	last := truth("fishing-e2e")
	t.Logf("distances to the boat over %d s: %.0f; in view %d/%d; laps %.2f, %d go-tos, %d refused, warnings %q",
		checks, dists, seen, checks, sess.Laps, sess.Sent, sess.Refused, sess.Warnings)
	require.Greater(t, metresBetween(first.Lat, first.Lon, last.Lat, last.Lon), 50.0, "the boat moved")
	for k, d := range dists {
		require.InDelta(t, sess.Radius, d, 90, "check %d: the drone stays near the orbit: %.0f", k, dists)
	}
	require.GreaterOrEqual(t, seen, checks*2/3, "the boat in the camera's view")
	require.Greater(t, sess.Laps, 0.1, "it goes round")

	// Ended from the console, which shows it circling live: the camera
	// freed, the drone home.
	tools.Run(t, st.URL, 2*time.Minute, append(env, "SKERRY_STEP=end"), "inspectsim.test.mjs")
	getJSON(t, base+"/api/inspect/"+sess.ID, http.StatusOK, &sess)
	require.Equal(t, gcs.InspectEnded, sess.Phase)
	require.Equal(t, "return", sess.Then)
	waitFor(t, 10*time.Second, "the drone returning", func() bool {
		v, _ := st.Fleet.Vehicle(id)
		return v.Mode == "RTL"
	})
}

// inView reports whether the boat is inside the drone's camera footprint,
// or (no footprint known) whether the gimbal is told to look at it.
func inView(v gcs.Vehicle, boat scene.Vessel) bool {
	if fp := v.Footprint; fp != nil && len(fp.Corners) >= 3 {
		ring := orb.Ring{}
		for _, c := range fp.Corners {
			ring = append(ring, orb.Point{c.Lon, c.Lat})
		}
		ring = append(ring, ring[0])
		return planar.PolygonContains(orb.Polygon{ring}, orb.Point{boat.Lon, boat.Lat})
	}
	return v.Gimbal != nil && v.Gimbal.ROI != nil && metresBetween(v.Gimbal.ROI.Lat, v.Gimbal.ROI.Lon, boat.Lat, boat.Lon) < 60
}

// metresBetween is the distance between two points, metres (flat: fine
// over a few kilometres).
func metresBetween(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000.0
	dn := (lat2 - lat1) * math.Pi / 180 * r
	de := (lon2 - lon1) * math.Pi / 180 * r * math.Cos((lat1+lat2)/2*math.Pi/180)
	return math.Hypot(dn, de)
}

// postRaw POSTs a JSON body and returns the status and the answer.
func postRaw(t *testing.T, url, body string) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// postJSON POSTs a JSON body, requires status and decodes the answer.
func postJSON(t *testing.T, url, body string, status int, v any) {
	t.Helper()
	code, b := postRaw(t, url, body)
	require.Equal(t, status, code, "POST %s: %s", url, b)
	require.NoError(t, json.Unmarshal(b, v))
}
