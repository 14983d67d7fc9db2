package sim

import "math"

// gravity in m/s/s.
const gravity = 9.80665

// stepCopter advances a copter by dt seconds of simulated time.
func (v *vehicle) stepCopter(dt float64) {
	s := &v.st
	switch {
	case s.terminated:
		v.stepFalling(dt)
	case !s.armed || s.landed:
		v.stepOnGround(dt)
	default:
		vn, ve, vu := v.copterDesiredVelocity(dt)
		v.applyCopterVelocity(vn, ve, vu, dt)
		v.checkTouchdown()
	}
}

// stepOnGround keeps a landed copter still and runs auto-disarm: LAND and
// RTL disarm on touchdown, other modes after DISARM_DELAY seconds landed.
func (v *vehicle) stepOnGround(dt float64) {
	s := &v.st
	s.vn, s.ve, s.vu, s.roll, s.pitch = 0, 0, 0, 0, 0
	s.alt = s.ground
	s.throttle = 0
	if !s.armed {
		return
	}
	s.throttle = 0.1
	s.landedFor += secs(dt)
	info := v.modes()[s.mode]
	delay := v.params.get("DISARM_DELAY")
	if info.landing || info.returning || (delay > 0 && s.landedFor.Seconds() >= delay) {
		v.disarm()
	}
}

// stepFalling lets a terminated vehicle fall with drag until it hits ground.
func (v *vehicle) stepFalling(dt float64) {
	s := &v.st
	s.vu = math.Max(s.vu-gravity*dt, -25)
	s.vn *= 1 - 0.5*dt
	s.ve *= 1 - 0.5*dt
	v.integrate(dt)
	if s.alt <= s.ground {
		s.alt, s.vn, s.ve, s.vu = s.ground, 0, 0, 0
		s.landed, s.terminated = true, false
	}
}

// copterDesiredVelocity returns the velocity the mode asks for.
func (v *vehicle) copterDesiredVelocity(dt float64) (vn, ve, vu float64) {
	s := &v.st
	info := v.modes()[s.mode]
	switch {
	case info.returning:
		v.rtlTargets()
	case s.mode == copterCircle:
		v.circleTarget(dt)
	case s.mode == copterAuto:
		v.autoTargets(dt)
	}
	vu = v.climbToward(s.tgtAlt)
	if info.landing || (info.returning && s.rtlPhase == 2) || v.autoDescending() {
		vu = -v.landSpeed()
	}
	if !info.holdsPos || !v.gpsOK() {
		wn, we := v.windNE()
		return wn, we, vu
	}
	if !s.hasTarget && !info.returning && !info.landing {
		return 0, 0, vu
	}
	vn, ve = v.horizontalToward(s.tgtLat, s.tgtLon, v.copterSpeed())
	return vn, ve, vu
}

// copterSpeed is the horizontal speed limit in m/s.
func (v *vehicle) copterSpeed() float64 {
	if v.st.speedOverride > 0 {
		return math.Min(v.st.speedOverride, 20)
	}
	if v.modes()[v.st.mode].returning {
		if rs := v.params.get("RTL_SPEED"); rs > 0 {
			return rs / 100
		}
	}
	return v.params.get("WPNAV_SPEED") / 100
}

// horizontalToward returns a velocity toward a point that decelerates to
// stop on it (v = √(2·a·d), capped at vmax).
func (v *vehicle) horizontalToward(lat, lon, vmax float64) (vn, ve float64) {
	n, e := neDistance(v.st.lat, v.st.lon, lat, lon)
	d := math.Hypot(n, e)
	if d < 0.05 {
		return 0, 0
	}
	accel := v.params.get("WPNAV_ACCEL") / 100
	sp := math.Min(vmax, math.Sqrt(2*accel*d)*0.9)
	return n / d * sp, e / d * sp
}

// climbToward returns a climb rate toward an AMSL altitude within the
// WPNAV_SPEED_UP / WPNAV_SPEED_DN limits.
func (v *vehicle) climbToward(alt float64) float64 {
	dz := alt - v.st.alt
	az := v.params.get("PILOT_ACCEL_Z") / 100
	sp := math.Sqrt(2*az*math.Abs(dz)) * 0.9
	if dz > 0 {
		return math.Min(sp, v.params.get("WPNAV_SPEED_UP")/100)
	}
	return -math.Min(sp, v.params.get("WPNAV_SPEED_DN")/100)
}

// landSpeed is the descent rate of LAND: LAND_SPEED_HIGH (or
// WPNAV_SPEED_DN) above LAND_ALT_LOW, LAND_SPEED below.
func (v *vehicle) landSpeed() float64 {
	if v.agl() > v.params.get("LAND_ALT_LOW")/100 {
		if hi := v.params.get("LAND_SPEED_HIGH"); hi > 0 {
			return hi / 100
		}
		return v.params.get("WPNAV_SPEED_DN") / 100
	}
	return v.params.get("LAND_SPEED") / 100
}

// applyCopterVelocity moves toward the desired velocity within the
// acceleration limits, adds gusts, integrates position and sets attitude.
func (v *vehicle) applyCopterVelocity(vn, ve, vu, dt float64) {
	s := &v.st
	ah := v.params.get("WPNAV_ACCEL") / 100
	az := v.params.get("PILOT_ACCEL_Z") / 100
	dn, de := vn-s.vn, ve-s.ve
	dh := math.Hypot(dn, de)
	if lim := ah * dt; dh > lim {
		dn, de = dn/dh*lim, de/dh*lim
	}
	s.vn += dn
	s.ve += de
	s.vu += clamp(vu-s.vu, -az*dt, az*dt)
	v.setAttitude(dn/dt, de/dt)
	v.integrate(dt)
	gn, ge := v.gust.n, v.gust.e
	s.lat, s.lon = offsetLatLon(s.lat, s.lon, gn*0.1*dt, ge*0.1*dt)
	s.throttle = clamp(0.45+0.1*s.vu+0.02*math.Hypot(s.vn, s.ve), 0.1, 1)
}

// setAttitude tilts with acceleration and yaws toward the direction of
// travel at up to 90°/s.
func (v *vehicle) setAttitude(an, ae float64) {
	s := &v.st
	sp := math.Hypot(s.vn, s.ve)
	if sp > 1 {
		want := math.Atan2(s.ve, s.vn)
		s.yaw = wrap2Pi(s.yaw + clamp(wrapPi(want-s.yaw), -math.Pi/2*0.02, math.Pi/2*0.02))
	}
	fwd := an*math.Cos(s.yaw) + ae*math.Sin(s.yaw)
	right := -an*math.Sin(s.yaw) + ae*math.Cos(s.yaw)
	s.pitch = clamp(-math.Atan(fwd/gravity)-0.02*sp, -0.5, 0.5)
	s.roll = clamp(math.Atan(right/gravity), -0.5, 0.5)
}

// integrate moves the position by the velocity.
func (v *vehicle) integrate(dt float64) {
	s := &v.st
	s.lat, s.lon = offsetLatLon(s.lat, s.lon, s.vn*dt, s.ve*dt)
	s.alt += s.vu * dt
}

// checkTouchdown lands a descending copter that reaches the ground.
func (v *vehicle) checkTouchdown() {
	s := &v.st
	if s.alt > s.ground+0.02 || s.vu > 0 {
		return
	}
	s.alt, s.vn, s.ve, s.vu = s.ground, 0, 0, 0
	s.landed = true
	s.landedFor = 0
}

// rtlTargets runs RTL's phases: climb to the return altitude, fly to the
// return point (home or rally, see setReturnTarget), land.
func (v *vehicle) rtlTargets() {
	s := &v.st
	rtlAlt := v.rtlReturnAlt()
	switch s.rtlPhase {
	case 0:
		if !s.hasTarget {
			s.hasTarget = true
			s.tgtLat, s.tgtLon, s.tgtAlt = s.lat, s.lon, rtlAlt
		}
		if s.alt >= s.tgtAlt-0.5 {
			s.rtlPhase = 1
			s.tgtLat, s.tgtLon = s.rtlLat, s.rtlLon
		}
	case 1:
		s.tgtLat, s.tgtLon = s.rtlLat, s.rtlLon
		n, e := neDistance(s.lat, s.lon, s.rtlLat, s.rtlLon)
		if math.Hypot(n, e) < 2 && math.Hypot(s.vn, s.ve) < 0.5 {
			s.rtlPhase = 2
		}
	}
}

// circleTarget moves the CIRCLE target around a centre CIRCLE_RADIUS ahead
// of where the mode was entered, at CIRCLE_RATE.
func (v *vehicle) circleTarget(dt float64) {
	s := &v.st
	r := v.params.get("CIRCLE_RADIUS") / 100
	if !s.circleCenterSet {
		s.circleLat, s.circleLon = offsetLatLon(s.lat, s.lon, r*math.Cos(s.yaw), r*math.Sin(s.yaw))
		s.circleAngle = wrap2Pi(s.yaw + math.Pi)
		s.circleCenterSet, s.hasTarget = true, true
	}
	s.circleAngle += v.params.get("CIRCLE_RATE") * math.Pi / 180 * dt
	s.tgtLat, s.tgtLon = offsetLatLon(s.circleLat, s.circleLon, r*math.Cos(s.circleAngle), r*math.Sin(s.circleAngle))
}
