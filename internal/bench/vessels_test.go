package bench

import (
	"context"
	"image"
	"math"
	"testing"

	"skerry/gcs"
	"skerry/sim/scene"
	"skerry/video/detect"

	"github.com/stretchr/testify/require"
)

// TestVessels runs a reduced vessel benchmark — four cases, four boats,
// two seconds each — and checks that the pipeline works end to end:
// the detector finds most boats in calm water, the tracker gives them
// ids, and the contacts lie near the boats. These are sanity bounds, not
// the targets (skerry bench vessels measures those).
func TestVessels(t *testing.T) {
	if testing.Short() {
		t.Skip("renders and detects 160 frames")
	}
	res, err := Vessels(context.Background(), VesselsConfig{
		Cases:   []string{"calm/60m/45°", "calm/120m/nadir", "glare/120m/45°", "rough/60m/nadir"},
		Vessels: []string{"fishing-virgen", "yacht-lady", "fishing-punta", "patrol-vigia"},
		Seconds: 2, Seed: 1, Workers: 2,
	})
	require.NoError(t, err)
	require.Len(t, res.Rows, 4)
	for _, row := range res.Rows {
		t.Logf("%-16s frames %3d vessels %2d  P %.3f R %.3f F1 %.3f  tracks %d switches %d  geo %.1f/%.1f m (n %d)  fix %.1f/%.1f m",
			row.Name, row.Frames, row.Vessels, row.Precision, row.Recall, row.F1, row.Tracks, row.IDSwitches,
			row.Geo.Median, row.Geo.P90, row.Geo.N, row.Fix.Median, row.Fix.P90)
		require.Equal(t, 4*10, row.Frames, row.Name)
		require.Positive(t, row.Vessels, row.Name)
		for _, v := range []float64{row.Precision, row.Recall, row.F1} {
			require.True(t, v >= 0 && v <= 1, row.Name)
		}
		if row.Case.Condition == "calm" {
			require.Greater(t, row.Recall, 0.5, "%s: recall", row.Name)
			require.Positive(t, row.Geo.N, "%s: no contact placed", row.Name)
			require.False(t, math.IsNaN(row.Geo.Median), row.Name)
			require.Less(t, row.Geo.Median, 50.0, "%s: geolocation", row.Name)
			require.Positive(t, row.Tracks, row.Name)
		}
	}
	require.Equal(t, 4*4*10, res.Total.Frames)
}

// TestVesselsBadConfig refuses what it cannot run.
func TestVesselsBadConfig(t *testing.T) {
	_, err := Vessels(context.Background(), VesselsConfig{Cases: []string{"fog"}})
	require.ErrorContains(t, err, "no case")
	_, err = Vessels(context.Background(), VesselsConfig{Vessels: []string{"nobody"}})
	require.ErrorContains(t, err, "no vessel")
	_, err = Vessels(context.Background(), VesselsConfig{Width: 641, Height: 360})
	require.ErrorContains(t, err, "even")
}

// TestMatch scores boxes as video/detect's tests do: best score first at
// IoU ≥ 0.3, small boats and the stamp neutral.
func TestMatch(t *testing.T) {
	truth := []scene.Truth{
		{VesselID: "a", Box: image.Rect(100, 100, 140, 120), Visible: 1},
		{VesselID: "b", Box: image.Rect(300, 300, 308, 305), Visible: 1}, // 8 px: neutral
		{VesselID: "c", Box: image.Rect(500, 500, 530, 530), Visible: 1}, // missed
		{VesselID: "d", Box: image.Rect(0, 600, 40, 720), Visible: 0.3},  // mostly out of the frame: neutral
	}
	dets := []detect.Box{
		{X: 102, Y: 101, W: 40, H: 20, Score: 0.5},  // a, but the better one wins
		{X: 100, Y: 100, W: 40, H: 20, Score: 0.9},  // a
		{X: 301, Y: 300, W: 6, H: 5, Score: 0.9},    // on b: neutral
		{X: 10, Y: 2, W: 20, H: 10, Score: 0.9},     // on the stamp: neutral
		{X: 700, Y: 600, W: 20, H: 10, Score: 0.95}, // false alarm
	}
	tl, hit := match(dets, truth)
	require.Equal(t, tally{tp: 1, fp: 2, fn: 1}, tl)
	require.Equal(t, []int{1, -1, -1, -1}, hit)

	var l idLog
	for _, id := range []gcs.VesselID{"", "v1", "v1", "", "v2", "v2", "v1"} {
		l.see("a", id)
	}
	require.Equal(t, 2, l.switches)
	require.Equal(t, 2.0, quantile([]float64{1, 2, 3}, 0.5))
	require.InDelta(t, 2.8, quantile([]float64{1, 2, 3}, 0.9), 1e-9)
}
