package sim

import (
	"math"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

// storeCases are single mission items uploaded after home, with what
// ArduPilot's AP_Mission answers and gives back.
var storeCases = []struct {
	name   string
	item   func(lat, lon float64) common.MessageMissionItemInt
	result common.MAV_MISSION_RESULT
	check  func(t *testing.T, down *common.MessageMissionItemInt)
}{
	{"waypoint, yaw NaN (QGC's unchanged)", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, 16, 20, 0, 30, 2, 0, 0, nan32())
	}, common.MAV_MISSION_ACCEPTED, func(t *testing.T, d *common.MessageMissionItemInt) {
		require.Equal(t, float32(2), d.Param1, "copter keeps the hold time")
		require.Zero(t, d.Param4, "the NaN is not stored")
	}},
	{"waypoint, hold NaN", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, 16, 20, 0, 30, nan32())
	}, common.MAV_MISSION_INVALID_PARAM1, nil},
	{"take-off, yaw NaN", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, 22, 0, 0, 30, 0, 0, 0, nan32())
	}, common.MAV_MISSION_ACCEPTED, nil},
	{"VTOL landing, approach altitude and yaw NaN", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, common.MAV_CMD_NAV_VTOL_LAND, 20, 0, 0, 0, 0, nan32(), nan32())
	}, common.MAV_MISSION_ACCEPTED, func(t *testing.T, d *common.MessageMissionItemInt) {
		require.Equal(t, common.MAV_CMD_NAV_VTOL_LAND, d.Command)
		require.Zero(t, d.Param3)
	}},
	{"VTOL take-off, yaw NaN", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, common.MAV_CMD_NAV_VTOL_TAKEOFF, 0, 0, 30, 0, 0, 0, nan32())
	}, common.MAV_MISSION_ACCEPTED, nil},
	{"arc waypoint", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, common.MAV_CMD_NAV_ARC_WAYPOINT, 50, 50, 30, 90)
	}, common.MAV_MISSION_ACCEPTED, func(t *testing.T, d *common.MessageMissionItemInt) {
		require.Equal(t, common.MAV_CMD_NAV_ARC_WAYPOINT, d.Command)
		require.Equal(t, float32(90), d.Param1, "the arc angle")
		require.Equal(t, common.MAV_FRAME_GLOBAL_RELATIVE_ALT, d.Frame)
	}},
	{"landing, yaw NaN", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, 21, 20, 0, 0, 0, 0, 0, nan32())
	}, common.MAV_MISSION_ACCEPTED, func(t *testing.T, d *common.MessageMissionItemInt) {
		require.Equal(t, float32(1), d.Param4, "AP_Mission keeps only param4's sign (loiter_ccw); NaN leaves it clear")
	}},
	{"landing, negative yaw", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, 21, 20, 0, 0, 0, 0, 0, -45)
	}, common.MAV_MISSION_ACCEPTED, func(t *testing.T, d *common.MessageMissionItemInt) {
		require.Equal(t, float32(-1), d.Param4)
	}},
	{"landing, yaw a hair below zero", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, 21, 20, 0, 0, 0, 0, 0, -1e-9)
	}, common.MAV_MISSION_ACCEPTED, func(t *testing.T, d *common.MessageMissionItemInt) {
		require.Equal(t, float32(1), d.Param4, "is_negative is x <= -FLT_EPSILON")
	}},
	{"loiter turns, radius NaN", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, 18, 20, 0, 30, 2, 0, nan32())
	}, common.MAV_MISSION_INVALID_PARAM3, nil},
	{"gimbal rates NaN", func(float64, float64) common.MessageMissionItemInt {
		return do(common.MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW, -45, 0, nan32(), nan32())
	}, common.MAV_MISSION_INVALID_PARAM3, nil},
	{"infinite param", func(lat, lon float64) common.MessageMissionItemInt {
		return wp(lat, lon, 16, 20, 0, 30, 0, 0, 0, float32(math.Inf(1)))
	}, common.MAV_MISSION_INVALID_PARAM4, nil},
}

func nan32() float32 { return float32(math.NaN()) }

// TestMissionStoresWhatArduPilotStores uploads and downloads single items
// through MAVLink: NaN params are accepted where AP_Mission accepts them
// and refused with its INVALID_PARAMn elsewhere, NAV_ARC_WAYPOINT and the
// VTOL commands are stored, a landing's param4 comes back as its sign.
func TestMissionStoresWhatArduPilotStores(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 5})
	g.waitSeen(1)
	v := s.Vehicles()[0]
	for _, ca := range storeCases {
		t.Run(ca.name, func(t *testing.T) {
			items := []common.MessageMissionItemInt{wp(v.Lat, v.Lon, 16, 0, 0, 0), ca.item(v.Lat, v.Lon)}
			r, ok := g.upload(1, common.MAV_MISSION_TYPE_MISSION, items)
			require.True(t, ok)
			require.Equal(t, ca.result, r)
			if ca.result != common.MAV_MISSION_ACCEPTED {
				return
			}
			down := g.download(1, common.MAV_MISSION_TYPE_MISSION)
			require.Len(t, down, 2)
			require.Equal(t, items[1].Command, down[1].Command)
			if ca.check != nil {
				ca.check(t, down[1])
			}
		})
	}
}

// TestAutoFliesQGCStyleItems flies a mission QGroundControl writes for
// ArduPilot: a VTOL take-off and waypoints with NaN yaws, an arc waypoint
// (flown to its end point, as ArduCopter's do_nav_wp does) and a landing
// with a NaN yaw, to the ground.
func TestAutoFliesQGCStyleItems(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 40})
	g.waitSeen(1)
	la, lo := s.Vehicles()[0].Lat, s.Vehicles()[0].Lon
	items := []common.MessageMissionItemInt{
		wp(la, lo, 16, 0, 0, 0),
		wp(la, lo, common.MAV_CMD_NAV_VTOL_TAKEOFF, 0, 0, 15, 0, 0, 0, nan32()), // 1
		wp(la, lo, 16, 40, 0, 15, 0, 0, 0, nan32()),                             // 2
		wp(la, lo, common.MAV_CMD_NAV_ARC_WAYPOINT, 40, 40, 15, 90),             // 3
		wp(la, lo, 21, 40, 40, 0, 0, 0, 0, nan32()),                             // 4
	}
	r, _ := g.upload(1, common.MAV_MISSION_TYPE_MISSION, items)
	require.Equal(t, common.MAV_MISSION_ACCEPTED, r)
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_DO_SET_MODE, 1, copterGuided))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_COMPONENT_ARM_DISARM, 1))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_MISSION_START))
	require.Eventually(t, func() bool { return !s.Vehicles()[0].Armed }, 40*time.Second, 20*time.Millisecond)
	v := s.Vehicles()[0]
	endLat, endLon := offsetLatLon(la, lo, 40, 40)
	require.Less(t, dist(v.Lat, v.Lon, endLat, endLon), 3.0, "landed at the arc's end")
	require.True(t, waitText(g, 1, "Mission: 3 ArcWP", time.Second))
}
