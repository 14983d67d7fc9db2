package telemetry

import (
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

func params(ps []param) map[string]float64 {
	out := map[string]float64{}
	for _, p := range ps {
		out[p.name] = p.value
	}
	return out
}

func TestFenceLimitsSayWhatTheyChange(t *testing.T) {
	v := gcs.Vehicle{ID: "a-1", Autopilot: "ardupilot"}
	ps, issues, err := fenceLimits(v, testFence(), fenceNow{typ: 7, enable: 1, known: true})
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"FENCE_ALT_MAX": 90, "FENCE_TYPE": 5}, params(ps))
	require.Contains(t, issueText(issues), "sets FENCE_TYPE = 5 (altitude ceiling, polygon); it was 7 (altitude ceiling, circle, polygon)")

	// A vehicle with its fence off gets it enabled.
	ps, _, err = fenceLimits(v, testFence(), fenceNow{known: true})
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"FENCE_ALT_MAX": 90, "FENCE_TYPE": 5, "FENCE_ENABLE": 1}, params(ps))

	// Unreadable parameters: the plan's types, with a warning.
	ps, issues, err = fenceLimits(v, testFence(), fenceNow{})
	require.NoError(t, err)
	require.Equal(t, 5.0, params(ps)["FENCE_TYPE"])
	require.Contains(t, issueText(issues), "could not read the vehicle's FENCE_TYPE")
}

func TestFenceLimitsRefuseWhatArduPilotWouldEnforceDifferently(t *testing.T) {
	v := gcs.Vehicle{ID: "a-1", Autopilot: "ardupilot"}
	f := testFence()
	second := mission.InclusionCircle(orb.Point{-5.40, 36.13}, 300)
	second.Group = 1
	f.Zones = append(f.Zones, second)
	_, _, err := fenceLimits(v, f, fenceNow{known: true})
	require.ErrorIs(t, err, gcs.ErrFenceSemantics)
	require.Contains(t, err.Error(), "2 groups")

	f = testFence()
	f.Ceiling = &mission.Altitude{M: 120, Ref: mission.AltAMSL}
	_, _, err = fenceLimits(v, f, fenceNow{known: true})
	require.ErrorIs(t, err, gcs.ErrFenceSemantics, "AMSL needs the vehicle's home")

	v.Home = &gcs.Position{AltAMSL: 20}
	ps, _, err := fenceLimits(v, f, fenceNow{known: true})
	require.NoError(t, err)
	require.Equal(t, 100.0, params(ps)["FENCE_ALT_MAX"])

	f.Ceiling = &mission.Altitude{M: 2000, Ref: mission.AltRelative}
	_, _, err = fenceLimits(v, f, fenceNow{known: true})
	require.ErrorIs(t, err, gcs.ErrFenceSemantics)
	require.Contains(t, err.Error(), "FENCE_ALT_MAX range")
}

func issueText(is mission.Issues) string {
	var b strings.Builder
	for _, i := range is {
		b.WriteString(i.Message + "\n")
	}
	return b.String()
}
