package telemetry

import (
	"testing"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

func TestArduPilotModes(t *testing.T) {
	cases := []struct {
		class class
		name  string
		value uint32
	}{
		{classCopter, "STABILIZE", 0}, {classCopter, "GUIDED", 4}, {classCopter, "LOITER", 5},
		{classCopter, "RTL", 6}, {classCopter, "LAND", 9}, {classCopter, "BRAKE", 17}, {classCopter, "SMART_RTL", 21},
		{classPlane, "MANUAL", 0}, {classPlane, "FBWA", 5}, {classPlane, "AUTO", 10}, {classPlane, "RTL", 11},
		{classPlane, "LOITER", 12}, {classPlane, "TAKEOFF", 13}, {classPlane, "GUIDED", 15}, {classPlane, "QLAND", 20},
		{classRover, "HOLD", 4}, {classRover, "GUIDED", 15}, {classSub, "SURFACE", 9}, {classSub, "POSHOLD", 16},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.name, apModeName(ca.class, ca.value))
			v, ok := apModeValue(ca.class, " "+ca.name+" ")
			require.True(t, ok)
			require.Equal(t, ca.value, v)
		})
	}
	_, ok := apModeValue(classCopter, "QLAND")
	require.False(t, ok)
	v, ok := apModeValue(classCopter, "guided")
	require.True(t, ok)
	require.Equal(t, uint32(4), v)
}

func TestPX4Modes(t *testing.T) {
	cases := []struct {
		name      string
		main, sub uint8
		canonical string
	}{
		{"MANUAL", 1, 0, "MANUAL"}, {"ALTCTL", 2, 0, "ALTCTL"}, {"POSCTL", 3, 0, "POSCTL"},
		{"AUTO.MISSION", 4, 4, "AUTO.MISSION"}, {"AUTO.LOITER", 4, 3, "AUTO.LOITER"}, {"AUTO.RTL", 4, 5, "AUTO.RTL"},
		{"AUTO.LAND", 4, 6, "AUTO.LAND"}, {"AUTO.TAKEOFF", 4, 2, "AUTO.TAKEOFF"}, {"OFFBOARD", 6, 0, "OFFBOARD"},
		{"Hold", 4, 3, "AUTO.LOITER"}, {"rtl", 4, 5, "AUTO.RTL"}, {"Position", 3, 0, "POSCTL"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			main, sub, ok := px4ModeValue(ca.name)
			require.True(t, ok)
			require.Equal(t, [2]uint8{ca.main, ca.sub}, [2]uint8{main, sub})
			require.Equal(t, ca.canonical, px4ModeName(uint32(main)<<16|uint32(sub)<<24))
		})
	}
	_, _, ok := px4ModeValue("GUIDED")
	require.False(t, ok)
}

func TestClassOf(t *testing.T) {
	require.Equal(t, classCopter, classOf(common.MAV_TYPE_HEXAROTOR))
	require.Equal(t, classPlane, classOf(common.MAV_TYPE_VTOL_TILTROTOR))
	require.Equal(t, classRover, classOf(common.MAV_TYPE_SURFACE_BOAT))
	require.Equal(t, classSub, classOf(common.MAV_TYPE_SUBMARINE))
	require.Equal(t, classOther, classOf(common.MAV_TYPE_AIRSHIP))
}
