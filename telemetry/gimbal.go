package telemetry

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/gcs"
)

// decodeGimbal reads GIMBAL_DEVICE_ATTITUDE_STATUS. Pitch is always to
// the horizon; the yaw is relative to the vehicle's heading or to north,
// as the flags say (neither flag: earth frame if YAW_LOCK, as before the
// flags existed). The other frame's yaw stays unknown: the core derives
// it from the vehicle's heading when it needs it. A quaternion that is
// NaN, or not a rotation, makes both angles unknown.
func decodeGimbal(m *common.MessageGimbalDeviceAttitudeStatus, comp uint8, now time.Time) gcs.GimbalUpdate {
	g := gcs.Gimbal{Component: comp, Pitch: gcs.Unknown, Yaw: gcs.Unknown, YawEarth: gcs.Unknown, At: now}
	pitch, yaw, ok := quatPitchYaw(m.Q)
	if !ok {
		return gcs.GimbalUpdate{Gimbal: g}
	}
	g.Pitch = gcs.Reading(pitch)
	if yawInEarthFrame(m.Flags) {
		g.YawEarth = compass(gcs.Reading(yaw))
	} else {
		g.Yaw = gcs.Reading(yaw)
	}
	return gcs.GimbalUpdate{Gimbal: g}
}

// yawInEarthFrame tells the frame of a gimbal's quaternion yaw.
func yawInEarthFrame(f common.GIMBAL_DEVICE_FLAGS) bool {
	switch {
	case f&common.GIMBAL_DEVICE_FLAGS_YAW_IN_VEHICLE_FRAME != 0:
		return false
	case f&common.GIMBAL_DEVICE_FLAGS_YAW_IN_EARTH_FRAME != 0:
		return true
	}
	return f&common.GIMBAL_DEVICE_FLAGS_YAW_LOCK != 0
}

// quatPitchYaw is the pitch and yaw (degrees; yaw in [-180, 180]) of the
// rotation q = (w, x, y, z), normalised first; ok is false when q is not
// a rotation.
func quatPitchYaw(q [4]float32) (pitch, yaw float64, ok bool) {
	w, x, y, z := float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3])
	n := math.Sqrt(w*w + x*x + y*y + z*z)
	if math.IsNaN(n) || math.IsInf(n, 0) || n < 0.5 || n > 2 {
		return 0, 0, false
	}
	w, x, y, z = w/n, x/n, y/n, z/n
	sp := math.Max(-1, math.Min(1, 2*(w*y-z*x)))
	pitch = math.Asin(sp) * radToDeg
	yaw = math.Atan2(2*(w*z+x*y), 1-2*(y*y+z*z)) * radToDeg
	return pitch, yaw, true
}

// isCameraOrder reports whether kind points the camera.
func isCameraOrder(kind gcs.CommandKind) bool {
	return kind == gcs.CmdGimbal || kind == gcs.CmdLookAt || kind == gcs.CmdLookFree
}

// cameraOrder points a vehicle's camera through the gimbal manager, which
// on ArduPilot and PX4 lives in the autopilot: the commands go to the
// autopilot, gimbal device 0 (the primary gimbal).
func (s *Station) cameraOrder(ctx context.Context, id gcs.VehicleID, cmd gcs.Command) error {
	nan := float32(math.NaN())
	switch cmd.Kind {
	case gcs.CmdGimbal:
		if cmd.Pitch == nil && cmd.Yaw == nil {
			return fmt.Errorf("gimbal order without pitch or yaw: %w", gcs.ErrInvalidCommand)
		}
		pitch, yaw := nan, nan // NaN: leave as it is
		if cmd.Pitch != nil {
			pitch = float32(*cmd.Pitch)
		}
		if cmd.Yaw != nil {
			yaw = float32(*cmd.Yaw)
		}
		flags := common.GIMBAL_MANAGER_FLAGS_YAW_IN_VEHICLE_FRAME // follow the vehicle
		if cmd.YawEarth {
			// Lock the bearing. ArduPilot reads YAW_LOCK, newer
			// gimbal managers YAW_IN_EARTH_FRAME.
			flags = common.GIMBAL_MANAGER_FLAGS_YAW_LOCK | common.GIMBAL_MANAGER_FLAGS_YAW_IN_EARTH_FRAME
		}
		return s.command(ctx, id, long(common.MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW, pitch, yaw, nan, nan, float32(flags), 0, 0))
	case gcs.CmdLookAt:
		if math.IsNaN(cmd.Lat) || math.IsNaN(cmd.Lon) || math.Abs(cmd.Lat) > 90 || math.Abs(cmd.Lon) > 180 || math.IsNaN(cmd.Altitude) {
			return fmt.Errorf("look-at position %v,%v: %w", cmd.Lat, cmd.Lon, gcs.ErrInvalidCommand)
		}
		return s.command(ctx, id, &common.MessageCommandInt{
			Command: common.MAV_CMD_DO_SET_ROI_LOCATION, Frame: common.MAV_FRAME_GLOBAL_INT, // altitude AMSL
			X: toDegE7(cmd.Lat), Y: toDegE7(cmd.Lon), Z: float32(cmd.Altitude),
		})
	case gcs.CmdLookFree:
		return s.command(ctx, id, long(common.MAV_CMD_DO_SET_ROI_NONE))
	}
	return fmt.Errorf("%q: %w", cmd.Kind, gcs.ErrInvalidCommand)
}
