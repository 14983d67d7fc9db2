package maritime

import (
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// TestFastApproachScenario: with the Algeciras scenario's land and ports,
// the RIB that runs for the beach south of Algeciras is a fast approach;
// a ferry making for the Dársena de Algeciras (whose breakwaters the
// coastline draws as land 1.3 km before its basin) and the RIB running
// out to sea are not; a dark boat racing into the port is.
func TestFastApproachScenario(t *testing.T) {
	data, err := os.ReadFile("../../sim/scenario/algeciras.geojson")
	require.NoError(t, err)
	zones, err := ParseZones(data)
	require.NoError(t, err)
	land, err := gcs.ParseLand(data)
	require.NoError(t, err)
	// The RIB's route, from (36.06, -5.385) to the shore at (36.1045, -5.4295).
	course := math.Atan2((-5.4295+5.385)*metresPerDegLat*math.Cos(36.08*degToRad), (36.1045-36.06)*metresPerDegLat) / degToRad
	course = math.Mod(course+360, 360)
	run := func(id string, lat, lon, kn, course float64) *Track {
		return moving(dark(id, path(lat, lon, course, kn*knot, 30, 5*time.Second, t0)), kn, course)
	}
	set := DefaultSettings()
	set.Dark.Enabled = false
	ferry := func(id string) *Track {
		tr := run(id, 36.13, -5.41, 25, 270)
		tr.Target.MMSI = 224999999
		tr.Target.Status = gcs.TargetIdentified
		return tr
	}
	for _, c := range []struct {
		name  string
		track *Track
		want  []string
	}{
		{"the RIB for the beach", run("rib", 36.09, -5.415, 35, course), []string{"fast_approach:contact:rib"}},
		{"the RIB out to sea", run("rib", 36.09, -5.415, 35, course+180), nil},
		{"a ferry into the Dársena", ferry("ferry"), nil},
		{"a dark boat into the Dársena", run("dark", 36.13, -5.41, 25, 270), []string{"fast_approach:contact:dark"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Evaluate(&Situation{Now: t0, Tracks: []*Track{c.track}, Zones: zones, Land: land}, &set)
			require.Equal(t, c.want, keys(got))
			for _, f := range got {
				t.Logf("%s: %s", f.Title, f.Text)
			}
		})
	}
}
