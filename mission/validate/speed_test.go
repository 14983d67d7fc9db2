package validate_test

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/planfile"
	"skerry/mission/validate"
)

// TestGroundSpeedIsHeldWhateverTheWind: DO_CHANGE_SPEED with speed type 1
// sets a ground speed the autopilot holds; a headwind stronger than that
// speed does not stop the vehicle (it flies a higher air speed), and the
// time is the distance over the ground speed. An air speed the wind
// exceeds still stops it.
func TestGroundSpeedIsHeldWhateverTheWind(t *testing.T) {
	data, err := os.ReadFile("../testdata/ground_speed.waypoints")
	require.NoError(t, err)
	fromFile, is, err := planfile.ReadWPL(bytesReader(data))
	require.NoError(t, err)
	require.False(t, is.HasErrors(), "%v", is)
	withSpeed := func(st mission.SpeedType) *mission.Plan {
		p := basePlan()
		p.Mission = append([]mission.Item{mission.SpeedChange{Type: st, Speed: 3, Throttle: -1}}, p.Mission...)
		return p
	}
	cases := []struct {
		name   string
		plan   *mission.Plan
		lawful bool
	}{
		{"ardupilot file, ground speed", fromFile, true},
		{"ground speed", withSpeed(mission.SpeedGround), true},
		{"air speed", withSpeed(mission.SpeedAir), false},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			op := baseOp(t, "state")
			op.Wind = validate.Wind{Speed: 8, Direction: 0} // from the north: a headwind on the leg north
			r := validate.Check(ca.plan, op)
			require.Equal(t, ca.lawful, r.Lawful, "%v", r.Violations)
			if !ca.lawful {
				require.Contains(t, violationText(r), "stops the vehicle at 3.0 m/s air speed")
				return
			}
			atGround := time.Duration(r.Length / 3 * float64(time.Second))
			require.GreaterOrEqual(t, r.Duration, atGround)
			require.Less(t, r.Duration, atGround+time.Minute, "climbs add little: the wind does not change the time")
		})
	}
}
