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

// TestParamCommandThroughARunningStation lists, searches, gets and sets a
// simulated vehicle's parameters with `skerry param`, saves them into a
// file, compares an edited copy and loads it, against `skerry demo
// --script none`.
func TestParamCommandThroughARunningStation(t *testing.T) {
	url := startScriptlessDemo(t, 1)

	param := func(args ...string) (int, string, string) {
		var o, e bytes.Buffer
		code := Run(context.Background(), append([]string{"param"}, append(args, "--vehicle", "sim1-1", "--station", url)...), &o, &e)
		return code, o.String(), e.String()
	}
	code, o, e := param("list", "--search", "fence_")
	require.Equal(t, 0, code, e)
	require.Regexp(t, `read (\d+)/\d+ parameters in`, e, "the first command reads them all, with progress")
	require.Regexp(t, `(?m)^FENCE_RADIUS\s+300\s+real32$`, o)
	require.Regexp(t, `(?m)^FENCE_ENABLE\s+0\s+int8$`, o)
	require.NotContains(t, o, "RTL_ALT")

	code, o, e = param("get", "FENCE_RADIUS")
	require.Equal(t, 0, code, e)
	require.Equal(t, "FENCE_RADIUS = 300 (real32; 30 to 10000; real32; ArduPilot AC_Fence: circle around home, metres)\n", o)
	require.Contains(t, e, "a write needs --confirm sim1-1")

	code, _, e = param("set", "FENCE_RADIUS", "450")
	require.Equal(t, 1, code)
	require.Contains(t, e, "run it again with --confirm sim1-1")
	code, o, e = param("set", "FENCE_RADIUS", "450", "--confirm", "sim1-1")
	require.Equal(t, 0, code, e)
	require.Equal(t, "FENCE_RADIUS = 450 (was 300; read back from the vehicle)\n", o)
	code, o, e = param("set", "FENCE_ALT_MIN", "-20", "--confirm", "sim1-1")
	require.Equal(t, 0, code, e)
	require.Contains(t, o, "FENCE_ALT_MIN = -20 (was -10")
	code, _, e = param("set", "WPNAV_SPEED", "5")
	require.Equal(t, 1, code)
	require.Contains(t, e, "must be within 10 to 2000")

	dir := t.TempDir()
	saved := filepath.Join(dir, "sim1-1.params")
	code, o, e = param("save", saved)
	require.Equal(t, 0, code, e)
	require.Regexp(t, `saved \d{3,4} parameters`, o)
	data, err := os.ReadFile(saved)
	require.NoError(t, err)
	require.Contains(t, string(data), "1\t1\tFENCE_RADIUS\t450\t9\n", "QGroundControl's format for .params")

	edited := filepath.Join(dir, "edited.param")
	require.NoError(t, os.WriteFile(edited, []byte("# a pilot's file\nFENCE_RADIUS,500\nWPNAV_SPEED,800\nWPNAV_RADIUS,1\nNOT_A_PARAM,1\nbad line\n"), 0o644))
	code, o, e = param("compare", edited)
	require.Equal(t, 0, code, e)
	require.Contains(t, o, "changed       FENCE_RADIUS     vehicle 450, file 500")
	require.Contains(t, o, "not on it     NOT_A_PARAM")
	require.Contains(t, e, `edited.param:6: value "line" is not a number`)
	require.Contains(t, o, "3 changed, 1 not on the vehicle")

	code, o, e = param("load", edited)
	require.Equal(t, 0, code, e)
	require.Contains(t, o, "would_set      FENCE_RADIUS     450 -> 500 (needs confirmation)")
	require.Contains(t, o, "refused        WPNAV_RADIUS")
	require.Contains(t, o, "dry run: 2 to write, 1 refused")
	require.Contains(t, o, "--apply --confirm sim1-1")
	code, _, e = param("load", edited, "--apply")
	require.Equal(t, 1, code)
	require.Contains(t, e, "--confirm sim1-1")
	code, o, e = param("load", edited, "--apply", "--confirm", "sim1-1")
	require.Equal(t, 0, code, e)
	require.Contains(t, o, "set            FENCE_RADIUS     450 -> 500")
	require.Contains(t, o, "2 written and read back, 1 refused, 0 failed")
	code, o, _ = param("get", "WPNAV_SPEED")
	require.Equal(t, 0, code)
	require.True(t, strings.HasPrefix(o, "WPNAV_SPEED = 800 "), o)

	code, _, _ = param("set", "FENCE_RADIUS")
	require.Equal(t, 2, code, "usage")
}
