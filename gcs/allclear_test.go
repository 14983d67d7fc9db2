package gcs

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAllClearStems(t *testing.T) {
	cases := []struct {
		clear, raised string
		answers       bool
	}{
		{"Throttle failsafe off", "Throttle failsafe on", true},
		{"Radio Failsafe Cleared", "Radio Failsafe - Continuing Auto", true},
		{"Radio Failsafe Cleared", "Radio Failsafe", true},
		{"GCS Failsafe Cleared", "GCS Failsafe", true},
		{"Glitch cleared", "GPS Glitch", true},
		{"Vibration compensation OFF", "Vibration compensation ON", true},
		{"EKF Failsafe Cleared", "EKF Failsafe", true},
		{"Dead Reckoning stopped", "Dead Reckoning started", true},
		{"Radio Failsafe Cleared", "GCS Failsafe", false},
		{"Throttle failsafe off", "Battery 1 is low 14.10V used 4200 mAh", false},
	}
	for _, ca := range cases {
		t.Run(ca.clear+"/"+ca.raised, func(t *testing.T) {
			stem, ok := allClear(ca.clear)
			require.True(t, ok)
			require.Equal(t, ca.answers, answers(stem, conditionStem(ca.raised)))
		})
	}
	for _, not := range []string{"Radio Failsafe", "PreArm: Fences enabled, but none selected", "Crash: Disarming", "off"} {
		_, ok := allClear(not)
		require.False(t, ok, not)
	}
}

// TestAllClearTextClearsTheAlertItAnswers: ArduPlane's "Throttle failsafe
// off", at WARNING like "Throttle failsafe on", clears that alert instead
// of raising a warning of its own (before, it raised one).
func TestAllClearTextClearsTheAlertItAnswers(t *testing.T) {
	f, clk := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "AUTO", SystemStatus: "active"})
	observe(f, "a-1", TextUpdate{Text: StatusText{At: clk.now(), Severity: 4, Text: "Throttle failsafe on"}})
	clk.advance(time.Millisecond)
	observe(f, "a-1", TextUpdate{Text: StatusText{At: clk.now(), Severity: 2, Text: "GPS Glitch"}})
	require.ElementsMatch(t, []string{"Throttle failsafe on", "GPS Glitch"}, activeMessages(f))

	clk.advance(time.Second)
	observe(f, "a-1", TextUpdate{Text: StatusText{At: clk.now(), Severity: 4, Text: "Throttle failsafe off"}})
	require.Equal(t, []string{"GPS Glitch"}, activeMessages(f), "the answered alert cleared, no new one")
	clk.advance(time.Second)
	observe(f, "a-1", TextUpdate{Text: StatusText{At: clk.now(), Severity: 4, Text: "Glitch cleared"}})
	require.Empty(t, activeMessages(f))
	clk.advance(time.Second)
	observe(f, "a-1", TextUpdate{Text: StatusText{At: clk.now(), Severity: 4, Text: "Radio Failsafe Cleared"}})
	require.Empty(t, activeMessages(f), "an all-clear that answers nothing raises nothing")
}

// TestAlertTextFollowsItsCause: a failsafe alert names the mode; when the
// autopilot changes mode (RTL, then LAND) the alert says so.
func TestAlertTextFollowsItsCause(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "AUTO", SystemStatus: "critical"})
	require.Equal(t, []string{"failsafe: autopilot reports critical, mode AUTO"}, activeMessages(f))
	observe(f, "a-1", Identity{Mode: "RTL", SystemStatus: "critical"})
	require.Equal(t, []string{"failsafe: autopilot reports critical, mode RTL"}, activeMessages(f))
	a := f.Alerts()[0]
	observe(f, "a-1", Identity{Mode: "LAND", SystemStatus: "critical"})
	b := f.Alerts()[0]
	require.Equal(t, a.ID, b.ID, "the same alert, updated")
	require.Equal(t, a.Raised, b.Raised)
	require.Equal(t, "failsafe: autopilot reports critical, mode LAND", b.Message)
}

func activeMessages(f *Fleet) []string {
	out := []string{}
	for _, a := range f.Alerts() {
		if a.Active {
			out = append(out, a.Message)
		}
	}
	return out
}
