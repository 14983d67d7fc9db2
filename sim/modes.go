package sim

// ArduCopter custom modes (ArduCopter/mode.h, Mode::Number).
const (
	copterStabilize = 0
	copterAcro      = 1
	copterAltHold   = 2
	copterAuto      = 3
	copterGuided    = 4
	copterLoiter    = 5
	copterRTL       = 6
	copterCircle    = 7
	copterLand      = 9
	copterDrift     = 11
	copterSport     = 13
	copterPosHold   = 16
	copterBrake     = 17
	copterSmartRTL  = 21
)

// ArduPlane custom modes (ArduPlane/mode.h, Mode::Number).
const (
	planeManual   = 0
	planeCircle   = 1
	planeStabiliz = 2
	planeFBWA     = 5
	planeFBWB     = 6
	planeCruise   = 7
	planeAuto     = 10
	planeRTL      = 11
	planeLoiter   = 12
	planeTakeoff  = 13
	planeGuided   = 15
)

// modeInfo describes what a mode needs and how the simulator flies it.
type modeInfo struct {
	name      string
	needsGPS  bool // refused without a position estimate
	armable   bool // arming allowed in this mode
	holdsPos  bool // copter: holds horizontal position (else drifts with wind)
	returning bool // flies home (RTL family)
	landing   bool // descends and lands
}

// copterModes is the ArduCopter mode table.
var copterModes = map[uint32]modeInfo{
	copterStabilize: {name: "STABILIZE", armable: true},
	copterAcro:      {name: "ACRO", armable: true},
	copterAltHold:   {name: "ALT_HOLD", armable: true},
	copterAuto:      {name: "AUTO", needsGPS: true, holdsPos: true},
	copterGuided:    {name: "GUIDED", needsGPS: true, armable: true, holdsPos: true},
	copterLoiter:    {name: "LOITER", needsGPS: true, armable: true, holdsPos: true},
	copterRTL:       {name: "RTL", needsGPS: true, holdsPos: true, returning: true},
	copterCircle:    {name: "CIRCLE", needsGPS: true, armable: true, holdsPos: true},
	copterLand:      {name: "LAND", holdsPos: true, landing: true},
	copterDrift:     {name: "DRIFT", needsGPS: true, armable: true},
	copterSport:     {name: "SPORT", armable: true},
	copterPosHold:   {name: "POSHOLD", needsGPS: true, armable: true, holdsPos: true},
	copterBrake:     {name: "BRAKE", needsGPS: true, holdsPos: true},
	copterSmartRTL:  {name: "SMART_RTL", needsGPS: true, holdsPos: true, returning: true},
}

// planeModes is the ArduPlane mode table.
var planeModes = map[uint32]modeInfo{
	planeManual:   {name: "MANUAL", armable: true},
	planeCircle:   {name: "CIRCLE", armable: true},
	planeStabiliz: {name: "STABILIZE", armable: true},
	planeFBWA:     {name: "FBWA", armable: true},
	planeFBWB:     {name: "FBWB", armable: true},
	planeCruise:   {name: "CRUISE", armable: true},
	planeAuto:     {name: "AUTO", needsGPS: true, armable: true},
	planeRTL:      {name: "RTL", needsGPS: true, armable: true, returning: true},
	planeLoiter:   {name: "LOITER", needsGPS: true, armable: true},
	planeTakeoff:  {name: "TAKEOFF", needsGPS: true, armable: true},
	planeGuided:   {name: "GUIDED", needsGPS: true, armable: true},
}

// modes returns the mode table of the vehicle kind.
func (v *vehicle) modes() map[uint32]modeInfo {
	if v.plane {
		return planeModes
	}
	return copterModes
}

// modeName returns the ArduPilot name of the current mode.
func (v *vehicle) modeName() string { return v.modes()[v.st.mode].name }

// setMode changes the flight mode as ArduPilot's set_mode does: unknown modes
// and modes that need a position without one fail with "Flight mode change
// failed". It returns whether the mode was entered.
func (v *vehicle) setMode(mode uint32, reason string) bool {
	info, ok := v.modes()[mode]
	if !ok || (info.needsGPS && !v.gpsOK()) {
		v.statusText(sevWarning, "Flight mode change failed")
		return false
	}
	if info.returning && !v.st.homeSet {
		v.statusText(sevWarning, "Flight mode change failed")
		return false
	}
	if mode == v.autoMode() && mode != v.st.mode && !v.autoCanStart() {
		v.statusText(sevWarning, "Flight mode change failed")
		return false
	}
	if v.st.mode == mode {
		return true
	}
	v.st.mode = mode
	v.enterMode(mode)
	v.log.Debug("mode change", "mode", info.name, "reason", reason)
	return true
}

// enterMode sets the mode's initial targets.
func (v *vehicle) enterMode(mode uint32) {
	s := &v.st
	s.hasTarget = false
	s.rtlPhase = 0
	s.circleCenterSet = false
	v.manualRecovery()
	if v.modes()[mode].returning {
		v.setReturnTarget()
	}
	if mode == v.autoMode() {
		v.autoEnter()
	} else if v.auto.state == missionRunning {
		v.auto.state = missionStopped
	}
	if v.plane {
		s.loiterLat, s.loiterLon, s.loiterAlt = s.lat, s.lon, s.alt
		return
	}
	s.tgtLat, s.tgtLon, s.tgtAlt = s.lat, s.lon, s.alt
	if mode == copterGuided || mode == copterLoiter || mode == copterPosHold || mode == copterBrake || mode == copterAuto {
		s.hasTarget = true
	}
}
