package cli

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// summaryRE reads the last line of skerry check: length, duration, height.
var summaryRE = regexp.MustCompile(`: ([0-9.]+) km, ([^,]+), highest (\S+) m;`)

// TestCheckReadsRealPlanFiles runs skerry check on small files shaped like
// real ones (Mission Planner's 0, 0 current position, ...): each is read
// as the autopilot flies it and gives a sane summary.
func TestCheckReadsRealPlanFiles(t *testing.T) {
	cases := []struct {
		file   string
		args   []string
		lawful bool
		maxKm  float64
		stderr string // expected in the reader's issues
	}{
		{file: "loiter_here.waypoints", lawful: true, maxKm: 2, stderr: "home line at 0, 0"},
		{file: "ground_speed.waypoints", lawful: true, maxKm: 2},
		{file: "terrain_follow.plan", lawful: true, maxKm: 4, stderr: "flown at the AMSL altitude 112.5 m"},
		{file: "legacy_items.plan", lawful: true, maxKm: 4},
		{file: "structure_scan.plan", lawful: true, maxKm: 2, stderr: "StructureScan expanded as QGroundControl does into 18 items"},
	}
	for _, ca := range cases {
		t.Run(ca.file, func(t *testing.T) {
			var o, e bytes.Buffer
			code := Run(context.Background(), append([]string{"check", "../../mission/testdata/" + ca.file}, ca.args...), &o, &e)
			require.Equal(t, ca.lawful, code == 0, "stdout:\n%s\nstderr:\n%s", o.String(), e.String())
			require.Contains(t, e.String(), ca.stderr)
			m := summaryRE.FindStringSubmatch(o.String())
			require.NotNil(t, m, o.String())
			km, err := strconv.ParseFloat(m[1], 64)
			require.NoError(t, err)
			require.LessOrEqual(t, km, ca.maxKm, o.String())
			require.NotContains(t, m[2], "-", "a negative duration is an overflow")
			require.NotEqual(t, "NaN", m[3])
		})
	}
}
