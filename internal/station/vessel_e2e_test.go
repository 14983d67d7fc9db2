package station_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim"
	"skerry/sim/scene"
)

// scenarioBesideVessel writes the default scenario with its bases replaced
// by one, at sea level 150 m south of the loitering fishing boat (a patrol
// boat launching its drone), and returns the file and the boat's id.
func scenarioBesideVessel(t *testing.T, seed int64) (string, scene.Vessel) {
	t.Helper()
	w, err := scene.NewWorld(sim.DefaultScenario(), seed)
	require.NoError(t, err)
	var boat scene.Vessel
	for _, v := range w.Vessels(0) {
		if v.ID == "fishing-virgen" {
			boat = v
		}
	}
	require.NotEmpty(t, boat.ID, "the default scenario's loitering fishing boat")
	fc, err := geojson.UnmarshalFeatureCollection(sim.DefaultScenario())
	require.NoError(t, err)
	kept := fc.Features[:0]
	for _, f := range fc.Features {
		if f.Properties.MustString("kind", "") != "base" {
			kept = append(kept, f)
		}
	}
	base := geojson.NewFeature(orb.Point{boat.Lon, boat.Lat - 150.0/111320})
	base.Properties = geojson.Properties{"kind": "base", "name": "patrol boat deck", "ground": 0}
	fc.Features = append(kept, base)
	b, err := fc.MarshalJSON()
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "scenario.geojson")
	require.NoError(t, os.WriteFile(path, b, 0o644))
	return path, boat
}

// TestCameraFindsTheBoatAndPutsItOnTheMap: a drone climbs beside a fishing
// boat and looks at it; the station detects the boat in its camera's
// frames, places it on the sea, tracks it, and lists it as a contact with
// the drone that sees it, near where the simulator says the boat is.
func TestCameraFindsTheBoatAndPutsItOnTheMap(t *testing.T) {
	needTool(t, "ffmpeg")
	const seed = 7
	scenario, boat := scenarioBesideVessel(t, seed)
	w := startWorld(t, worldOpts{vehicles: 1, links: 1, cameras: 1, data: t.TempDir(), scenario: scenario,
		camera: sim.CameraConfig{Width: 1280, Height: 720, FPS: 10}})
	id := gcs.VehicleID("l1-1")
	waitFor(t, 60*time.Second, "the camera playing", func() bool { _, ok := streamOf(w, id); return ok })
	base := strings.TrimSuffix(w.st.URL, "/")
	post(t, base+"/api/commands", `{"targets":["l1-1"],"command":{"kind":"takeoff","altitude":80}}`, http.StatusOK)
	waitFor(t, 90*time.Second, "the drone at 70 m", func() bool {
		v, _ := w.st.Fleet.Vehicle(id)
		return v.Position.AltRel > 70
	})
	post(t, base+"/api/commands", fmt.Sprintf(`{"targets":["l1-1"],"command":{"kind":"look_at","lat":%f,"lon":%f}}`, boat.Lat, boat.Lon), http.StatusOK)

	var got gcs.Vessel
	waitFor(t, 90*time.Second, "a contact where the boat is", func() bool {
		resp, err := http.Get(base + "/api/vessels")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var vs []gcs.Vessel
		if json.NewDecoder(resp.Body).Decode(&vs) != nil {
			return false
		}
		truth, ok := w.sim.Truth(0)
		if !ok {
			return false
		}
		for _, v := range vs {
			for _, tv := range truth.Vessels {
				if tv.VesselID == boat.ID && metres(gcs.Position{Lat: v.Lat, Lon: v.Lon}, gcs.Position{Lat: tv.Lat, Lon: tv.Lon}) < 60 {
					got = v
					return true
				}
			}
		}
		return false
	})
	require.NotEmpty(t, got.SeenBy)
	require.Equal(t, id, got.SeenBy[0].Vehicle)
	require.Equal(t, "c100s1", got.SeenBy[0].Stream)
	t.Logf("contact %s at %.5f,%.5f ±%.0f m, length %v, seen by %s", got.ID, got.Lat, got.Lon, got.ErrorM, got.Length, got.SeenBy[0].Vehicle)
}
