package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExpandPatterns(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"RTL_ALT", []string{"RTL_ALT"}},
		{"SERVO{1-3}_MIN", []string{"SERVO1_MIN", "SERVO2_MIN", "SERVO3_MIN"}},
		{"INS_USE{,2}", []string{"INS_USE", "INS_USE2"}},
		{"A{1-2}_{X,Y}", []string{"A1_X", "A1_Y", "A2_X", "A2_Y"}},
	}
	for _, ca := range cases {
		t.Run(ca.in, func(t *testing.T) {
			require.Equal(t, ca.want, expand(ca.in))
		})
	}
}

// TestParamTablesAreArduPilotSized: names fit MAVLink's 16 characters, are
// unique, and there are about as many as an ArduPilot vehicle has.
func TestParamTablesAreArduPilotSized(t *testing.T) {
	for name, tab := range map[string]*paramTable{"copter": copterTable, "plane": planeTable} {
		t.Run(name, func(t *testing.T) {
			require.Greater(t, len(tab.defs), 900)
			require.Len(t, tab.index, len(tab.defs), "unique names")
			for _, d := range tab.defs {
				require.LessOrEqual(t, len(d.name), 16, d.name)
				require.Regexp(t, `^[A-Z][A-Z0-9_]*$`, d.name)
			}
		})
	}
	require.Equal(t, float32(1500), copterTable.defs[copterTable.index["RTL_ALT"]].def, "the simulator's own definitions win")
}
