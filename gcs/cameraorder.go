package gcs

import (
	"context"
	"fmt"
	"math"
)

// Limits of the gimbal orders, in degrees.
const (
	minGimbalPitch = -90.0
	maxGimbalPitch = 30.0
	maxGimbalYaw   = 180.0
	// maxLookAtAltitude bounds a look_at target's altitude (AMSL).
	maxLookAtAltitude = 9000.0
)

// isCameraOrder reports whether kind points the camera: an order that
// does not move the vehicle.
func isCameraOrder(kind CommandKind) bool {
	return kind == CmdGimbal || kind == CmdLookAt || kind == CmdLookFree
}

// validateCameraOrder checks the inputs of a camera order.
func validateCameraOrder(cmd Command) error {
	switch cmd.Kind {
	case CmdGimbal:
		if cmd.Pitch == nil && cmd.Yaw == nil {
			return fmt.Errorf("%w: a gimbal order needs a pitch or a yaw, in degrees", ErrInvalidCommand)
		}
		if p := cmd.Pitch; p != nil && !(*p >= minGimbalPitch && *p <= maxGimbalPitch) {
			return fmt.Errorf("%w: gimbal pitch %v° is outside %.0f° (straight down) to %.0f°", ErrInvalidCommand, *p, minGimbalPitch, maxGimbalPitch)
		}
		if y := cmd.Yaw; y != nil && !(*y >= -maxGimbalYaw && *y <= maxGimbalYaw) {
			return fmt.Errorf("%w: gimbal yaw %v° is outside ±%.0f°", ErrInvalidCommand, *y, maxGimbalYaw)
		}
	case CmdLookAt:
		if !(cmd.Lat >= -90 && cmd.Lat <= 90 && cmd.Lon >= -180 && cmd.Lon <= 180) || (cmd.Lat == 0 && cmd.Lon == 0) {
			return fmt.Errorf("%w: look-at position %v, %v is not a position", ErrInvalidCommand, cmd.Lat, cmd.Lon)
		}
		if !(math.Abs(cmd.Altitude) <= maxLookAtAltitude) {
			return fmt.Errorf("%w: look-at altitude %v m (above sea level) is outside ±%.0f m", ErrInvalidCommand, cmd.Altitude, maxLookAtAltitude)
		}
	}
	return nil
}

// hasCamera reports whether v has reported a camera or a gimbal: what a
// camera order needs.
func hasCamera(v *Vehicle) bool { return len(v.Cameras) > 0 || v.Gimbal != nil }

// checkCameraTarget refuses a camera order to a vehicle with no camera.
func checkCameraTarget(v *Vehicle, cmd Command) error {
	if !isCameraOrder(cmd.Kind) || hasCamera(v) {
		return nil
	}
	return fmt.Errorf("%w: %s: %s has reported no camera and no gimbal", ErrUnsupported, cmd.Kind, v.ID)
}

// rememberROI keeps, once the vehicle took a look_at or look_free, the
// location its camera is told to look at, so the consoles can draw it.
func (c *Commander) rememberROI(id VehicleID, cmd Command) {
	switch cmd.Kind {
	case CmdLookAt:
		c.Fleet.SetROI(context.Background(), id, &Position{Lat: cmd.Lat, Lon: cmd.Lon, AltAMSL: cmd.Altitude})
	case CmdLookFree:
		c.Fleet.SetROI(context.Background(), id, nil)
	}
}

// SetROI records the location vehicle id's camera is told to look at (nil:
// none) in its Gimbal.ROI; a vehicle with no gimbal report yet gets a
// Gimbal whose angles are unknown. False when the vehicle is unknown.
func (f *Fleet) SetROI(ctx context.Context, id VehicleID, roi *Position) bool {
	found := false
	f.do(ctx, func(st *fleetState) {
		v := st.vehicles[id]
		if v == nil {
			return
		}
		found = true
		if v.Gimbal == nil {
			if roi == nil {
				return
			}
			v.Gimbal = &Gimbal{Pitch: Unknown, Yaw: Unknown, YawEarth: Unknown}
		}
		if roi != nil {
			r := *roi
			roi = &r
		}
		v.Gimbal.ROI = roi
		f.notify(st, nil, v)
	})
	return found
}
