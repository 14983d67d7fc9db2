package demo

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim"
	"skerry/sim/scene"
)

// TestVesselNearFollowsTheNearestBoat: the watcher is given the boat
// nearest it when first asked, and keeps that boat as it moves.
func TestVesselNearFollowsTheNearestBoat(t *testing.T) {
	world, err := scene.NewWorld(sim.DefaultScenario(), 0)
	require.NoError(t, err)
	boats := world.Vessels(0)
	require.NotEmpty(t, boats)
	target := boats[len(boats)/2]

	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	defer f.Close()
	id := gcs.VehicleID("sim1-1")
	f.Observe(gcs.Observation{Vehicle: id, Link: "sim1", SystemID: 1, At: time.Now(), Update: gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot"}})
	f.Observe(gcs.Observation{Vehicle: id, At: time.Now(), Update: gcs.GlobalPosition{Position: gcs.Position{Lat: target.Lat + 0.0005, Lon: target.Lon}}})
	require.Eventually(t, func() bool { v, ok := f.Vehicle(id); return ok && v.HasPosition }, 5*time.Second, 10*time.Millisecond)

	simT := time.Duration(0)
	at := VesselNear(world, func() time.Duration { return simT }, f, id)
	lat, lon, ok := at()
	require.True(t, ok)
	require.InDelta(t, target.Lat, lat, 1e-9)
	require.InDelta(t, target.Lon, lon, 1e-9)

	simT = 60 * time.Second // the boat moved; the watcher keeps it
	for _, b := range world.Vessels(simT) {
		if b.ID == target.ID {
			lat, lon, ok = at()
			require.True(t, ok)
			require.InDelta(t, b.Lat, lat, 1e-9)
			require.InDelta(t, b.Lon, lon, 1e-9)
		}
	}
}
