package planfile

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

func TestReadWPLMissionPlanner(t *testing.T) {
	p, is, err := ReadWPL(openTestdata(t, "algeciras_patrol.waypoints"))
	require.NoError(t, err)
	require.Empty(t, is)
	require.Equal(t, mission.At(36.1275, -5.439, mission.AMSL(8)), *p.Home)
	require.Len(t, p.Mission, 10)
	require.Equal(t, mission.SpeedChange{Type: mission.SpeedGround, Speed: 6, Throttle: -1}, p.Mission[1], "frame 3 on a DO command carries no meaning")
	require.Equal(t, mission.AltTerrain, p.Mission[7].(mission.Waypoint).Pos.Alt.Ref)
	require.Equal(t, mission.Jump{Target: 2, Repeat: 1}, p.Mission[8], "line 3 is mission item 2")
}

func TestWPLGoldenRoundTrip(t *testing.T) {
	p, _, err := ReadWPL(openTestdata(t, "algeciras_patrol.waypoints"))
	require.NoError(t, err)
	var b bytes.Buffer
	is, err := WriteWPL(&b, p)
	require.NoError(t, err)
	require.Empty(t, is)
	p2, is, err := ReadWPL(&b)
	require.NoError(t, err)
	require.Empty(t, is)
	requireSamePlan(t, p, p2)
}

func TestReadWPLLenient(t *testing.T) {
	in := "\xef\xbb\xbfQGC WPL 110  \r\n0 1 0 16 0 0 0 0 36,1 -5,4 8 1\r\n\r\n1\t0\t3\t16\t0\t0\t0\tnan\t36.11\t-5.41\t50\t1   \r\n"
	p, is, err := ReadWPL(strings.NewReader(in))
	require.NoError(t, err)
	require.Empty(t, is)
	require.Equal(t, mission.At(36.1, -5.4, mission.AMSL(8)), *p.Home)
	require.Equal(t, mission.At(36.11, -5.41, mission.Rel(50)), p.Mission[0].(mission.Waypoint).Pos)
}

func TestReadWPLErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "", "empty"},
		{"header", "QGC WPL 100\n", "header"},
		{"fields", "QGC WPL 110\n0 1 0 16 0 0\n", "line 2: 6 fields"},
		{"seq", "QGC WPL 110\n1 1 0 16 0 0 0 0 0 0 0 1\n", "seq 1, want 0"},
		{"number", "QGC WPL 110\n0 1 0 16 x 0 0 0 0 0 0 1\n", "field 5"},
		{"command", "QGC WPL 110\n0 1 0 99999 0 0 0 0 0 0 0 1\n", "out of range"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			_, _, err := ReadWPL(strings.NewReader(ca.in))
			require.ErrorContains(t, err, ca.want)
		})
	}
}

func TestWriteWPLReportsLosses(t *testing.T) {
	p, _ := readQGCFile(t, "port_perimeter.plan")
	var b bytes.Buffer
	is, err := WriteWPL(&b, p)
	require.NoError(t, err)
	require.Equal(t, map[mission.Severity]int{mission.SeverityInfo: 1, mission.SeverityWarning: 2}, severities(is), "%v", is)
	p2, _, err := ReadWPL(&b)
	require.NoError(t, err)
	p.Fence, p.Rally, p.CruiseSpeed, p.HoverSpeed, p.VehicleType, p.Firmware = mission.Fence{}, nil, 0, 0, 0, 0
	requireSamePlan(t, p, p2)
}

// wplCurrentCases are waypoint files with ArduPilot's 0, 0 "current
// position"; they also seed FuzzReadWPL.
var wplCurrentCases = []struct {
	name, in string
	home     bool // a home is read
	current  []int
}{
	{"home unknown, loiter here", "QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t0\t0\t0\t1\n1\t0\t3\t22\t0\t0\t0\t0\t0\t0\t30\t1\n2\t0\t3\t16\t0\t0\t0\t0\t36.133\t-5.4301\t40\t1\n3\t0\t3\t18\t2\t0\t40\t0\t0\t0\t0\t1\n", false, []int{0, 2}},
	{"known home, land here", "QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t36.1275\t-5.439\t8\t1\n1\t0\t3\t16\t0\t0\t0\t0\t36.133\t-5.4301\t40\t1\n2\t0\t3\t21\t0\t0\t0\t0\t0\t0\t0\t1\n", true, []int{1}},
}

// TestReadWPLCurrentPosition: a home line at 0, 0 is "home not known"
// and items at 0, 0 stay the current position, written back as 0, 0.
func TestReadWPLCurrentPosition(t *testing.T) {
	for _, ca := range wplCurrentCases {
		t.Run(ca.name, func(t *testing.T) {
			p, is, err := ReadWPL(strings.NewReader(ca.in))
			require.NoError(t, err)
			require.False(t, is.HasErrors(), "%v", is)
			require.Equal(t, ca.home, p.Home != nil)
			var current []int
			for i, it := range p.Mission {
				if pos, ok := mission.PositionOf(it); ok && pos.Current() {
					current = append(current, i)
				}
			}
			require.Equal(t, ca.current, current)
			var b bytes.Buffer
			_, err = WriteWPL(&b, p)
			require.NoError(t, err)
			p2, _, err := ReadWPL(&b)
			require.NoError(t, err)
			requireSamePlan(t, p, p2)
		})
	}
	p, is, err := ReadWPL(openTestdata(t, "loiter_here.waypoints"))
	require.NoError(t, err)
	require.Nil(t, p.Home)
	require.Contains(t, issuesText(is), "home line at 0, 0: the home is not known")
	l := p.Mission[2].(mission.Loiter)
	require.True(t, l.Pos.Current())
	require.Equal(t, mission.LoiterTurns, l.Mode)
}
