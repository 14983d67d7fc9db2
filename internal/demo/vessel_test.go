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

// TestBoatsHandsOutOneSlowBoatEach: two watchers at the same spot get two
// different boats, and neither gets one faster than MaxSpeed or longer
// than MaxLength.
func TestBoatsHandsOutOneSlowBoatEach(t *testing.T) {
	world, err := scene.NewWorld(sim.DefaultScenario(), 0)
	require.NoError(t, err)
	var fast scene.Vessel
	for _, b := range world.Vessels(0) {
		if b.Speed > fast.Speed {
			fast = b
		}
	}
	require.Greater(t, fast.Speed, 10.0, "the scenario has a fast boat")

	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	defer f.Close()
	ids := []gcs.VehicleID{"sim1-1", "sim1-2"}
	for i, id := range ids {
		f.Observe(gcs.Observation{Vehicle: id, Link: "sim1", SystemID: uint8(i + 1), At: time.Now(), Update: gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot"}})
		f.Observe(gcs.Observation{Vehicle: id, At: time.Now(), Update: gcs.GlobalPosition{Position: gcs.Position{Lat: fast.Lat, Lon: fast.Lon}}})
	}
	require.Eventually(t, func() bool {
		for _, id := range ids {
			if v, ok := f.Vehicle(id); !ok || !v.HasPosition {
				return false
			}
		}
		return true
	}, 5*time.Second, 10*time.Millisecond)

	boats := &Boats{World: world, SimTime: func() time.Duration { return 0 }, Fleet: f, MaxSpeed: 10, MaxLength: 60}
	a, ok := boats.Where(ids[0])
	require.True(t, ok)
	b, ok := boats.Where(ids[1])
	require.True(t, ok)
	require.NotEqual(t, a.ID, b.ID, "one boat each")
	require.NotEqual(t, fast.ID, a.ID, "not the fast boat, though the nearest")
	require.NotEqual(t, fast.ID, b.ID)
	require.LessOrEqual(t, a.Length, 60.0, "no ship")
	require.LessOrEqual(t, b.Length, 60.0)
	again, ok := boats.Where(ids[0])
	require.True(t, ok)
	require.Equal(t, a.ID, again.ID, "a watcher keeps its boat")
	lat, lon, ok := boats.Near(ids[1])()
	require.True(t, ok)
	require.InDelta(t, b.Lat, lat, 1e-9)
	require.InDelta(t, b.Lon, lon, 1e-9)
}

// TestBoatsPrefersADarkBoat: beside a boat with AIS, a watcher is handed
// the nearest boat without AIS within PreferWithin instead; beyond it,
// the nearest boat.
func TestBoatsPrefersADarkBoat(t *testing.T) {
	world, err := scene.NewWorld(sim.DefaultScenario(), 0)
	require.NoError(t, err)
	var lit scene.Vessel
	for _, b := range world.Vessels(0) {
		if b.ID == "fishing-anita" { // with AIS; rib-shadow (dark) is 3 km off at the start
			lit = b
		}
	}
	require.True(t, lit.AIS)
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	defer f.Close()
	place := func(id gcs.VehicleID) {
		f.Observe(gcs.Observation{Vehicle: id, Link: "sim1", SystemID: 1, At: time.Now(), Update: gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot"}})
		f.Observe(gcs.Observation{Vehicle: id, At: time.Now(), Update: gcs.GlobalPosition{Position: gcs.Position{Lat: lit.Lat + 0.0005, Lon: lit.Lon}}})
		require.Eventually(t, func() bool { v, ok := f.Vehicle(id); return ok && v.HasPosition }, 5*time.Second, 10*time.Millisecond)
	}
	place("sim1-1")
	near := &Boats{World: world, SimTime: func() time.Duration { return 0 }, Fleet: f, PreferDark: true, PreferWithin: 8000}
	b, ok := near.Where("sim1-1")
	require.True(t, ok)
	require.False(t, b.AIS, "a boat without AIS: %s", b.ID)
	strict := &Boats{World: world, SimTime: func() time.Duration { return 0 }, Fleet: f, PreferDark: true, PreferWithin: 10}
	b, ok = strict.Where("sim1-1")
	require.True(t, ok)
	require.Equal(t, lit.ID, b.ID, "no dark boat within 10 m: the nearest")
}
