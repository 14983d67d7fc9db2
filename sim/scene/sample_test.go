package scene

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// defaultScenario reads the simulator's default scenario.
func defaultScenario(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "scenario", "algeciras.geojson"))
	require.NoError(t, err)
	return data
}

// TestSamplePNG writes sample frames to $SCENE_PNG_DIR when it is set (to
// look at them); otherwise it does nothing.
func TestSamplePNG(t *testing.T) {
	dir := os.Getenv("SCENE_PNG_DIR")
	if dir == "" {
		t.Skip("SCENE_PNG_DIR not set")
	}
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	r := NewRenderer(w, 1280, 720)
	poses := map[string]struct {
		p Pose
		t time.Duration
	}{
		"oblique": {Pose{Lat: 36.12, Lon: -5.425, Alt: 120, Heading: 90, GimbalPitch: -12, HFOV: 60}, 349 * time.Second},
		"meet":    {Pose{Lat: 36.112, Lon: -5.404, Alt: 150, Heading: 90, GimbalPitch: -35, HFOV: 50}, 349 * time.Second},
		"nadir":   {Pose{Lat: 36.112, Lon: -5.398, Alt: 80, Heading: 0, GimbalPitch: -90, HFOV: 60}, 349 * time.Second},
		"rock":    {Pose{Lat: 36.125, Lon: -5.41, Alt: 300, Heading: 120, GimbalPitch: -8, HFOV: 70}, 100 * time.Second},
		"sea":     {Pose{Lat: 36.116, Lon: -5.393, Alt: 120, Heading: 225, GimbalPitch: -25, HFOV: 70}, 349 * time.Second},
		"glint":   {Pose{Lat: 36.14, Lon: -5.40, Alt: 100, Heading: 235, GimbalPitch: -15, HFOV: 60}, 100 * time.Second},
	}
	poses["cargo"] = struct {
		p Pose
		t time.Duration
	}{Pose{Lat: 36.1245, Lon: -5.388, Alt: 60, Heading: 0, GimbalPitch: -6, HFOV: 50}, 100 * time.Second}
	for _, v := range w.Vessels(150 * time.Second) {
		if v.ID == "rib-runner" {
			// 150 m to starboard of it, looking back at it
			f := newFrame(v.Lat, v.Lon)
			lat, lon := f.latLon(150*math.Cos(v.Heading*math.Pi/180), -150*math.Sin(v.Heading*math.Pi/180))
			poses["rib"] = struct {
				p Pose
				t time.Duration
			}{Pose{Lat: lat, Lon: lon, Alt: 40, Heading: v.Heading - 90, GimbalPitch: -14, HFOV: 40}, 150 * time.Second}
		}
	}
	for name, c := range poses {
		img := r.NewFrame()
		truth := r.Render(img, c.p, c.t, time.Now())
		t.Logf("%s: %+v", name, truth)
		f, err := os.Create(filepath.Join(dir, name+".png"))
		require.NoError(t, err)
		require.NoError(t, png.Encode(f, img))
		require.NoError(t, f.Close())
	}
}
