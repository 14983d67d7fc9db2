package sim

import (
	"time"
)

// failsafes is the failsafe state of a vehicle.
type failsafes struct {
	gcsSeen   bool      // a heartbeat from SYSID_MYGCS has been received
	lastGCS   time.Time // wall clock of the last one
	gcsActive bool
	battLevel int           // 0 none, 1 low, 2 critical
	battBelow time.Duration // time below the next threshold
	ekfActive bool
}

// gpsState is the simulated GPS receiver.
type gpsState struct {
	lost      bool
	lostUntil time.Duration // sim time; 0 with lost = until reboot
	lostFor   time.Duration // time armed and flying without a fix
}

// gpsOK reports a 3D fix.
func (v *vehicle) gpsOK() bool { return !v.gps.lost }

// stepGPS ends a timed GPS outage.
func (v *vehicle) stepGPS() {
	if v.gps.lost && v.gps.lostUntil > 0 && v.t >= v.gps.lostUntil {
		v.gps.lost = false
		v.gps.lostFor = 0
		if v.fs.ekfActive {
			v.fs.ekfActive = false
			v.statusText(sevInfo, "EKF Failsafe Cleared")
		}
	}
}

// checkEKFFailsafe is ArduCopter's EKF failsafe for a lost GPS: after one
// second flying without a position in a mode that needs one, it switches
// to LAND (FS_EKF_ACTION 1, the default) or ALT_HOLD (2). Planes keep
// flying on dead reckoning.
func (v *vehicle) checkEKFFailsafe(dt float64) {
	if v.plane || !v.gps.lost || v.fs.ekfActive || !v.st.armed || v.st.landed {
		return
	}
	if !v.modes()[v.st.mode].needsGPS {
		return
	}
	v.gps.lostFor += secs(dt)
	if v.gps.lostFor < time.Second {
		return
	}
	v.fs.ekfActive = true
	v.statusText(sevCritical, "EKF variance")
	next, name := uint32(copterLand), "LAND"
	if v.params.get("FS_EKF_ACTION") == 2 {
		next, name = copterAltHold, "ALT_HOLD"
	}
	v.forceMode(next)
	v.statusText(sevCritical, "EKF Failsafe: changed to "+name+" Mode")
}

// forceMode enters a mode without checks (failsafe actions).
func (v *vehicle) forceMode(mode uint32) {
	if v.st.mode != mode {
		v.st.mode = mode
		v.enterMode(mode)
	}
}

// rtlOrLand enters RTL, or LAND when RTL is impossible (no GPS or home),
// like set_mode_RTL_or_land_with_pause.
func (v *vehicle) rtlOrLand(reason string) {
	if !v.setMode(v.rtlMode(), reason) && !v.plane {
		v.forceMode(copterLand)
	}
}

// checkGCSFailsafe runs the GCS failsafe on wall-clock time: once a GCS has
// been seen and FS_GCS_ENABLE (plane: FS_GCS_ENABL) ≠ 0, no heartbeat for
// FS_GCS_TIMEOUT (plane: FS_LONG_TIMEOUT) seconds triggers it.
func (v *vehicle) checkGCSFailsafe(now time.Time) {
	enable, timeout := v.params.get("FS_GCS_ENABLE"), v.params.get("FS_GCS_TIMEOUT")
	if v.plane {
		enable, timeout = v.params.get("FS_GCS_ENABL"), v.params.get("FS_LONG_TIMEOUT")
	}
	if !v.fs.gcsSeen || enable == 0 {
		return
	}
	late := now.Sub(v.fs.lastGCS).Seconds() > timeout
	switch {
	case late && !v.fs.gcsActive && v.st.armed:
		v.fs.gcsActive = true
		v.statusText(sevWarning, "GCS Failsafe")
		v.gcsAction(int(enable))
	case !late && v.fs.gcsActive:
		v.fs.gcsActive = false
		v.statusText(sevWarning, "GCS Failsafe Cleared")
	}
}

// gcsAction runs FS_GCS_ENABLE's action: 1 RTL, 2 continue AUTO else RTL,
// 3 SmartRTL/RTL, 4 SmartRTL/land, 5 land; disarm when landed.
func (v *vehicle) gcsAction(act int) {
	if v.st.landed {
		v.disarm()
		return
	}
	switch {
	case v.plane:
		v.setMode(planeRTL, "gcs failsafe")
	case act == 5 || act == 4:
		v.forceMode(copterLand)
	case act == 2 && v.st.mode == copterAuto:
	default:
		v.rtlOrLand("gcs failsafe")
	}
}
