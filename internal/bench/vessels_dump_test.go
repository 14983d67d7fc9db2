package bench

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestVesselsDump dumps the frames of a short flight with misses and
// checks their sidecars: the tally has a miss or false alarm, the bench's
// detections (MinHits 2, with history) are single-frame boxes (same
// geometry, score not lower), and the files named are there.
func TestVesselsDump(t *testing.T) {
	if testing.Short() {
		t.Skip("renders and detects 10 frames")
	}
	dir := t.TempDir()
	res, err := Vessels(context.Background(), VesselsConfig{Cases: []string{"rough/120m/45°"}, Vessels: []string{"yacht-lady"},
		Seconds: 2, Seed: 1, Workers: 1, DumpDir: dir})
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	misses := 0
	withBoxes := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var d DumpFrame
		require.NoError(t, json.Unmarshal(data, &d))
		require.Positive(t, d.Tally.FP+d.Tally.FN, f)
		misses += d.Tally.FN
		require.FileExists(t, filepath.Join(dir, d.Image))
		require.FileExists(t, filepath.Join(dir, d.Image[:len(d.Image)-len(".png")]+".i420.png"))
		require.Equal(t, 1280.0/720, d.Pose.Aspect)
		if len(d.Detections) > 0 {
			withBoxes++
		}
		for _, b := range d.Detections {
			found := false
			for _, s := range d.SingleFrame {
				if s.X == b.X && s.Y == b.Y && s.W == b.W && s.H == b.H {
					found = true
					require.GreaterOrEqual(t, b.Score, s.Score, f)
				}
			}
			require.True(t, found, "%s: %+v not a single-frame box", f, b.DumpBox)
			if b.Hit != "" && b.Placed {
				require.NotNil(t, b.MissM)
			}
		}
	}
	t.Logf("%d frames dumped, %d with the bench's boxes; %d misses of %d", len(files), withBoxes, misses, res.Total.FN)
	require.Equal(t, res.Total.FN, misses, "every miss is in a dumped frame")
}
