package planfile

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

var qgcFiles = []string{"coastal_patrol.plan", "port_perimeter.plan", "survey.plan"}

// TestQGCGoldenRoundTrip: import → export → import gives the same plan.
func TestQGCGoldenRoundTrip(t *testing.T) {
	for _, name := range qgcFiles {
		t.Run(name, func(t *testing.T) {
			p, is := readQGCFile(t, name)
			require.False(t, is.HasErrors(), "%v", is)
			var b bytes.Buffer
			_, err := WriteQGCPlan(&b, p)
			require.NoError(t, err)
			p2, is2, err := ReadQGCPlan(&b)
			require.NoError(t, err)
			require.Empty(t, is2)
			requireSamePlan(t, p, p2)
		})
	}
}

func TestReadQGCCoastalPatrol(t *testing.T) {
	p, is := readQGCFile(t, "coastal_patrol.plan")
	require.Empty(t, is)
	require.Len(t, p.Mission, 20)
	require.Equal(t, mission.At(36.1275, -5.4390, mission.AMSL(8)), *p.Home)
	require.Equal(t, mission.SpeedChange{Type: mission.SpeedGround, Speed: 6, Throttle: -1}, p.Mission[1])
	require.Equal(t, mission.Jump{Target: 2, Repeat: 2}, p.Mission[14], "doJumpId 3 is the third item")
	l := p.Mission[6].(mission.Loiter)
	require.Equal(t, mission.LoiterTurns, l.Mode)
	require.True(t, l.CounterClockwise)
	require.Equal(t, 80.0, l.Radius)
	require.Equal(t, mission.AltTerrain, p.Mission[13].(mission.Loiter).Pos.Alt.Ref)
	require.Equal(t, mission.KindCommand, p.Mission[18].Kind(), "LOITER_TO_ALT is kept as a generic command")
}

func TestReadQGCPortPerimeter(t *testing.T) {
	p, is := readQGCFile(t, "port_perimeter.plan")
	require.Empty(t, is)
	require.Len(t, p.Fence.Zones, 4)
	require.True(t, p.Fence.Zones[0].Inclusion)
	require.Len(t, p.Fence.Zones[0].Polygon, 4)
	require.False(t, p.Fence.Zones[2].Inclusion)
	require.Equal(t, 60.0, p.Fence.Zones[2].Circle.Radius)
	require.Len(t, p.Rally, 2)
	require.Equal(t, mission.At(36.1290, -5.4410, mission.Rel(30)), p.Rally[0].Pos)
	require.Equal(t, mission.AltAMSL, p.Mission[5].(mission.Waypoint).Pos.Alt.Ref)
	require.Equal(t, mission.Delay{Seconds: 10}, p.Mission[6])
}

func TestReadQGCSurveyExpandsComplexItem(t *testing.T) {
	p, is := readQGCFile(t, "survey.plan")
	require.Len(t, p.Mission, 15)
	require.Len(t, is, 1)
	require.Equal(t, mission.SeverityWarning, is[0].Severity)
	require.Contains(t, is[0].Message, "survey complex item imported as its 12 generated items")
	require.Equal(t, mission.Camera{Action: mission.CameraTriggerDistance, Distance: 20, TriggerOnce: true}, p.Mission[3])
}

func TestReadQGCLenient(t *testing.T) {
	in := `{"fileType":"Plan","version":"1","extra":{"x":1},"mission":{"version":2,"cruiseSpeed":"12.5",
	"plannedHomePosition":["36.1","-5.4",null],"items":[{"type":"SimpleItem","autoContinue":1,"command":"16","frame":3,
	"params":[0,0,0,null,"36.11","-5.41",50],"doJumpId":1}]}}`
	p, is, err := ReadQGCPlan(strings.NewReader("\xef\xbb\xbf" + in))
	require.NoError(t, err)
	require.Empty(t, is)
	require.Equal(t, 12.5, p.CruiseSpeed)
	require.Equal(t, mission.At(36.11, -5.41, mission.Rel(50)), p.Mission[0].(mission.Waypoint).Pos)
}

func TestReadQGCErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"not json", `{`, "unexpected end"},
		{"wrong type", `{"fileType":"Fence"}`, "fileType"},
		{"params count", `{"fileType":"Plan","mission":{"items":[{"type":"SimpleItem","command":16,"frame":3,"params":[1,2]}]}}`, "7"},
		{"bad number", `{"fileType":"Plan","mission":{"cruiseSpeed":"fast"}}`, "not a number"},
		{"rally short", `{"fileType":"Plan","rallyPoints":{"version":2,"points":[[36.1]]}}`, "rally point 0"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			_, _, err := ReadQGCPlan(strings.NewReader(ca.in))
			require.ErrorContains(t, err, ca.want)
		})
	}
}

func TestReadQGCIssues(t *testing.T) {
	in := `{"fileType":"Plan","version":1,"mission":{"version":2,"items":[
	{"type":"SimpleItem","autoContinue":true,"command":177,"frame":2,"params":[9,1,0,0,0,0,0],"doJumpId":1}]},
	"geoFence":{"version":2,"polygons":[{"inclusion":true,"polygon":[[36.1,-5.4],[36.2,-5.4]],"version":1}],"circles":[]}}`
	p, is, err := ReadQGCPlan(strings.NewReader(in))
	require.NoError(t, err)
	require.Equal(t, mission.KindCommand, p.Mission[0].Kind())
	msgs := ""
	for _, i := range is {
		msgs += i.String() + "\n"
	}
	require.Contains(t, msgs, "error: mission[0].param1: DO_JUMP target doJumpId 9 matches no item")
	require.Contains(t, msgs, "error: fence[0].polygon: polygon has 2 vertices, needs at least 3")
}

func TestWriteQGCReportsLosses(t *testing.T) {
	p, _ := readQGCFile(t, "port_perimeter.plan")
	p.Name = "port"
	p.Fence.Zones[0].Group = 1
	p.Fence.Ceiling = &mission.Altitude{M: 120, Ref: mission.AltRelative}
	p.Rally[0].Pos.Alt = mission.AMSL(40)
	is, err := WriteQGCPlan(&bytes.Buffer{}, p)
	require.NoError(t, err)
	require.Equal(t, map[mission.Severity]int{mission.SeverityInfo: 1, mission.SeverityWarning: 3}, severities(is), "%v", is)
}

func TestWriteQGCRefusesInvalid(t *testing.T) {
	p := &mission.Plan{Mission: []mission.Item{mission.Jump{Target: 5}}}
	is, err := WriteQGCPlan(&bytes.Buffer{}, p)
	require.Error(t, err)
	require.True(t, is.HasErrors())
}
