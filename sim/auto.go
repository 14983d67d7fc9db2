package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// Mission states (AP_Mission::mission_state).
const (
	missionStopped = iota
	missionRunning
	missionComplete
)

// Sub-modes of AUTO: what the current navigation command is doing.
const (
	subNone = iota
	subTakeoff
	subWP
	subLoiter // LOITER_UNLIM, LOITER_TIME, NAV_DELAY, end of mission
	subCircle // LOITER_TURNS
	subLand
	subRTL
)

// autoState is the mission executor (AP_Mission plus ModeAuto).
type autoState struct {
	state     int
	navIdx    int // current navigation command (0 = none)
	doIdx     int // next command of the do-stream after navIdx
	condUntil time.Duration
	condOn    bool
	jumps     map[int]int // DO_JUMP index → times run
	autoArmed bool        // MISSION_START received (or airborne)

	sub                    int
	phase                  int
	tgtLat, tgtLon, tgtAlt float64
	holdFor                time.Duration
	holdStart              time.Duration
	radius, turns, angle   float64
	ccw                    bool
}

// isNav reports whether a mission command is a navigation command.
func isNav(c common.MAV_CMD) bool { return c < common.MAV_CMD_NAV_LAST }

// cmdName is AP_Mission::Mission_Command::type() for the simulated commands.
func cmdName(c common.MAV_CMD) string {
	names := map[common.MAV_CMD]string{16: "WP", 17: "LoitUnlim", 18: "LoitTurns", 19: "LoitTime", 20: "RTL",
		21: "Land", 22: "Takeoff", 36: "ArcWP", 82: "SplineWP", 84: "VTOLTakeoff", 85: "VTOLLand", 93: "Delay", 112: "CondDelay", 114: "CondDist", 115: "CondYaw",
		177: "Jump", 178: "ChangeSpeed", 179: "SetHome", 181: "SetRelay", 182: "RepeatRelay", 183: "SetServo",
		184: "RepeatServo", 189: "LandStart", 201: "SetROI", 202: "DigiCamCfg", 203: "DigiCamCtrl",
		205: "MountControl", 206: "SetCamTrigDst", 207: "FenceEnable", 208: "Parachute", 211: "Gripper",
		1000: "GimbalPitchYaw"}
	if n, ok := names[c]; ok {
		return n
	}
	return "?"
}

// missionItems is the number of stored mission items, home included.
func (v *vehicle) missionItems() int { return len(v.store.items[mtMission]) }

// autoCanStart is ModeAuto::init's check: a mission, and a takeoff first
// when armed on the ground.
func (v *vehicle) autoCanStart() bool {
	if v.missionItems() <= 1 {
		return false
	}
	if first := v.firstNav(); !v.plane && v.st.armed && v.st.landed && first != common.MAV_CMD_NAV_TAKEOFF && first != common.MAV_CMD_NAV_VTOL_TAKEOFF {
		v.statusText(sevCritical, "Auto: Missing Takeoff Cmd")
		return false
	}
	return true
}

// firstNav returns the first navigation command of the mission.
func (v *vehicle) firstNav() common.MAV_CMD {
	for _, it := range v.store.items[mtMission][1:] {
		if isNav(it.cmd) {
			return it.cmd
		}
	}
	return 0
}

// autoEnter is AP_Mission::start_or_resume on entering AUTO.
func (v *vehicle) autoEnter() {
	a := &v.auto
	a.autoArmed = a.autoArmed || !v.st.landed
	if a.state == missionComplete || a.navIdx == 0 || a.navIdx >= v.missionItems() {
		v.autoStart(1)
		return
	}
	a.state = missionRunning
	v.advanceNav(a.navIdx)
}

// autoStart (re)starts the mission at index idx with fresh jump counters.
func (v *vehicle) autoStart(idx int) {
	v.auto.jumps = map[int]int{}
	v.auto.state = missionRunning
	v.auto.navIdx = 0
	v.advanceNav(idx)
}

// advanceNav runs the commands from idx on, following DO_JUMPs as
// AP_Mission::get_next_cmd counts them (a jump with repeat count N sends the
// mission back N times; -1 forever), until a navigation command starts.
func (v *vehicle) advanceNav(idx int) {
	items := v.store.items[mtMission]
	for guard := 0; guard < 1000; guard++ {
		if idx >= len(items) {
			v.missionComplete()
			return
		}
		it := items[idx]
		if it.cmd == common.MAV_CMD_DO_JUMP {
			idx = v.jump(idx, it)
			continue
		}
		v.statusText(sevInfo, fmt.Sprintf("Mission: %d %s", idx, cmdName(it.cmd)))
		if !isNav(it.cmd) {
			v.doCommand(it)
			v.send(&common.MessageMissionItemReached{Seq: uint16(idx)})
			idx++
			continue
		}
		v.startNav(idx, it)
		return
	}
	v.missionComplete()
}

// jump returns the index after a DO_JUMP at idx.
func (v *vehicle) jump(idx int, it storedItem) int {
	target, times := int(it.p[0]), int(it.p[1])
	if target <= 0 || target >= v.missionItems() {
		return idx + 1
	}
	if times == -1 || v.auto.jumps[idx] < times {
		v.auto.jumps[idx]++
		return target
	}
	return idx + 1
}

// missionComplete ends the mission (ModeAuto::exit_mission): a flying
// copter holds position (mode stays AUTO), a landed one disarms.
func (v *vehicle) missionComplete() {
	a := &v.auto
	a.state = missionComplete
	if v.st.landed {
		if v.st.armed {
			v.disarm()
		}
		a.sub = subNone
		return
	}
	a.sub, a.phase, a.holdFor = subLoiter, 1, -1
	a.tgtLat, a.tgtLon, a.tgtAlt = v.st.lat, v.st.lon, v.st.alt
}

// doCommand executes an immediate command (DO_CHANGE_SPEED, DO_FENCE_ENABLE);
// camera, gimbal, servo and relay commands are accepted and skipped.
func (v *vehicle) doCommand(it storedItem) {
	switch it.cmd {
	case common.MAV_CMD_DO_CHANGE_SPEED:
		if it.p[1] > 0 {
			v.st.speedOverride = float64(it.p[1])
		}
	case common.MAV_CMD_DO_FENCE_ENABLE:
		v.params.set("FENCE_ENABLE", float32(min(1, int(it.p[0]))))
	}
}

// itemAlt converts a stored item altitude to AMSL (terrain ≈ the ground
// under the vehicle, i.e. sea level over water).
func (v *vehicle) itemAlt(it storedItem) float64 {
	switch it.frame {
	case common.MAV_FRAME_GLOBAL:
		return float64(it.z)
	case common.MAV_FRAME_GLOBAL_TERRAIN_ALT:
		return v.st.ground + float64(it.z)
	}
	return v.st.homeAlt + float64(it.z)
}

// startNav starts navigation command idx.
func (v *vehicle) startNav(idx int, it storedItem) {
	a, s := &v.auto, &v.st
	a.navIdx, a.doIdx, a.condOn = idx, idx+1, false
	a.phase, a.holdFor, a.holdStart, a.angle = 0, 0, 0, 0
	a.tgtLat, a.tgtLon, a.tgtAlt = s.lat, s.lon, s.alt
	if it.x != 0 || it.y != 0 {
		a.tgtLat, a.tgtLon = fromDegE7(it.x), fromDegE7(it.y)
	}
	if it.z != 0 || it.frame != common.MAV_FRAME_GLOBAL_RELATIVE_ALT {
		a.tgtAlt = v.itemAlt(it)
	}
	switch it.cmd {
	case common.MAV_CMD_NAV_TAKEOFF, common.MAV_CMD_NAV_VTOL_TAKEOFF:
		a.sub, a.tgtLat, a.tgtLon = subTakeoff, s.lat, s.lon
		a.tgtAlt = math.Max(v.itemAlt(it), s.alt)
	case common.MAV_CMD_NAV_WAYPOINT, common.MAV_CMD_NAV_SPLINE_WAYPOINT:
		a.sub, a.holdFor = subWP, secs(float64(it.p[0]))
	case common.MAV_CMD_NAV_ARC_WAYPOINT:
		a.sub = subWP // ArduCopter's do_nav_wp: the arc's end point, flown straight here
	case common.MAV_CMD_NAV_LOITER_UNLIM:
		a.sub, a.holdFor = subLoiter, -1
	case common.MAV_CMD_NAV_LOITER_TIME:
		a.sub, a.holdFor = subLoiter, secs(float64(it.p[0]))
	case common.MAV_CMD_NAV_DELAY:
		a.sub, a.holdFor, a.phase = subLoiter, secs(math.Max(0, float64(it.p[0]))), 1
		a.tgtLat, a.tgtLon, a.tgtAlt = s.lat, s.lon, s.alt
	case common.MAV_CMD_NAV_LOITER_TURNS:
		a.sub, a.turns, a.ccw = subCircle, float64(it.p[0]), it.p[2] < 0
		a.radius = math.Abs(float64(it.p[2]))
		if a.radius == 0 {
			a.radius = v.params.get("CIRCLE_RADIUS") / 100
		}
	case common.MAV_CMD_NAV_LAND, common.MAV_CMD_NAV_VTOL_LAND:
		a.sub, a.tgtAlt = subLand, s.alt
	case common.MAV_CMD_NAV_RETURN_TO_LAUNCH:
		a.sub = subRTL
		s.rtlPhase, s.hasTarget = 0, false
		v.setReturnTarget()
	default:
		a.sub = subWP
	}
}

// stepAuto verifies the current command and runs the do-stream, once per
// physics step while the mission runs (AP_Mission::update).
func (v *vehicle) stepAuto() {
	a := &v.auto
	if v.st.mode != v.autoMode() || a.state != missionRunning || !v.st.armed {
		return
	}
	if v.st.landed && a.sub == subTakeoff {
		if a.autoArmed {
			v.st.landed = false
		}
		return
	}
	if v.verifyNav() {
		idx := a.navIdx
		v.reached(idx)
		v.advanceNav(idx + 1)
		return
	}
	v.runDoStream()
}

// autoMode is the AUTO mode number of the vehicle kind.
func (v *vehicle) autoMode() uint32 {
	if v.plane {
		return planeAuto
	}
	return copterAuto
}

// reached reports a completed command (copter: "Reached command #N" for
// waypoints, MISSION_ITEM_REACHED for every verified command).
func (v *vehicle) reached(idx int) {
	if v.auto.sub == subWP {
		v.statusText(sevInfo, fmt.Sprintf("Reached command #%d", idx))
	}
	v.send(&common.MessageMissionItemReached{Seq: uint16(idx)})
}

// runDoStream starts the commands after the current navigation command up
// to the next navigation command or DO_JUMP; CONDITION_DELAY holds the
// following ones back until it expires.
func (v *vehicle) runDoStream() {
	a := &v.auto
	items := v.store.items[mtMission]
	for a.doIdx < len(items) {
		it := items[a.doIdx]
		if isNav(it.cmd) || it.cmd == common.MAV_CMD_DO_JUMP {
			return
		}
		if it.cmd == common.MAV_CMD_CONDITION_DELAY {
			if !a.condOn {
				v.statusText(sevInfo, fmt.Sprintf("Mission: %d %s", a.doIdx, cmdName(it.cmd)))
				a.condOn, a.condUntil = true, v.t+secs(float64(it.p[0]))
			}
			if v.t < a.condUntil {
				return
			}
			a.condOn = false
			v.send(&common.MessageMissionItemReached{Seq: uint16(a.doIdx)})
			a.doIdx++
			continue
		}
		v.statusText(sevInfo, fmt.Sprintf("Mission: %d %s", a.doIdx, cmdName(it.cmd)))
		v.doCommand(it)
		v.send(&common.MessageMissionItemReached{Seq: uint16(a.doIdx)})
		a.doIdx++
	}
}

// verifyNav reports whether the current navigation command is complete.
func (v *vehicle) verifyNav() bool {
	a, s := &v.auto, &v.st
	switch a.sub {
	case subTakeoff:
		return s.alt >= a.tgtAlt-1
	case subWP, subLoiter:
		if a.phase == 0 && v.distTo(a.tgtLat, a.tgtLon) <= v.acceptRadius() && math.Abs(s.alt-a.tgtAlt) < 1.5 {
			a.phase, a.holdStart = 1, v.t
		}
		return a.phase == 1 && a.holdFor >= 0 && v.t-a.holdStart >= a.holdFor
	case subCircle:
		return a.phase == 1 && a.angle >= a.turns*2*math.Pi
	case subLand, subRTL:
		return s.landed
	}
	return false
}

// acceptRadius is WPNAV_RADIUS (copter; the item's own radius is not stored
// by ArduCopter) or WP_RADIUS (plane).
func (v *vehicle) acceptRadius() float64 {
	if v.plane {
		return v.params.get("WP_RADIUS")
	}
	return math.Max(v.params.get("WPNAV_RADIUS")/100, 0.05)
}

// distTo is the horizontal distance to a point in metres.
func (v *vehicle) distTo(lat, lon float64) float64 {
	n, e := neDistance(v.st.lat, v.st.lon, lat, lon)
	return math.Hypot(n, e)
}

// autoTargets sets the copter position target for the current command.
func (v *vehicle) autoTargets(dt float64) {
	a, s := &v.auto, &v.st
	s.hasTarget = true
	switch a.sub {
	case subRTL:
		v.rtlTargets()
		return
	case subLand:
		if a.phase == 0 && v.distTo(a.tgtLat, a.tgtLon) < 1 {
			a.phase = 1
		}
	case subCircle:
		v.autoCircle(dt)
		return
	}
	s.tgtLat, s.tgtLon, s.tgtAlt = a.tgtLat, a.tgtLon, a.tgtAlt
}

// autoCircle flies to the edge of the LOITER_TURNS circle, then around it
// at CIRCLE_RATE (limited by the speed), counting the angle flown.
func (v *vehicle) autoCircle(dt float64) {
	a, s := &v.auto, &v.st
	if a.phase == 0 {
		n, e := neDistance(a.tgtLat, a.tgtLon, s.lat, s.lon)
		ang := math.Atan2(e, n)
		if math.Hypot(n, e) < 0.1 {
			ang = s.yaw
		}
		elat, elon := offsetLatLon(a.tgtLat, a.tgtLon, a.radius*math.Cos(ang), a.radius*math.Sin(ang))
		s.tgtLat, s.tgtLon, s.tgtAlt = elat, elon, a.tgtAlt
		if v.distTo(elat, elon) < 1 && math.Abs(s.alt-a.tgtAlt) < 1.5 {
			a.phase, s.circleAngle = 1, ang
		}
		return
	}
	rate := math.Min(v.params.get("CIRCLE_RATE")*math.Pi/180, v.copterSpeed()/math.Max(a.radius, 1))
	step := rate * dt
	a.angle += step
	if a.ccw {
		step = -step
	}
	s.circleAngle += step
	s.tgtLat, s.tgtLon = offsetLatLon(a.tgtLat, a.tgtLon, a.radius*math.Cos(s.circleAngle), a.radius*math.Sin(s.circleAngle))
}

// autoDescending reports whether AUTO is in a landing descent.
func (v *vehicle) autoDescending() bool {
	a := &v.auto
	return v.st.mode == copterAuto && ((a.sub == subLand && a.phase == 1) || (a.sub == subRTL && v.st.rtlPhase == 2))
}
