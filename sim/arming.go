package sim

import (
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// cmdArmDisarm implements COMPONENT_ARM_DISARM like ArduPilot's
// handle_command_component_arm_disarm: failed checks give MAV_RESULT_FAILED
// and a "PreArm: ..." STATUSTEXT; param2 = 21196 forces.
func (v *vehicle) cmdArmDisarm(p1, p2 float32) common.MAV_RESULT {
	force := p2 == forceMagic
	switch p1 {
	case 1:
		return v.tryArm(force)
	case 0:
		if !v.st.armed {
			return resAccepted
		}
		if !force && !v.st.landed {
			return resFailed // copter refuses to disarm while flying
		}
		v.st.terminated = !v.st.landed
		v.disarm()
		return resAccepted
	}
	return resFailed
}

// tryArm runs the pre-arm checks and arms.
func (v *vehicle) tryArm(force bool) common.MAV_RESULT {
	if v.st.armed {
		return resAccepted
	}
	if !v.modes()[v.st.mode].armable {
		v.statusText(sevCritical, "Arm: Mode not armable")
		return resFailed
	}
	if !force && v.params.get("ARMING_CHECK") != 0 {
		if msg := v.prearmFailure(); msg != "" {
			v.statusText(sevCritical, "PreArm: "+msg)
			return resFailed
		}
		if v.fenceOn() && !v.fencePresent() {
			v.statusText(sevCritical, "Arm: Fences enabled, but none selected")
			return resFailed
		}
	}
	v.st.armed = true
	v.st.landedFor = 0
	v.setHome()
	return resAccepted
}

// prearmFailure returns the first failing pre-arm check in ArduPilot's
// words, or "". Copter checks the GPS only in modes that need a position.
func (v *vehicle) prearmFailure() string {
	needGPS := v.modes()[v.st.mode].needsGPS || v.params.get("FENCE_ENABLE") != 0 || v.plane
	if needGPS && !v.gpsOK() {
		return "GPS 1: Bad fix"
	}
	if v.fs.battLevel > 0 {
		return "Battery 1 " + battLevelName(v.fs.battLevel) + " voltage failsafe"
	}
	if low := v.params.get("BATT_LOW_VOLT"); low > 0 && v.batt.voltage < low {
		return "Battery 1 low voltage failsafe"
	}
	return ""
}

// prearmOK reports whether the pre-arm checks pass (SYS_STATUS bit).
func (v *vehicle) prearmOK() bool { return v.prearmFailure() == "" }

// disarm stops the motors.
func (v *vehicle) disarm() {
	v.st.armed = false
	v.st.throttle = 0
	v.st.speedOverride = 0
}
