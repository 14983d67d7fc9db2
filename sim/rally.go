package sim

import "math"

// setReturnTarget picks where RTL goes, as AP_Rally::calc_best_rally_or_home_location:
// the nearest rally point, unless it is beyond RALLY_LIMIT_KM (then home) or,
// with RALLY_INCL_HOME = 1, home is closer. s.rtlAlt is the least return
// altitude AMSL: the rally point's altitude (relative to home), else home.
func (v *vehicle) setReturnTarget() {
	s := &v.st
	s.rtlLat, s.rtlLon, s.rtlAlt = s.homeLat, s.homeLon, s.homeAlt
	best, bestD := -1, math.Inf(1)
	for i, it := range v.store.items[mtRally] {
		if d := v.distTo(fromDegE7(it.x), fromDegE7(it.y)); d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return
	}
	if lim := v.params.get("RALLY_LIMIT_KM"); lim > 0 && bestD > lim*1000 {
		return
	}
	if v.params.get("RALLY_INCL_HOME") != 0 && bestD >= v.distTo(s.homeLat, s.homeLon) {
		return
	}
	it := v.store.items[mtRally][best]
	s.rtlLat, s.rtlLon, s.rtlAlt = fromDegE7(it.x), fromDegE7(it.y), s.homeAlt+float64(it.z)
}

// rtlReturnAlt is ModeRTL's return altitude: at least the current
// altitude, RTL_ALT and the rally altitude, but not above the max-altitude
// fence less FENCE_MARGIN (unless already higher).
func (v *vehicle) rtlReturnAlt() float64 {
	s := &v.st
	alt := math.Max(math.Max(s.alt, s.homeAlt+v.params.get("RTL_ALT")/100), s.rtlAlt)
	if v.fenceOn() && int(v.params.get("FENCE_TYPE"))&fenceAltMax != 0 {
		top := s.homeAlt + v.params.get("FENCE_ALT_MAX") - v.params.get("FENCE_MARGIN")
		if alt > top {
			alt = math.Max(s.alt, top)
		}
	}
	return alt
}
