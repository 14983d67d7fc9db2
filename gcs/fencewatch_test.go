package gcs

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
)

func TestFenceWatchWarnsBeforeTheBreach(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "AUTO", SystemStatus: "active", Armed: true})
	observe(f, "a-1", GPSUpdate{GPS: GPS{Fix: 3, Satellites: 12}})
	square := orb.Ring{{-5.44, 36.125}, {-5.42, 36.125}, {-5.42, 36.135}, {-5.44, 36.135}}
	f.WatchFence("a-1", mission.Fence{Zones: []mission.Zone{mission.InclusionPolygon(square)}})

	const mPerDeg = 111195.0
	north := Velocity{North: 10}
	at := func(metresSouthOfEdge float64) GlobalPosition {
		return GlobalPosition{Position: Position{Lat: 36.135 - metresSouthOfEdge/mPerDeg, Lon: -5.43, AltRel: 50}, Velocity: north}
	}
	observe(f, "a-1", at(500)) // 50 s away: quiet
	require.Empty(t, activeKinds(f.Alerts()))
	observe(f, "a-1", at(60)) // 6 s away, inside reaction (5 s) + braking (4 s)
	require.Equal(t, []string{"fence_warning"}, activeKinds(f.Alerts()))
	v, _ := f.Vehicle("a-1")
	require.Equal(t, "boundary", v.Watch.Predicted)
	require.InDelta(t, 6, v.Watch.PredictedIn, 0.3)

	observe(f, "a-1", at(-20)) // across
	require.Equal(t, []string{"fence_breach"}, activeKinds(f.Alerts()))
	observe(f, "a-1", FenceStatus{Fence: FenceState{Breached: true, Count: 1, Type: "boundary", At: time.Now()}})
	require.ElementsMatch(t, []string{"fence_breach", "fence_autopilot"}, activeKinds(f.Alerts()))

	f.WatchFence("a-1", mission.Fence{}) // the watch ends with the fence
	v, _ = f.Vehicle("a-1")
	require.False(t, v.Watch.Watching)
	require.Equal(t, []string{"fence_autopilot"}, activeKinds(f.Alerts()))
}
