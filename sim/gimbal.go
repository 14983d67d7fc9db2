package sim

import (
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// Gimbal limits and defaults (degrees, degrees per second).
const (
	gimbalMinPitch     = -90
	gimbalMaxPitch     = 30
	gimbalDefaultPitch = -30
	gimbalMaxRate      = 60
)

// gimbalMode is what the gimbal is told to do.
type gimbalMode int

const (
	gimbalVehicle gimbalMode = iota // hold pitch and yaw relative to the vehicle
	gimbalEarth                     // hold pitch and yaw relative to north
	gimbalROI                       // point at a location
)

// gimbal is a two-axis (pitch, yaw) gimbal that slews at a bounded rate
// towards its target, as ArduPilot's mount driver does. Angles are degrees;
// yaw is relative to the vehicle's heading, in (-180, 180]. It is guarded
// by the vehicle's lock and advanced in simulated time.
type gimbal struct {
	pitch, yaw         float64
	mode               gimbalMode
	tgtPitch, tgtYaw   float64 // yaw in the vehicle frame, or to north (gimbalEarth)
	roiLat, roiLon     float64
	roiAlt             float64 // metres AMSL
	pitchRate, yawRate float64 // slew limits
	at                 time.Duration
	started            bool
}

// newGimbal returns a gimbal looking ahead at the default pitch.
func newGimbal() gimbal {
	return gimbal{pitch: gimbalDefaultPitch, tgtPitch: gimbalDefaultPitch, pitchRate: gimbalMaxRate, yawRate: gimbalMaxRate}
}

// gimbalPose is what the gimbal needs of the vehicle: position (degrees,
// metres AMSL) and heading (degrees true).
type gimbalPose struct{ lat, lon, alt, heading float64 }

// advance slews the gimbal towards its target up to simulated time now.
func (g *gimbal) advance(now time.Duration, p gimbalPose) {
	if !g.started {
		g.at, g.started = now, true
	}
	dt := (now - g.at).Seconds()
	if dt <= 0 {
		return
	}
	g.at = now
	pitch, yaw := g.desired(p)
	g.pitch += clamp(pitch-g.pitch, -g.pitchRate*dt, g.pitchRate*dt)
	g.yaw = wrap180(g.yaw + clamp(wrap180(yaw-g.yaw), -g.yawRate*dt, g.yawRate*dt))
}

// desired is the attitude the gimbal is slewing to, yaw in the vehicle frame.
func (g *gimbal) desired(p gimbalPose) (pitch, yaw float64) {
	switch g.mode {
	case gimbalEarth:
		return g.tgtPitch, wrap180(g.tgtYaw - p.heading)
	case gimbalROI:
		pitch, bearing := lookAt(p.lat, p.lon, p.alt, g.roiLat, g.roiLon, g.roiAlt)
		return clamp(pitch, gimbalMinPitch, gimbalMaxPitch), wrap180(bearing - p.heading)
	}
	return g.tgtPitch, g.tgtYaw
}

// lookAt returns the elevation (degrees, negative below the horizon) and
// bearing (degrees true) from one point to another.
func lookAt(lat, lon, alt, tLat, tLon, tAlt float64) (pitch, bearing float64) {
	n, e := neDistance(lat, lon, tLat, tLon)
	d := math.Hypot(n, e)
	pitch = math.Atan2(tAlt-alt, d) * 180 / math.Pi
	bearing = math.Atan2(e, n) * 180 / math.Pi
	return pitch, bearing
}

// wrap180 wraps degrees to (-180, 180].
func wrap180(a float64) float64 { return wrapPi(a*math.Pi/180) * 180 / math.Pi }

// setAngles points the gimbal at pitch and yaw (degrees; NaN holds that
// axis where it is now), yaw relative to the vehicle or, with earth, to
// north. Rates (deg/s; NaN or ≤ 0 = as fast as the gimbal goes) bound the
// slew.
func (g *gimbal) setAngles(pitch, yaw, pitchRate, yawRate float64, earth bool, p gimbalPose) {
	if math.IsNaN(pitch) {
		pitch = g.pitch
	}
	if math.IsNaN(yaw) {
		yaw = g.yaw
		if earth {
			yaw += p.heading
		}
	}
	g.mode = gimbalVehicle
	if earth {
		g.mode = gimbalEarth
	}
	g.tgtPitch, g.tgtYaw = clamp(pitch, gimbalMinPitch, gimbalMaxPitch), wrap180(yaw)
	g.pitchRate, g.yawRate = slewRate(pitchRate), slewRate(yawRate)
}

// slewRate bounds a requested rate by the gimbal's maximum.
func slewRate(r float64) float64 {
	if math.IsNaN(r) || r <= 0 || r > gimbalMaxRate {
		return gimbalMaxRate
	}
	return r
}

// setROI makes the gimbal follow a location (degrees, metres AMSL).
func (g *gimbal) setROI(lat, lon, alt float64) {
	g.mode, g.roiLat, g.roiLon, g.roiAlt = gimbalROI, lat, lon, alt
	g.pitchRate, g.yawRate = gimbalMaxRate, gimbalMaxRate
}

// clearROI returns the gimbal to its default attitude, as ArduPilot's mount
// returns to its default mode on DO_SET_ROI_NONE.
func (g *gimbal) clearROI() {
	g.mode, g.tgtPitch, g.tgtYaw = gimbalVehicle, gimbalDefaultPitch, 0
	g.pitchRate, g.yawRate = gimbalMaxRate, gimbalMaxRate
}

// quaternion returns the gimbal attitude (roll 0, pitch, yaw in the vehicle
// frame) as w, x, y, z: MAVLink's Euler 3-2-1 convention.
func (g *gimbal) quaternion() [4]float32 {
	p, y := g.pitch*math.Pi/360, g.yaw*math.Pi/360 // half angles
	cp, sp, cy, sy := math.Cos(p), math.Sin(p), math.Cos(y), math.Sin(y)
	return [4]float32{float32(cp * cy), float32(-sp * sy), float32(sp * cy), float32(cp * sy)}
}

// quaternionAngles converts a roll-free quaternion back to pitch and yaw
// (degrees), as a station reading GIMBAL_DEVICE_ATTITUDE_STATUS does.
func quaternionAngles(q [4]float32) (pitch, yaw float64) {
	w, x, y, z := float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3])
	pitch = math.Asin(clamp(2*(w*y-x*z), -1, 1)) * 180 / math.Pi
	yaw = math.Atan2(2*(w*z+x*y), 1-2*(y*y+z*z)) * 180 / math.Pi
	return pitch, yaw
}

// msgAttitudeStatus is GIMBAL_DEVICE_ATTITUDE_STATUS: the attitude with
// yaw in the vehicle frame, and the vehicle's heading as delta_yaw so the
// earth-frame attitude can be derived.
func (g *gimbal) msgAttitudeStatus(bootMs uint32, headingDeg float64) *common.MessageGimbalDeviceAttitudeStatus {
	flags := common.GIMBAL_DEVICE_FLAGS_ROLL_LOCK | common.GIMBAL_DEVICE_FLAGS_PITCH_LOCK | common.GIMBAL_DEVICE_FLAGS_YAW_IN_VEHICLE_FRAME
	nan := float32(math.NaN())
	return &common.MessageGimbalDeviceAttitudeStatus{
		TimeBootMs: bootMs, Flags: flags, Q: g.quaternion(),
		AngularVelocityX: nan, AngularVelocityY: nan, AngularVelocityZ: nan,
		DeltaYaw: float32(wrap180(headingDeg) * math.Pi / 180), DeltaYawVelocity: nan,
	}
}
