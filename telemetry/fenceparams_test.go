package telemetry

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/mission"
)

func testFence() mission.Fence {
	ceiling := mission.Altitude{M: 90, Ref: mission.AltRelative}
	return mission.Fence{
		Zones:   []mission.Zone{mission.InclusionPolygon(orb.Ring{{-5.44, 36.125}, {-5.42, 36.125}, {-5.42, 36.135}, {-5.44, 36.135}})},
		Ceiling: &ceiling,
	}
}

// params are the settings an upload writes, by name.
func params(vf gcs.VehicleFence) map[string]float64 {
	out := map[string]float64{}
	for _, c := range vf.Changes {
		out[c.Name] = c.To
	}
	return out
}

// copterDefaults is ArduCopter's fence out of the box: off, with the
// ceiling, circle and polygon types, 100 m and 300 m.
func copterDefaults() fenceNow {
	return fenceNow{typ: 7, enable: 0, known: true, radius: 300, altMax: 100, altMin: -10}
}

// TestPlanFenceKeepsTheVehiclesOtherFenceTypes: a polygon upload to a
// copter with FENCE_TYPE 7 keeps 7 (before, it set 4 and switched off the
// copter's own ceiling and circle), reports the circle and ceiling it
// keeps, and lets the plan set them.
func TestPlanFenceKeepsTheVehiclesOtherFenceTypes(t *testing.T) {
	v := gcs.Vehicle{ID: "a-1", Autopilot: "ardupilot"}
	f := testFence()
	f.Ceiling = nil
	up, issues, err := planFence(v, f, copterDefaults())
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"FENCE_ENABLE": 1}, params(up), "7 already holds the polygon")
	require.Equal(t, 300.0, *up.KeptRadius)
	require.Equal(t, 100.0, *up.KeptCeiling)
	require.Nil(t, up.KeptFloor, "no floor type")
	require.Contains(t, issueText(issues), "keeps the vehicle's own circle fence (from home): FENCE_RADIUS 300 m")
	require.Equal(t, []gcs.SettingChange{{Name: "FENCE_ENABLE", From: ptr(0), To: 1, Why: "so that the autopilot enforces the fence"}}, up.Changes)

	// The plan sets the ceiling and the circle: nothing of the vehicle's
	// is kept, and the changes say from what to what.
	r := 1500.0
	f = testFence()
	f.Radius = &r
	up, _, err = planFence(v, f, copterDefaults())
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"FENCE_ALT_MAX": 90, "FENCE_RADIUS": 1500, "FENCE_ENABLE": 1}, params(up))
	require.Nil(t, up.KeptRadius)
	require.Nil(t, up.KeptCeiling)
	require.Equal(t, "FENCE_RADIUS 300 → 1500 (the plan's radius from home)", up.Changes[1].String())

	// A vehicle with only a floor gets the plan's polygon and ceiling added.
	up, _, err = planFence(v, testFence(), fenceNow{typ: fenceTypeMinAlt, enable: 1, known: true, radius: 300, altMax: 100, altMin: 5})
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"FENCE_ALT_MAX": 90, "FENCE_TYPE": 13}, params(up))
	require.Equal(t, 5.0, *up.KeptFloor)

	// Unreadable parameters: the plan's types only, with a warning.
	up, issues, err = planFence(v, testFence(), unreadLimits(fenceNow{}))
	require.NoError(t, err)
	require.Equal(t, 5.0, params(up)["FENCE_TYPE"])
	require.Contains(t, issueText(issues), "could not read the vehicle's FENCE_TYPE")
	require.Nil(t, up.KeptRadius)

	// No fence in the plan: nothing written; an enabled fence's limits are
	// kept, a disabled one's are not.
	up, _, err = planFence(v, mission.Fence{}, copterDefaults())
	require.NoError(t, err)
	require.Empty(t, up.Changes)
	require.Nil(t, up.KeptRadius)
	on := copterDefaults()
	on.enable = 1
	up, _, err = planFence(v, mission.Fence{}, on)
	require.NoError(t, err)
	require.Equal(t, 300.0, *up.KeptRadius)
	require.True(t, math.IsNaN(unreadLimits(fenceNow{}).radius))
}

func TestPlanFenceRefusesWhatArduPilotWouldEnforceDifferently(t *testing.T) {
	v := gcs.Vehicle{ID: "a-1", Autopilot: "ardupilot"}
	f := testFence()
	second := mission.InclusionCircle(orb.Point{-5.40, 36.13}, 300)
	second.Group = 1
	f.Zones = append(f.Zones, second)
	_, _, err := planFence(v, f, copterDefaults())
	require.ErrorIs(t, err, gcs.ErrFenceSemantics)
	require.Contains(t, err.Error(), "2 groups")

	f = testFence()
	f.Ceiling = &mission.Altitude{M: 120, Ref: mission.AltAMSL}
	_, _, err = planFence(v, f, copterDefaults())
	require.ErrorIs(t, err, gcs.ErrFenceSemantics, "AMSL needs the vehicle's home")

	v.Home = &gcs.Position{AltAMSL: 20}
	up, _, err := planFence(v, f, copterDefaults())
	require.NoError(t, err)
	require.Equal(t, 100.0, params(up)["FENCE_ALT_MAX"])

	f.Ceiling = &mission.Altitude{M: 2000, Ref: mission.AltRelative}
	_, _, err = planFence(v, f, copterDefaults())
	require.ErrorIs(t, err, gcs.ErrFenceSemantics)
	require.Contains(t, err.Error(), "FENCE_ALT_MAX range")

	r := 20000.0
	f = testFence()
	f.Radius = &r
	_, _, err = planFence(v, f, copterDefaults())
	require.ErrorIs(t, err, gcs.ErrFenceSemantics)
	require.Contains(t, err.Error(), "FENCE_RADIUS range 30–10000 m")
}

func ptr(v float64) *float64 { return &v }

func issueText(is mission.Issues) string {
	var b strings.Builder
	for _, i := range is {
		b.WriteString(i.Message + "\n")
	}
	return b.String()
}
