package sim

import (
	"math"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// MAV_RESULT shorthands.
const (
	resAccepted    = common.MAV_RESULT_ACCEPTED
	resDenied      = common.MAV_RESULT_DENIED
	resUnsupported = common.MAV_RESULT_UNSUPPORTED
	resFailed      = common.MAV_RESULT_FAILED
)

// forceMagic in param2 of COMPONENT_ARM_DISARM skips checks (ArduPilot).
const forceMagic = 21196

// command is a COMMAND_LONG or COMMAND_INT in one shape: x/y are degE7
// (COMMAND_INT) or degrees×1e7 converted from COMMAND_LONG's param5/6.
type command struct {
	cmd    common.MAV_CMD
	p      [4]float32
	x, y   int32
	z      float32
	frame  common.MAV_FRAME
	isLong bool
}

// handleCommandLong converts and executes a COMMAND_LONG.
func (v *vehicle) handleCommandLong(in inbound, m *common.MessageCommandLong) {
	c := command{cmd: m.Command, p: [4]float32{m.Param1, m.Param2, m.Param3, m.Param4},
		x: int32(float64(m.Param5) * 1e7), y: int32(float64(m.Param6) * 1e7), z: m.Param7,
		frame: common.MAV_FRAME_GLOBAL_RELATIVE_ALT, isLong: true}
	v.ack(in, c.cmd, v.execute(c))
}

// handleCommandInt executes a COMMAND_INT.
func (v *vehicle) handleCommandInt(in inbound, m *common.MessageCommandInt) {
	c := command{cmd: m.Command, p: [4]float32{m.Param1, m.Param2, m.Param3, m.Param4},
		x: m.X, y: m.Y, z: m.Z, frame: m.Frame}
	v.ack(in, c.cmd, v.execute(c))
}

// ack sends COMMAND_ACK to the sender.
func (v *vehicle) ack(in inbound, cmd common.MAV_CMD, r common.MAV_RESULT) {
	v.send(&common.MessageCommandAck{Command: cmd, Result: r, TargetSystem: in.sys, TargetComponent: in.comp})
	if cmd == common.MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN && r == resAccepted {
		v.reboot()
	}
}

// execute runs a command and returns ArduPilot's result for it.
func (v *vehicle) execute(c command) common.MAV_RESULT {
	switch c.cmd {
	case common.MAV_CMD_COMPONENT_ARM_DISARM:
		return v.cmdArmDisarm(c.p[0], c.p[1])
	case common.MAV_CMD_DO_SET_MODE:
		return v.cmdSetMode(uint32(c.p[0]), uint32(c.p[1]))
	case common.MAV_CMD_NAV_TAKEOFF:
		return v.cmdTakeoff(float64(c.z))
	case common.MAV_CMD_NAV_RETURN_TO_LAUNCH:
		return v.modeResult(v.rtlMode())
	case common.MAV_CMD_NAV_LAND:
		if v.plane {
			return resUnsupported
		}
		return v.modeResult(copterLand)
	case common.MAV_CMD_DO_REPOSITION:
		return v.cmdReposition(c)
	case common.MAV_CMD_DO_CHANGE_SPEED:
		return v.cmdChangeSpeed(c.p[1])
	case common.MAV_CMD_DO_SET_HOME:
		return v.cmdSetHome(c)
	case common.MAV_CMD_DO_FLIGHTTERMINATION:
		return v.cmdTerminate(c.p[0])
	case common.MAV_CMD_SET_MESSAGE_INTERVAL:
		return v.cmdSetMessageInterval(uint32(c.p[0]), c.p[1])
	case common.MAV_CMD_REQUEST_MESSAGE:
		return v.cmdRequestMessage(uint32(c.p[0]))
	case common.MAV_CMD_REQUEST_AUTOPILOT_CAPABILITIES:
		return v.cmdRequestMessage(148)
	case common.MAV_CMD_GET_HOME_POSITION:
		return v.cmdRequestMessage(242)
	case common.MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN:
		return v.cmdReboot(c.p[0])
	case common.MAV_CMD_MISSION_START:
		return v.cmdMissionStart()
	case common.MAV_CMD_DO_SET_MISSION_CURRENT:
		if !v.setMissionCurrent(int(c.p[0]), c.p[1] == 1) {
			return resFailed
		}
		return resAccepted
	case common.MAV_CMD_DO_FENCE_ENABLE:
		return v.cmdFenceEnable(c.p[0])
	case common.MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW:
		return v.cmdGimbalPitchYaw(c)
	case common.MAV_CMD_DO_SET_ROI_LOCATION:
		return v.cmdROILocation(c)
	case common.MAV_CMD_DO_SET_ROI_NONE:
		return v.cmdROINone()
	}
	return resUnsupported
}

// modeResult sets a mode and maps success to ACCEPTED/FAILED.
func (v *vehicle) modeResult(mode uint32) common.MAV_RESULT {
	if v.setMode(mode, "gcs") {
		return resAccepted
	}
	return resFailed
}

// rtlMode is the RTL mode number of the vehicle kind.
func (v *vehicle) rtlMode() uint32 {
	if v.plane {
		return planeRTL
	}
	return copterRTL
}

// cmdSetMode handles DO_SET_MODE (and SET_MODE): ArduPilot only honours
// base modes with MAV_MODE_FLAG_CUSTOM_MODE_ENABLED.
func (v *vehicle) cmdSetMode(base, custom uint32) common.MAV_RESULT {
	if base&uint32(common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED) == 0 {
		return resFailed
	}
	return v.modeResult(custom)
}

// handleSetMode handles the SET_MODE message, answering with a COMMAND_ACK
// for MAV_CMD_DO_SET_MODE as ArduPilot does.
func (v *vehicle) handleSetMode(in inbound, m *common.MessageSetMode) {
	v.ack(in, common.MAV_CMD_DO_SET_MODE, v.cmdSetMode(uint32(m.BaseMode), m.CustomMode))
}

// cmdTakeoff: copter takes off only armed, landed and in a mode with user
// takeoff (GUIDED, LOITER, ALT_HOLD, POSHOLD, SPORT), else FAILED. A plane
// switches to TAKEOFF mode climbing to the altitude.
func (v *vehicle) cmdTakeoff(alt float64) common.MAV_RESULT {
	if !v.st.armed {
		return resFailed
	}
	if v.plane {
		if alt > 0 {
			v.params.set("TKOFF_ALT", float32(alt))
		}
		return v.modeResult(planeTakeoff)
	}
	switch v.st.mode {
	case copterGuided, copterLoiter, copterAltHold, copterPosHold, copterSport:
	default:
		return resFailed
	}
	if !v.st.landed || alt <= 0 {
		return resFailed
	}
	v.st.landed = false
	v.st.hasTarget = v.modes()[v.st.mode].holdsPos
	v.st.tgtLat, v.st.tgtLon = v.st.lat, v.st.lon
	v.st.tgtAlt = v.st.homeAlt + alt
	return resAccepted
}

// cmdReposition implements DO_REPOSITION as ArduCopter's
// handle_command_int_do_reposition (plane: GUIDED loiter point).
func (v *vehicle) cmdReposition(c command) common.MAV_RESULT {
	changeMode := int32(c.p[1])&int32(common.MAV_DO_REPOSITION_FLAGS_CHANGE_MODE) != 0
	if !v.inGuided() && !changeMode {
		return resDenied
	}
	if (c.x == 0 && c.y == 0) || math.Abs(fromDegE7(c.x)) > 90 || math.Abs(fromDegE7(c.y)) > 180 {
		return resDenied
	}
	alt, ok := v.altFromFrame(c.frame, float64(c.z))
	if !ok {
		return resDenied
	}
	if !v.plane && !v.destinationInFence(fromDegE7(c.x), fromDegE7(c.y), alt-v.st.homeAlt) {
		return resFailed // the target first, then the mode, as ArduCopter does
	}
	if !v.inGuided() && !v.setMode(v.guidedMode(), "reposition") {
		return resFailed
	}
	if c.p[0] > 0 {
		v.st.speedOverride = float64(c.p[0])
	}
	v.setGuidedTarget(fromDegE7(c.x), fromDegE7(c.y), alt)
	return resAccepted
}

// guidedMode is the GUIDED mode number of the vehicle kind.
func (v *vehicle) guidedMode() uint32 {
	if v.plane {
		return planeGuided
	}
	return copterGuided
}

// inGuided reports whether the vehicle is in GUIDED.
func (v *vehicle) inGuided() bool { return v.st.mode == v.guidedMode() }

// setGuidedTarget sets the GUIDED destination (AMSL altitude).
func (v *vehicle) setGuidedTarget(lat, lon, alt float64) {
	if v.plane {
		v.st.loiterLat, v.st.loiterLon, v.st.loiterAlt = lat, lon, alt
		return
	}
	v.st.hasTarget = true
	v.st.tgtLat, v.st.tgtLon, v.st.tgtAlt = lat, lon, alt
}

// altFromFrame converts a command altitude to AMSL.
func (v *vehicle) altFromFrame(f common.MAV_FRAME, z float64) (float64, bool) {
	switch f {
	case common.MAV_FRAME_GLOBAL, common.MAV_FRAME_GLOBAL_INT:
		return z, true
	case common.MAV_FRAME_GLOBAL_RELATIVE_ALT, common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT:
		return v.st.homeAlt + z, true
	case common.MAV_FRAME_GLOBAL_TERRAIN_ALT, common.MAV_FRAME_GLOBAL_TERRAIN_ALT_INT:
		return v.st.ground + z, true
	}
	return 0, false
}

// cmdChangeSpeed sets the horizontal speed override (param2, m/s).
func (v *vehicle) cmdChangeSpeed(speed float32) common.MAV_RESULT {
	if speed <= 0 {
		return resFailed
	}
	v.st.speedOverride = float64(speed)
	return resAccepted
}

// cmdSetHome sets home to the current position (param1 = 1) or to the
// given location.
func (v *vehicle) cmdSetHome(c command) common.MAV_RESULT {
	if c.p[0] == 1 {
		v.setHome()
		return resAccepted
	}
	if c.x == 0 && c.y == 0 {
		return resFailed
	}
	v.st.homeLat, v.st.homeLon, v.st.homeAlt = fromDegE7(c.x), fromDegE7(c.y), float64(c.z)
	v.st.homeSet = true
	v.send(v.msgHomePosition())
	return resAccepted
}

// cmdTerminate disarms immediately: the vehicle falls (param1 > 0.5).
func (v *vehicle) cmdTerminate(p1 float32) common.MAV_RESULT {
	if p1 <= 0.5 {
		return resFailed
	}
	v.st.terminated = !v.st.landed
	v.disarm()
	return resAccepted
}

// cmdReboot accepts a reboot (param1 = 1) only while disarmed.
func (v *vehicle) cmdReboot(p1 float32) common.MAV_RESULT {
	if p1 != 1 {
		return resUnsupported
	}
	if v.st.armed {
		return resFailed
	}
	return resAccepted
}

// handleSetPositionTargetGlobal moves the GUIDED target; ignored outside
// GUIDED or when the position is masked out (velocity targets are not
// simulated).
func (v *vehicle) handleSetPositionTargetGlobal(m *common.MessageSetPositionTargetGlobalInt) {
	if !v.inGuided() {
		return
	}
	const posIgnore = common.POSITION_TARGET_TYPEMASK_X_IGNORE | common.POSITION_TARGET_TYPEMASK_Y_IGNORE | common.POSITION_TARGET_TYPEMASK_Z_IGNORE
	if m.TypeMask&posIgnore != 0 || (m.LatInt == 0 && m.LonInt == 0) {
		return
	}
	alt, ok := v.altFromFrame(m.CoordinateFrame, float64(m.Alt))
	if !ok {
		return
	}
	v.setGuidedTarget(fromDegE7(m.LatInt), fromDegE7(m.LonInt), alt)
}
