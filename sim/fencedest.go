package sim

import "math"

// destinationInFence is AC_Fence::check_destination_within_fence: with the
// fence enabled, a guided destination above FENCE_ALT_MAX, farther from
// home than FENCE_RADIUS or outside the polygon fence is refused, and
// ArduCopter's DO_REPOSITION then answers MAV_RESULT_FAILED without a
// text (ModeGuided::set_destination returns false).
func (v *vehicle) destinationInFence(lat, lon, relAlt float64) bool {
	if !v.fenceOn() {
		return true
	}
	typ := int(v.params.get("FENCE_TYPE"))
	if typ&fenceAltMax != 0 && relAlt > v.params.get("FENCE_ALT_MAX") {
		return false
	}
	if typ&fenceCircle != 0 {
		n, e := neDistance(v.st.homeLat, v.st.homeLon, lat, lon)
		if math.Hypot(n, e) > v.params.get("FENCE_RADIUS") {
			return false
		}
	}
	if typ&fencePolygon != 0 {
		if out, _ := v.outsideZonesAt(lat, lon); out {
			return false
		}
	}
	return true
}
