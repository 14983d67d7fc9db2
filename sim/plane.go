package sim

import "math"

// stepPlane advances a plane by dt seconds: it flies at AIRSPEED_CRUISE
// with a bank-limited turn rate, cannot hover (it circles its loiter point at
// WP_LOITER_RAD) and drifts with the full wind.
func (v *vehicle) stepPlane(dt float64) {
	s := &v.st
	switch {
	case s.terminated:
		v.stepFalling(dt)
	case !s.armed:
		s.vn, s.ve, s.vu, s.airspeed, s.throttle = 0, 0, 0, 0, 0
	case s.landed:
		v.planeGroundRoll(dt)
	default:
		v.planeFly(dt)
	}
}

// planeGroundRoll accelerates down the runway in TAKEOFF mode.
func (v *vehicle) planeGroundRoll(dt float64) {
	s := &v.st
	if s.mode != planeTakeoff && !(s.mode == planeAuto && v.auto.sub == subTakeoff && v.auto.autoArmed) {
		s.airspeed, s.vn, s.ve = 0, 0, 0
		return
	}
	s.throttle = 1
	s.airspeed += 3 * dt
	s.vn, s.ve = s.airspeed*math.Cos(s.yaw), s.airspeed*math.Sin(s.yaw)
	v.integrate(dt)
	if s.airspeed >= 0.8*v.params.get("AIRSPEED_CRUISE") {
		s.landed = false
	}
}

// planeFly flies one step in the air.
func (v *vehicle) planeFly(dt float64) {
	s := &v.st
	cruise := v.params.get("AIRSPEED_CRUISE")
	s.airspeed += clamp(cruise-s.airspeed, -2*dt, 2*dt)
	heading, alt := v.planeGuidance()
	maxRate := gravity * math.Tan(v.params.get("ROLL_LIMIT_DEG")*math.Pi/180) / math.Max(s.airspeed, 1)
	rate := clamp(wrapPi(heading-s.yaw), -maxRate, maxRate)
	s.yaw = wrap2Pi(s.yaw + rate*dt)
	s.roll = math.Atan(rate * s.airspeed / gravity)
	climb := clamp(alt-s.alt, -v.params.get("TECS_SINK_MAX"), v.params.get("TECS_CLMB_MAX"))
	s.vu += clamp(climb-s.vu, -2*dt, 2*dt)
	s.pitch = math.Atan2(s.vu, s.airspeed)
	wn, we := v.windNE()
	s.vn = s.airspeed*math.Cos(s.yaw) + wn
	s.ve = s.airspeed*math.Sin(s.yaw) + we
	s.throttle = clamp(0.5+0.1*s.vu, 0.2, 1)
	v.integrate(dt)
	if s.alt <= s.ground {
		s.alt, s.vn, s.ve, s.vu, s.airspeed = s.ground, 0, 0, 0, 0
		s.landed = true
	}
}

// planeGuidance returns the desired heading and AMSL altitude for the mode.
func (v *vehicle) planeGuidance() (float64, float64) {
	s := &v.st
	switch s.mode {
	case planeTakeoff:
		top := s.homeAlt + v.params.get("TKOFF_ALT")
		if s.alt < top-1 {
			return s.yaw, top
		}
		s.mode = planeLoiter
		s.loiterLat, s.loiterLon, s.loiterAlt = s.lat, s.lon, top
	case planeAuto:
		return v.planeAutoGuidance()
	case planeRTL:
		s.loiterLat, s.loiterLon = s.rtlLat, s.rtlLon
		s.loiterAlt = s.homeAlt + v.params.get("RTL_ALTITUDE")
	case planeManual, planeStabiliz, planeFBWA, planeFBWB, planeCruise:
		return s.yaw, s.alt
	}
	return v.orbitHeading(s.loiterLat, s.loiterLon, v.params.get("WP_LOITER_RAD")), s.loiterAlt
}

// orbitHeading is a vector field converging on a clockwise circle of
// radius r: far away it points at the centre, on the circle along it.
func (v *vehicle) orbitHeading(lat, lon, r float64) float64 {
	n, e := neDistance(lat, lon, v.st.lat, v.st.lon)
	d := math.Hypot(n, e)
	out := math.Atan2(e, n)
	return wrap2Pi(out + math.Pi/2 + math.Pi/2*clamp((d-r)/r, -1, 1))
}

// planeAutoGuidance flies the current mission command: straight to
// waypoints (orbiting them at WP_LOITER_RAD until the next one starts),
// climbing out for takeoff, orbiting for loiters, descending onto the
// landing point, RTL to home or rally.
func (v *vehicle) planeAutoGuidance() (float64, float64) {
	a, s := &v.auto, &v.st
	r := v.params.get("WP_LOITER_RAD")
	switch a.sub {
	case subTakeoff:
		return s.yaw, a.tgtAlt
	case subRTL:
		return v.orbitHeading(s.rtlLat, s.rtlLon, r), s.homeAlt + v.params.get("RTL_ALTITUDE")
	case subLand:
		return v.orbitHeading(a.tgtLat, a.tgtLon, 1), s.ground - 1
	case subCircle:
		r = math.Max(a.radius, 30)
		if a.phase == 0 && v.distTo(a.tgtLat, a.tgtLon) < 1.5*r {
			a.phase = 1
		}
		if a.phase == 1 {
			a.angle += s.airspeed / r * physicsStep.Seconds()
		}
	}
	return v.orbitHeading(a.tgtLat, a.tgtLon, r), a.tgtAlt
}
