package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMissionCommandThroughARunningStation uploads a QGroundControl plan
// with `skerry mission upload`, reads it back as Mission Planner waypoints
// and clears it, against `skerry demo --script none`.
func TestMissionCommandThroughARunningStation(t *testing.T) {
	url := startScriptlessDemo(t, 2)

	mission := func(args ...string) (int, string, string) {
		var o, e bytes.Buffer
		code := Run(context.Background(), append([]string{"mission"}, args...), &o, &e)
		return code, o.String(), e.String()
	}
	// A .plan has no fence radius, and the port patrol goes farther than
	// the copter's own 300 m circle: refused, saying why and how.
	code, _, e := mission("upload", "--vehicle", "sim1-2", "--station", url, "../../mission/testdata/port_perimeter.plan")
	require.NotEqual(t, 0, code)
	require.Contains(t, e, "beyond the fence radius of 300 m")
	require.Contains(t, e, "vehicle setting would change: FENCE_ENABLE 0 → 1")
	code, o, e := mission("upload", "--vehicle", "sim1-2", "--station", url, "--fence-radius", "2500", "../../mission/testdata/port_perimeter.plan")
	require.Equal(t, 0, code, e)
	require.Contains(t, o, "uploaded")
	require.Contains(t, e, "vehicle setting changed: FENCE_RADIUS 300 → 2500 (the plan's radius from home)", "the changes are shown")

	file := filepath.Join(t.TempDir(), "back.waypoints")
	code, o, e = mission("download", "--vehicle", "sim1-2", "--station", url, file)
	require.Equal(t, 0, code, e)
	require.Contains(t, o, "downloaded 9 mission items, 10 fence items, 2 rally points") // home is item 0 on ArduPilot
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(data), "QGC WPL 110"))
	require.Equal(t, 9, strings.Count(strings.TrimSpace(string(data)), "\n"), "home and 8 items after the header")

	code, _, e = mission("clear", "--vehicle", "sim1-2", "--station", url)
	require.Equal(t, 0, code, e)
	code, o, e = mission("download", "--vehicle", "sim1-2", "--station", url, "--format", "plan", "-")
	require.Equal(t, 0, code, e)
	require.Contains(t, o, `"fileType": "Plan"`)

	code, _, e = mission("upload", "--vehicle", "nobody-1", "--station", url, "../../mission/testdata/port_perimeter.plan")
	require.Equal(t, 1, code)
	require.Contains(t, e, "unknown vehicle")
	code, _, _ = mission("upload", "--station", url)
	require.Equal(t, 2, code, "usage")
}
