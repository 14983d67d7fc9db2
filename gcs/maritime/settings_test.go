package maritime

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestDefaultSettings(t *testing.T) {
	set := DefaultSettings()
	require.NoError(t, set.Check())
	require.Equal(t, time.Minute, set.Dark.After.Duration())
	data, err := json.Marshal(set)
	require.NoError(t, err)
	for _, field := range []string{`"dark_vessel":{"enabled":true,"severity":"medium","weight":30,"after_s":60}`,
		`"radius_m":300`, `"duration_s":600`, `"speed_kn":20`, `"horizon_s":600`, `"max_speed_kn":60`, `"mids_of_interest":null`,
		`"exempt_ship_types":[50,51,52,53,55]`, `"ship_types":[{"from":37,"to":37,"points":10,"label":"pleasure craft"}`} {
		require.Contains(t, string(data), field)
	}
	var back Settings
	require.NoError(t, json.Unmarshal(data, &back))
	require.Equal(t, set, back)
}

func TestSettingsCheck(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Settings)
		want string
	}{
		{"unknown severity", func(s *Settings) { s.Rendezvous.Severity = "extreme" }, `rendezvous: severity "extreme"`},
		{"no severity", func(s *Settings) { s.AISGap.SeenSeverity = "" }, `ais_gap.seen_severity: severity ""`},
		{"negative radius", func(s *Settings) { s.Loitering.Radius = -1 }, "loitering.radius_m: -1, want a positive number"},
		{"zero duration", func(s *Settings) { s.Rendezvous.Duration = 0 }, "rendezvous.duration_s: 0"},
		{"huge distance", func(s *Settings) { s.Rendezvous.Distance = 50000 }, "at most 10 km"},
		{"NaN speed", func(s *Settings) { s.FastApproach.SpeedKn = math.NaN() }, "fast_approach.speed_kn: NaN"},
		{"weight over 100", func(s *Settings) { s.Dark.Weight = 150 }, "dark_vessel: weight 150, want 0 to 100"},
		{"bad exempt type", func(s *Settings) { s.Exempt = []int{0} }, "exempt_ship_types: 0"},
		{"bad MID", func(s *Settings) { s.Risk.MIDs = []int{999} }, "risk.mids_of_interest: 999"},
		{"bad type range", func(s *Settings) { s.Risk.Types = []TypePoints{{From: 50, To: 40, Points: 5}} }, "risk.ship_types[0]"},
		{"negative points", func(s *Settings) { s.Risk.PastPoints = -5 }, "risk.past_incident_points: -5"},
	} {
		t.Run(c.name, func(t *testing.T) {
			set := DefaultSettings()
			c.edit(&set)
			err := set.Check()
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
		})
	}
	var zero Settings
	require.Error(t, zero.Check())
}
