package telemetry

import (
	"strconv"
	"strings"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// class is the ArduPilot firmware family a MAV_TYPE flies with; it selects
// the custom-mode table.
type class uint8

const (
	classOther class = iota
	classCopter
	classPlane
	classRover
	classSub
)

// classOf maps a heartbeat's MAV_TYPE to its ArduPilot firmware family.
func classOf(t common.MAV_TYPE) class {
	switch t {
	case common.MAV_TYPE_QUADROTOR, common.MAV_TYPE_COAXIAL, common.MAV_TYPE_HELICOPTER,
		common.MAV_TYPE_HEXAROTOR, common.MAV_TYPE_OCTOROTOR, common.MAV_TYPE_TRICOPTER,
		common.MAV_TYPE_DODECAROTOR, common.MAV_TYPE_DECAROTOR, common.MAV_TYPE_GENERIC_MULTIROTOR:
		return classCopter
	case common.MAV_TYPE_FIXED_WING, common.MAV_TYPE_VTOL_TAILSITTER_DUOROTOR,
		common.MAV_TYPE_VTOL_TAILSITTER_QUADROTOR, common.MAV_TYPE_VTOL_TILTROTOR,
		common.MAV_TYPE_VTOL_FIXEDROTOR, common.MAV_TYPE_VTOL_TAILSITTER,
		common.MAV_TYPE_VTOL_TILTWING, common.MAV_TYPE_VTOL_RESERVED5:
		return classPlane
	case common.MAV_TYPE_GROUND_ROVER, common.MAV_TYPE_SURFACE_BOAT:
		return classRover
	case common.MAV_TYPE_SUBMARINE:
		return classSub
	}
	return classOther
}

// isVTOL reports whether a plane-class type can hover (ArduPlane QuadPlane).
func isVTOL(t common.MAV_TYPE) bool {
	return t >= common.MAV_TYPE_VTOL_TAILSITTER_DUOROTOR && t <= common.MAV_TYPE_VTOL_RESERVED5
}

// modeTable maps custom_mode values to names and back for one family.
type modeTable struct {
	names  map[uint32]string
	values map[string]uint32
}

func newModeTable(prefix string, name func(uint32) string) modeTable {
	t := modeTable{names: map[uint32]string{}, values: map[string]uint32{}}
	for v := uint32(0); v < 64; v++ {
		n := name(v)
		if !strings.HasPrefix(n, prefix) {
			continue // not in the dialect's table
		}
		n = strings.TrimPrefix(n, prefix)
		t.names[v], t.values[n] = n, v
	}
	return t
}

// rename uses the names ArduPilot itself reports (and QGC and MAVProxy
// show) where the dialect spells them out; the dialect names stay aliases.
func (t modeTable) rename(names map[uint32]string) modeTable {
	for v, n := range names {
		t.names[v], t.values[n] = n, v
	}
	return t
}

// ArduPilot's custom-mode tables come from the ardupilotmega dialect's
// COPTER_MODE, PLANE_MODE, ROVER_MODE and SUB_MODE enums, with the prefix
// dropped: "GUIDED", "ALT_HOLD", "SMART_RTL", "QLOITER" ... and plane's
// "FBWA"/"FBWB" as ArduPilot names them.
var apModes = map[class]modeTable{
	classCopter: newModeTable("COPTER_MODE_", func(v uint32) string { return ardupilotmega.COPTER_MODE(v).String() }),
	classPlane: newModeTable("PLANE_MODE_", func(v uint32) string { return ardupilotmega.PLANE_MODE(v).String() }).
		rename(map[uint32]string{5: "FBWA", 6: "FBWB"}),
	classRover: newModeTable("ROVER_MODE_", func(v uint32) string { return ardupilotmega.ROVER_MODE(v).String() }),
	classSub:   newModeTable("SUB_MODE_", func(v uint32) string { return ardupilotmega.SUB_MODE(v).String() }),
}

// apModeName names an ArduPilot custom mode; unknown values read "MODE_<n>".
func apModeName(c class, custom uint32) string {
	if n, ok := apModes[c].names[custom]; ok {
		return n
	}
	return "MODE_" + strconv.FormatUint(uint64(custom), 10)
}

// apModeValue finds an ArduPilot custom mode by name, case-insensitively.
func apModeValue(c class, name string) (uint32, bool) {
	v, ok := apModes[c].values[strings.ToUpper(strings.TrimSpace(name))]
	return v, ok
}

// PX4 packs its mode into custom_mode as main_mode<<16 | sub_mode<<24.
var px4Main = map[uint8]string{
	1: "MANUAL", 2: "ALTCTL", 3: "POSCTL", 4: "AUTO", 5: "ACRO", 6: "OFFBOARD",
	7: "STABILIZED", 8: "RATTITUDE", 9: "SIMPLE", 10: "TERMINATION",
}

var px4AutoSub = map[uint8]string{
	1: "READY", 2: "TAKEOFF", 3: "LOITER", 4: "MISSION", 5: "RTL", 6: "LAND",
	7: "RTGS", 8: "FOLLOW_TARGET", 9: "PRECLAND", 10: "VTOL_TAKEOFF",
}

// px4Names holds every PX4 mode name ("POSCTL", "AUTO.MISSION") and the
// aliases pilots type ("HOLD", "RTL", "LAND", "MISSION", "POSITION").
var px4Names = func() map[string]uint32 {
	m := map[string]uint32{}
	for main, n := range px4Main {
		m[n] = uint32(main) << 16
	}
	for sub, n := range px4AutoSub {
		m["AUTO."+n] = 4<<16 | uint32(sub)<<24
	}
	for alias, name := range map[string]string{
		"HOLD": "AUTO.LOITER", "LOITER": "AUTO.LOITER", "RTL": "AUTO.RTL", "RETURN": "AUTO.RTL",
		"LAND": "AUTO.LAND", "TAKEOFF": "AUTO.TAKEOFF", "MISSION": "AUTO.MISSION",
		"POSITION": "POSCTL", "ALTITUDE": "ALTCTL", "STABILIZE": "STABILIZED",
	} {
		m[alias] = m[name]
	}
	return m
}()

// px4ModeName names a PX4 custom mode: "POSCTL", "AUTO.LOITER".
func px4ModeName(custom uint32) string {
	main, sub := uint8(custom>>16), uint8(custom>>24)
	n, ok := px4Main[main]
	if !ok {
		return "MODE_" + strconv.FormatUint(uint64(custom), 10)
	}
	if main == 4 {
		if s, ok := px4AutoSub[sub]; ok {
			return "AUTO." + s
		}
	}
	return n
}

// px4ModeValue finds a PX4 mode by name or alias, case-insensitively,
// returning its main and sub mode.
func px4ModeValue(name string) (main, sub uint8, ok bool) {
	v, ok := px4Names[strings.ToUpper(strings.TrimSpace(name))]
	return uint8(v >> 16), uint8(v >> 24), ok
}
