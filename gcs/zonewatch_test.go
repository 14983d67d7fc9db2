package gcs

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission/airspace"
)

// zoneFleet is a fleet watching a prohibited circle of 200 m round
// (-5.389, 36.15), about 1 km east of (-5.40, 36.15).
func zoneFleet(t *testing.T) (*Fleet, *fakeClock) {
	t.Helper()
	store := prohibitedCircle(t)
	clk := &fakeClock{t: time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)}
	f := &Fleet{Now: clk.now, TickPeriod: time.Hour, Operation: store}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	observe(f, "a-1", Identity{Armed: true, Mode: "GUIDED"})
	observe(f, "a-1", LandedUpdate{Landed: "in_air"})
	observe(f, "a-1", HomeUpdate{Home: Position{Lat: 36.15, Lon: -5.40, AltAMSL: 2}})
	return f, clk
}

func alertKinds(f *Fleet) map[string]bool {
	out := map[string]bool{}
	for _, a := range f.Alerts() {
		if a.Active {
			out[a.Kind] = true
		}
	}
	return out
}

func TestFlyingVehicleIsWatchedAgainstTheZones(t *testing.T) {
	f, clk := zoneFleet(t)
	at := func(lon float64, east float64) {
		clk.advance(time.Second)
		observe(f, "a-1", GlobalPosition{Position: Position{Lat: 36.15, Lon: lon, AltAMSL: 42, AltRel: 40}, Velocity: Velocity{East: east}})
	}
	at(-5.40, 0) // 1 km west, hovering
	v, _ := f.Vehicle("a-1")
	require.True(t, v.Zones.Watching)
	require.Empty(t, v.Zones.Breach)
	require.Empty(t, v.Zones.Predicted)

	at(-5.3915, 12) // 225 m west of the centre, 25 m from the edge, 12 m/s east
	v, _ = f.Vehicle("a-1")
	require.Equal(t, "airspace", v.Zones.Predicted, "%+v", v.Zones)
	require.Contains(t, v.Zones.Detail, "P1")
	require.True(t, alertKinds(f)["zone_warning"])

	at(-5.389, 12) // inside
	v, _ = f.Vehicle("a-1")
	require.Equal(t, "airspace", v.Zones.Breach)
	kinds := alertKinds(f)
	require.True(t, kinds["zone_breach"])
	require.False(t, kinds["zone_warning"])

	// On the ground a vehicle is where it took off: not watched.
	observe(f, "a-1", LandedUpdate{Landed: "on_ground"})
	at(-5.389, 0)
	v, _ = f.Vehicle("a-1")
	require.Empty(t, v.Zones.Breach)
}

// BenchmarkZoneWatch is one watch of a flying vehicle (a check now and up
// to three ahead) among 1,000 circular zones; the fleet runs it at most
// twice a second per vehicle.
func BenchmarkZoneWatch(b *testing.B) {
	zones := make([]airspace.Zone, 0, 1000)
	for i := range 1000 {
		c := orb.Point{-5.6 + float64(i%40)*0.01, 35.95 + float64(i/40)*0.012}
		zones = append(zones, airspace.Zone{ID: "Z", Restriction: airspace.Prohibited, Source: "bench",
			Volumes: []airspace.Volume{{Circle: &airspace.Circle{Center: c, Radius: 150},
				Lower: airspace.Limit{Ref: airspace.AGL}, Upper: airspace.Limit{Unlimited: true}}}})
	}
	op, err := NewOperation(Operation{Zones: zones})
	require.NoError(b, err)
	v := &Vehicle{ID: "a-1", Armed: true, HasPosition: true, Landed: "in_air",
		Position: Position{Lat: 36.1, Lon: -5.405, AltAMSL: 42, AltRel: 40}, Velocity: Velocity{North: 8, East: 3},
		Home: &Position{Lat: 36.1, Lon: -5.41, AltAMSL: 2}}
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	cfg := FenceWatchConfig{}.withDefaults()
	for b.Loop() {
		op.watch(v, cfg, now)
	}
}

// prohibitedCircle is an operation with one prohibited circle of 200 m
// round (-5.389, 36.15), about 1 km east of (-5.40, 36.15).
func prohibitedCircle(t *testing.T) *OperationStore {
	t.Helper()
	zone := airspace.Zone{ID: "P1", Name: "Prohibited test circle", Restriction: airspace.Prohibited, Source: "test",
		Volumes: []airspace.Volume{{Circle: &airspace.Circle{Center: orb.Point{-5.389, 36.15}, Radius: 200},
			Lower: airspace.Limit{Ref: airspace.AGL}, Upper: airspace.Limit{Unlimited: true}}}}
	op, err := NewOperation(Operation{Zones: []airspace.Zone{zone}})
	require.NoError(t, err)
	store := &OperationStore{}
	store.Set(op)
	return store
}
