package mission

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"
)

// fullPlan holds one of everything the model has.
func fullPlan() *Plan {
	home := At(36.1275, -5.439, AMSL(8))
	ret := At(36.128, -5.438, Rel(30))
	return &Plan{Name: "Algeciras <all>", VehicleType: VehicleQuadrotor, Firmware: FirmwareArduPilot, CruiseSpeed: 15, HoverSpeed: 7.5,
		Home: &home,
		Mission: []Item{
			Takeoff{Pos: At(36.128, -5.437, Rel(40)), Yaw: nanValue()},
			Waypoint{Pos: At(36.133, -5.4301, Rel(60)), Hold: 2, AcceptRadius: 3, PassRadius: -1, Yaw: 270},
			Loiter{Pos: At(36.14, -5.42, AboveTerrain(50)), Mode: LoiterTime, Seconds: 30, Radius: 40, CounterClockwise: true, HeadingRequired: true},
			SpeedChange{Type: SpeedAir, Speed: 12, Throttle: -1},
			TakePhoto(),
			Camera{Action: CameraTriggerDistance, Distance: 25, TriggerOnce: true},
			Gimbal{Command: GimbalManagerPitchYaw, Pitch: -45, Yaw: nanValue(), PitchRate: nanValue(), YawRate: nanValue(), Flags: 16},
			ROI{Pos: At(36.145, -5.393, AMSL(0))},
			ROINone{},
			Delay{Seconds: 5},
			Jump{Target: 1, Repeat: 3},
			Command{Command: 31, Frame: FrameGlobalRelativeAlt, Params: [7]float64{1, 80, 0, 1, 36.135, -5.428, 30}},
			Land{Pos: At(36.1275, -5.439, Rel(0)), Yaw: nanValue()},
			RTL{},
		},
		Fence: Fence{
			Zones: []Zone{
				InclusionPolygon(orb.Ring{{-5.445, 36.13}, {-5.425, 36.13}, {-5.425, 36.108}, {-5.445, 36.108}}),
				ExclusionCircle(orb.Point{-5.435, 36.121}, 60),
				{Polygon: orb.Ring{{-5.436, 36.116}, {-5.433, 36.117}, {-5.432, 36.115}}, Group: 2},
			},
			Floor: &Altitude{M: 5, Ref: AltRelative}, Ceiling: &Altitude{M: 120, Ref: AltRelative}, Return: &ret,
		},
		Rally: []RallyPoint{{Pos: At(36.129, -5.441, Rel(30))}},
	}
}

func TestGeoJSONRoundTripExact(t *testing.T) {
	p := fullPlan()
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
	wp := p.Mission[0].(Waypoint)
	require.True(t, math.IsNaN(wp.Yaw), "absent yaw defaults to NaN")
	wp.Yaw = 0
	require.Equal(t, Waypoint{Pos: At(36.11, -5.41, Rel(0)), Hold: 3}, wp, "alt_ref defaults to relative")
	require.Len(t, p.Fence.Zones[0].Polygon, 3, "the closing vertex is dropped")
	require.Equal(t, map[Severity]int{SeverityWarning: 2}, severities(is), "%v", is)
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
