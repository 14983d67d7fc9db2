package sim

import (
	"math"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// Storage limits per vehicle. ArduPilot derives them from its storage
// (SITL has plenty); these are fixed, documented choices: 700 mission items
// (home included), 254 fence items (AC_PolyFence counts them in a uint8) and
// 100 rally points.
const (
	maxMissionItems = 700
	maxFenceItems   = 254
	maxRallyItems   = 100
)

// Mission types (MAV_MISSION_TYPE) as indices of the stores.
const (
	mtMission = 0
	mtFence   = 1
	mtRally   = 2
)

// storedItem is one item as ArduPilot keeps it after packing it into its
// 15-byte storage format: what a download returns, not what was uploaded.
type storedItem struct {
	cmd   common.MAV_CMD
	frame common.MAV_FRAME
	p     [4]float32
	x, y  int32
	z     float32
}

// stores holds the three item lists of a vehicle; they persist across
// reboots like ArduPilot's storage. mission[0] is the home slot: it is
// written by uploads but reads always return the current home.
type stores struct {
	items [3][]storedItem
	xfer  [3]transfer
}

// newStores returns empty stores (mission: the home slot only).
func newStores() stores {
	var s stores
	s.items[mtMission] = []storedItem{{cmd: common.MAV_CMD_NAV_WAYPOINT}}
	return s
}

// maxItems is the item limit of a mission type.
func maxItems(mt int) int {
	switch mt {
	case mtFence:
		return maxFenceItems
	case mtRally:
		return maxRallyItems
	}
	return maxMissionItems
}

// locationCmds are the mission commands ArduPilot stores with a location
// (AP_Mission::stored_in_location; NAV_ARC_WAYPOINT since ArduPilot 4.6).
var locationCmds = map[common.MAV_CMD]bool{
	common.MAV_CMD_NAV_WAYPOINT: true, common.MAV_CMD_NAV_LOITER_UNLIM: true,
	common.MAV_CMD_NAV_LOITER_TURNS: true, common.MAV_CMD_NAV_LOITER_TIME: true,
	common.MAV_CMD_NAV_RETURN_TO_LAUNCH: true, common.MAV_CMD_NAV_LAND: true,
	common.MAV_CMD_NAV_TAKEOFF: true, common.MAV_CMD_NAV_SPLINE_WAYPOINT: true,
	common.MAV_CMD_DO_SET_HOME: true, common.MAV_CMD_DO_LAND_START: true,
	common.MAV_CMD_DO_SET_ROI: true, common.MAV_CMD_NAV_ARC_WAYPOINT: true,
	common.MAV_CMD_NAV_VTOL_TAKEOFF: true, common.MAV_CMD_NAV_VTOL_LAND: true,
}

// nanParams is the mask of the params (bit i for param i+1) ArduPilot
// accepts as NaN ("unset", as QGroundControl writes a yaw it does not
// change) in a mission item; any other NaN, and any infinity, is refused
// with MAV_MISSION_INVALID_PARAMn (AP_Mission::sanity_check_params).
// NAV_LOITER_UNLIM and NAV_ARC_WAYPOINT joined the list in later versions.
func nanParams(cmd common.MAV_CMD) uint8 {
	switch cmd {
	case common.MAV_CMD_NAV_WAYPOINT, common.MAV_CMD_NAV_LAND, common.MAV_CMD_NAV_TAKEOFF,
		common.MAV_CMD_NAV_VTOL_TAKEOFF, common.MAV_CMD_NAV_LOITER_UNLIM, common.MAV_CMD_NAV_ARC_WAYPOINT:
		return 1 << 3
	case common.MAV_CMD_NAV_VTOL_LAND:
		return 1<<2 | 1<<3
	}
	return 0
}

// sanityCheck is AP_Mission::sanity_check_params.
func sanityCheck(cmd common.MAV_CMD, p [4]float32) common.MAV_MISSION_RESULT {
	for i, v := range p {
		f := float64(v)
		if math.IsInf(f, 0) || (math.IsNaN(f) && nanParams(cmd)&(1<<i) == 0) {
			return common.MAV_MISSION_INVALID_PARAM1 + common.MAV_MISSION_RESULT(i)
		}
	}
	return common.MAV_MISSION_ACCEPTED
}

// fltEpsilon is FLT_EPSILON: AP_Math's is_negative(x) is x <= -FLT_EPSILON.
const fltEpsilon = 1.1920929e-07

// plainCmds are the other commands accepted in missions; their params are
// kept as float32 (ArduPilot packs some into smaller integers).
var plainCmds = map[common.MAV_CMD]bool{
	common.MAV_CMD_NAV_DELAY: true, common.MAV_CMD_CONDITION_DELAY: true,
	common.MAV_CMD_CONDITION_DISTANCE: true, common.MAV_CMD_CONDITION_YAW: true,
	common.MAV_CMD_DO_JUMP: true, common.MAV_CMD_DO_CHANGE_SPEED: true,
	common.MAV_CMD_DO_SET_RELAY: true, common.MAV_CMD_DO_REPEAT_RELAY: true,
	common.MAV_CMD_DO_SET_SERVO: true, common.MAV_CMD_DO_REPEAT_SERVO: true,
	common.MAV_CMD_DO_DIGICAM_CONFIGURE: true, common.MAV_CMD_DO_DIGICAM_CONTROL: true,
	common.MAV_CMD_DO_MOUNT_CONTROL: true, common.MAV_CMD_DO_SET_CAM_TRIGG_DIST: true,
	common.MAV_CMD_DO_FENCE_ENABLE: true, common.MAV_CMD_DO_PARACHUTE: true,
	common.MAV_CMD_DO_GRIPPER: true, common.MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW: true,
}

// packMission converts an uploaded item to ArduPilot's stored form
// (AP_Mission::mavlink_int_to_mission_cmd, copter build): hold times and
// counts become integers, the copter waypoint keeps only its hold time
// (acceptance radius and pass-by are dropped), a landing only the sign of
// its param4, altitudes become int32 cm. NaN params are accepted where
// ArduPilot accepts them (sanityCheck) and, like ArduPilot, not stored.
func packMission(m *common.MessageMissionItemInt) (storedItem, common.MAV_MISSION_RESULT) {
	it := storedItem{cmd: m.Command}
	p := [4]float32{m.Param1, m.Param2, m.Param3, m.Param4}
	if r := sanityCheck(m.Command, p); r != common.MAV_MISSION_ACCEPTED {
		return it, r
	}
	switch m.Command {
	case common.MAV_CMD_NAV_WAYPOINT, common.MAV_CMD_NAV_SPLINE_WAYPOINT, common.MAV_CMD_NAV_TAKEOFF:
		it.p[0] = float32(uint16(p[0]))
	case common.MAV_CMD_NAV_LOITER_UNLIM:
		it.p[2] = float32(uint16(abs32(p[2]))) * sgn(p[2])
	case common.MAV_CMD_NAV_LOITER_TURNS:
		it.p[0] = float32(uint8(min(255, p[0])))
		r := abs32(p[2])
		if r <= 255 {
			r = float32(uint8(r))
		} else {
			r = float32(uint8(min(255, r*0.1))) * 10
		}
		it.p[2] = r * sgn(p[2])
		it.p[3] = b2f(p[3] > 0)
	case common.MAV_CMD_NAV_LOITER_TIME:
		it.p[0] = float32(uint16(p[0]))
		it.p[2] = 1 - 2*b2f(p[2] < 0)
		it.p[3] = b2f(p[3] > 0)
	case common.MAV_CMD_NAV_LAND, common.MAV_CMD_NAV_VTOL_LAND:
		it.p[0] = float32(uint16(p[0]))
		if m.Command == common.MAV_CMD_NAV_LAND {
			// loiter_ccw = is_negative(param4), left false by a NaN; a
			// download gives -1 or 1 (plane deepstall yaw direction).
			it.p[3] = 1 - 2*b2f(p[3] <= -fltEpsilon)
		}
	case common.MAV_CMD_NAV_ARC_WAYPOINT:
		it.p[0] = p[0] // the arc angle, degrees
	case common.MAV_CMD_NAV_VTOL_TAKEOFF:
	case common.MAV_CMD_DO_JUMP:
		it.p[0], it.p[1] = float32(uint16(p[0])), float32(int16(p[1]))
	case common.MAV_CMD_DO_CHANGE_SPEED:
		it.p = [4]float32{float32(uint8(p[0])), p[1], p[2], 0}
	case common.MAV_CMD_NAV_RETURN_TO_LAUNCH, common.MAV_CMD_DO_LAND_START:
	default:
		if !locationCmds[m.Command] && !plainCmds[m.Command] {
			return it, common.MAV_MISSION_UNSUPPORTED
		}
		it.p = p
		it.x, it.y, it.z = m.X, m.Y, m.Z
	}
	if !locationCmds[m.Command] {
		return it, common.MAV_MISSION_ACCEPTED
	}
	return packLocation(it, m)
}

// packLocation validates and stores the location of an item: lat/lon as
// degE7, altitude as int32 centimetres (truncated, as ArduPilot does) and
// the frame reduced to absolute, relative or terrain.
func packLocation(it storedItem, m *common.MessageMissionItemInt) (storedItem, common.MAV_MISSION_RESULT) {
	if m.X < -900000000 || m.X > 900000000 {
		return it, common.MAV_MISSION_INVALID_PARAM5_X
	}
	if m.Y < -1800000000 || m.Y > 1800000000 {
		return it, common.MAV_MISSION_INVALID_PARAM6_Y
	}
	if math.IsNaN(float64(m.Z)) || math.Abs(float64(m.Z)) >= 83000 {
		return it, common.MAV_MISSION_INVALID_PARAM7
	}
	switch m.Frame {
	case common.MAV_FRAME_MISSION, common.MAV_FRAME_GLOBAL, common.MAV_FRAME_GLOBAL_INT:
		it.frame = common.MAV_FRAME_GLOBAL
	case common.MAV_FRAME_GLOBAL_RELATIVE_ALT, common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT:
		it.frame = common.MAV_FRAME_GLOBAL_RELATIVE_ALT
	case common.MAV_FRAME_GLOBAL_TERRAIN_ALT, common.MAV_FRAME_GLOBAL_TERRAIN_ALT_INT:
		it.frame = common.MAV_FRAME_GLOBAL_TERRAIN_ALT
	default:
		return it, common.MAV_MISSION_UNSUPPORTED_FRAME
	}
	it.x, it.y = m.X, m.Y
	it.z = float32(int32(m.Z*100)) / 100
	return it, common.MAV_MISSION_ACCEPTED
}

// packFence converts a fence item (convert_MISSION_ITEM_INT_to_AC_PolyFenceItem):
// only the vertex count or radius and the position are kept; inclusion
// groups (param2) and altitudes are dropped.
func packFence(m *common.MessageMissionItemInt) (storedItem, common.MAV_MISSION_RESULT) {
	switch m.Frame {
	case common.MAV_FRAME_GLOBAL, common.MAV_FRAME_GLOBAL_INT, common.MAV_FRAME_GLOBAL_RELATIVE_ALT,
		common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, common.MAV_FRAME_GLOBAL_TERRAIN_ALT, common.MAV_FRAME_GLOBAL_TERRAIN_ALT_INT:
	default:
		return storedItem{}, common.MAV_MISSION_UNSUPPORTED_FRAME
	}
	it := storedItem{cmd: m.Command, x: m.X, y: m.Y}
	switch m.Command {
	case common.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, common.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION:
		it.p[0] = float32(uint8(m.Param1))
	case common.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION, common.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION:
		it.p[0] = m.Param1
	case common.MAV_CMD_NAV_FENCE_RETURN_POINT:
	default:
		return it, common.MAV_MISSION_UNSUPPORTED
	}
	return it, common.MAV_MISSION_ACCEPTED
}

// packRally converts a rally point (convert_MISSION_ITEM_INT_to_RallyLocation):
// relative-altitude frames only, altitude kept as int16 metres.
func packRally(m *common.MessageMissionItemInt) (storedItem, common.MAV_MISSION_RESULT) {
	if m.Command != common.MAV_CMD_NAV_RALLY_POINT {
		return storedItem{}, common.MAV_MISSION_UNSUPPORTED
	}
	if m.Frame != common.MAV_FRAME_GLOBAL_RELATIVE_ALT && m.Frame != common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT {
		return storedItem{}, common.MAV_MISSION_UNSUPPORTED_FRAME
	}
	if m.X < -900000000 || m.X > 900000000 {
		return storedItem{}, common.MAV_MISSION_INVALID_PARAM5_X
	}
	if m.Y < -1800000000 || m.Y > 1800000000 {
		return storedItem{}, common.MAV_MISSION_INVALID_PARAM6_Y
	}
	if m.Z < math.MinInt16 || m.Z > math.MaxInt16 {
		return storedItem{}, common.MAV_MISSION_INVALID_PARAM7
	}
	return storedItem{cmd: m.Command, frame: common.MAV_FRAME_GLOBAL_RELATIVE_ALT, x: m.X, y: m.Y, z: float32(int16(m.Z))}, common.MAV_MISSION_ACCEPTED
}

// pack converts an item of mission type mt.
func pack(mt int, m *common.MessageMissionItemInt) (storedItem, common.MAV_MISSION_RESULT) {
	switch mt {
	case mtFence:
		return packFence(m)
	case mtRally:
		return packRally(m)
	}
	return packMission(m)
}

// validFence reports whether a fence list is consistent, as
// AC_PolyFence_loader::write_fence checks: polygon vertices come in runs of
// their vertex count (≥ 3), circles have a positive radius.
func validFence(items []storedItem) bool {
	for i := 0; i < len(items); {
		it := items[i]
		switch it.cmd {
		case common.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, common.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION:
			n := int(it.p[0])
			if n < 3 || i+n > len(items) {
				return false
			}
			for j := i; j < i+n; j++ {
				if items[j].cmd != it.cmd || int(items[j].p[0]) != n {
					return false
				}
			}
			i += n
		case common.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION, common.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION:
			if it.p[0] <= 0 {
				return false
			}
			i++
		default:
			i++
		}
	}
	return true
}

// abs32, sgn and b2f are float32 helpers for packing.
func abs32(v float32) float32 { return float32(math.Abs(float64(v))) }

func sgn(v float32) float32 {
	if v < 0 {
		return -1
	}
	return 1
}

func b2f(b bool) float32 {
	if b {
		return 1
	}
	return 0
}
