package planfile

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/missiontest"
)

func TestGeoJSONRoundTripExact(t *testing.T) {
	p := missiontest.FullPlan()
	require.Empty(t, p.Validate())
	var b bytes.Buffer
	is, err := WriteGeoJSONPlan(&b, p)
	require.NoError(t, err)
	require.Empty(t, is)
	p2, is, err := ReadGeoJSONPlan(bytes.NewReader(b.Bytes()))
	require.NoError(t, err)
	require.Empty(t, is)
	requireSamePlan(t, p, p2)
	require.Equal(t, p.Mission[1], p2.Mission[1])
	require.Equal(t, p.Fence.Zones, p2.Fence.Zones)
	require.Equal(t, p.Rally, p2.Rally)
}

func TestGeoJSONFromQGCFiles(t *testing.T) {
	for _, name := range qgcFiles {
		p, _ := readQGCFile(t, name)
		p2, is, err := ReadGeoJSONPlan(strings.NewReader(geoBytes(t, p)))
		require.NoError(t, err)
		require.Empty(t, is)
		requireSamePlan(t, p, p2)
	}
}

func TestReadGeoJSONLenient(t *testing.T) {
	in := `{"type":"FeatureCollection","features":[
	{"type":"Feature","geometry":{"type":"Point","coordinates":[-5.41,36.11]},"properties":{"kind":"waypoint","hold":"3"}},
	{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-5.4,36.1],[-5.3,36.1],[-5.3,36.2],[-5.4,36.1]],[[0,0],[0,1],[1,1],[0,0]]]},
	 "properties":{"kind":"fence_polygon","inclusion":"true"}},
	{"type":"Feature","geometry":null,"properties":{"kind":"mystery"}}]}`
	p, is, err := ReadGeoJSONPlan(strings.NewReader(in))
	require.NoError(t, err)
	wp := p.Mission[0].(mission.Waypoint)
	require.True(t, math.IsNaN(wp.Yaw), "absent yaw defaults to NaN")
	wp.Yaw = 0
	require.Equal(t, mission.Waypoint{Pos: mission.At(36.11, -5.41, mission.Rel(0)), Hold: 3}, wp, "alt_ref defaults to relative")
	require.Len(t, p.Fence.Zones[0].Polygon, 3, "the closing vertex is dropped")
	require.Equal(t, map[mission.Severity]int{mission.SeverityWarning: 2}, severities(is), "%v", is)
}

func TestReadGeoJSONErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"type", `{"type":"Feature"}`, "FeatureCollection"},
		{"point", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"kind":"waypoint"}}]}`, "Point"},
		{"prop", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"kind":"jump","target":1.5}}]}`, "target"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			_, _, err := ReadGeoJSONPlan(strings.NewReader(ca.in))
			require.ErrorContains(t, err, ca.want)
		})
	}
}

// TestGeoJSONCurrentPosition: items at 0, 0 keep ArduPilot's current
// position through a round trip; a home at 0, 0 is no home.
func TestGeoJSONCurrentPosition(t *testing.T) {
	p := &mission.Plan{Mission: []mission.Item{
		mission.Takeoff{Pos: mission.Here(mission.Rel(30)), Yaw: math.NaN()},
		mission.Loiter{Pos: mission.Here(mission.Rel(0)), Mode: mission.LoiterTurns, Turns: 2, Radius: 40},
	}}
	var b bytes.Buffer
	_, err := WriteGeoJSONPlan(&b, p)
	require.NoError(t, err)
	p2, _, err := ReadGeoJSONPlan(&b)
	require.NoError(t, err)
	require.True(t, p2.Mission[1].(mission.Loiter).Pos.Current())
	requireSamePlan(t, p, p2)

	in := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[0,0,0]},"properties":{"kind":"home","alt_ref":"amsl"}}]}`
	p3, is, err := ReadGeoJSONPlan(strings.NewReader(in))
	require.NoError(t, err)
	require.Nil(t, p3.Home)
	require.Contains(t, issuesText(is), "home at 0, 0")
}
