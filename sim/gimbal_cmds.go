package sim

import (
	"math"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// The gimbal commands go to the autopilot (component 1), whose gimbal
// manager acks them and drives the gimbal device (component 154), as in
// ArduPilot. Vehicles without a camera answer UNSUPPORTED.

// cmdGimbalPitchYaw implements MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW: param1
// pitch and param2 yaw in degrees (NaN: hold that axis), param3/param4
// rates in deg/s bounding the slew, param5 GIMBAL_MANAGER_FLAGS (yaw to
// north with YAW_LOCK or YAW_IN_EARTH_FRAME, RETRACT/NEUTRAL look ahead),
// param7 the gimbal device id (0, 1 or 154).
func (v *vehicle) cmdGimbalPitchYaw(c command) common.MAV_RESULT {
	if v.cam == nil || !gimbalIDOK(c.z) {
		return resUnsupported
	}
	flags := common.GIMBAL_MANAGER_FLAGS(c.x)
	if c.isLong {
		flags = common.GIMBAL_MANAGER_FLAGS(math.Round(float64(c.x) / 1e7))
	}
	v.advanceGimbal()
	g := &v.cam.gimbal
	if flags&(common.GIMBAL_MANAGER_FLAGS_RETRACT|common.GIMBAL_MANAGER_FLAGS_NEUTRAL) != 0 {
		g.setAngles(0, 0, math.NaN(), math.NaN(), false, v.gimbalPose())
		return resAccepted
	}
	pitch, yaw := float64(c.p[0]), float64(c.p[1])
	if math.IsInf(pitch, 0) || math.IsInf(yaw, 0) {
		return resDenied
	}
	earth := flags&(common.GIMBAL_MANAGER_FLAGS_YAW_LOCK|common.GIMBAL_MANAGER_FLAGS_YAW_IN_EARTH_FRAME) != 0 &&
		flags&common.GIMBAL_MANAGER_FLAGS_YAW_IN_VEHICLE_FRAME == 0
	g.setAngles(pitch, yaw, float64(c.p[2]), float64(c.p[3]), earth, v.gimbalPose())
	return resAccepted
}

// gimbalIDOK accepts the gimbal device ids that mean this gimbal.
func gimbalIDOK(id float32) bool {
	return id == 0 || id == 1 || id == float32(compGimbal) || math.IsNaN(float64(id))
}

// cmdROILocation implements MAV_CMD_DO_SET_ROI_LOCATION: the gimbal then
// follows the location as the vehicle moves. Latitude and longitude 0
// clear the ROI, as in ArduPilot.
func (v *vehicle) cmdROILocation(c command) common.MAV_RESULT {
	if v.cam == nil || !gimbalIDOK(c.p[0]) {
		return resUnsupported
	}
	v.advanceGimbal()
	if c.x == 0 && c.y == 0 {
		v.cam.gimbal.clearROI()
		return resAccepted
	}
	lat, lon := fromDegE7(c.x), fromDegE7(c.y)
	alt, ok := v.altFromFrame(c.frame, float64(c.z))
	if !ok || math.Abs(lat) > 90 || math.Abs(lon) > 180 || math.IsNaN(alt) {
		return resDenied
	}
	v.cam.gimbal.setROI(lat, lon, alt)
	return resAccepted
}

// cmdROINone implements MAV_CMD_DO_SET_ROI_NONE.
func (v *vehicle) cmdROINone() common.MAV_RESULT {
	if v.cam == nil {
		return resUnsupported
	}
	v.advanceGimbal()
	v.cam.gimbal.clearROI()
	return resAccepted
}
