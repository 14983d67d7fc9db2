package sim

import (
	"math"
	"strings"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// AC_Fence types (FENCE_TYPE bits).
const (
	fenceAltMax  = 1
	fenceCircle  = 2
	fencePolygon = 4
	fenceAltMin  = 8
)

// fenceGiveUp is AC_FENCE_GIVE_UP_DISTANCE: a copter this far outside a
// fence lands instead of running FENCE_ACTION.
const fenceGiveUp = 100.0

// fenceState is AC_Fence's breach bookkeeping.
type fenceState struct {
	breaches      int
	count         uint16
	timeMs        uint32
	altBackup     float64
	circleBackup  float64
	floorOn       bool
	recoveryUntil time.Duration
}

// fenceOn reports FENCE_ENABLE.
func (v *vehicle) fenceOn() bool { return v.params.get("FENCE_ENABLE") != 0 }

// fencePresent is AC_Fence::present: a circle or altitude limit is
// selected, or the polygon type is and a fence is uploaded. Arming with the
// fence enabled and none present fails.
func (v *vehicle) fencePresent() bool {
	typ := int(v.params.get("FENCE_TYPE"))
	if typ&(fenceCircle|fenceAltMin|fenceAltMax) != 0 {
		return true
	}
	return typ&fencePolygon != 0 && len(v.store.items[mtFence]) > 0
}

// recordBreach marks fence types breached now.
func (v *vehicle) recordBreach(t int) {
	v.fence.breaches |= t
	v.fence.count++
	v.fence.timeMs = v.bootMs()
}

// checkFence is AC_Fence::check plus Copter::fence_check: new breaches print
// "<names> fence breached" and run FENCE_ACTION. Breaches clear when the
// vehicle is back inside; groups are not honoured (every inclusion zone must
// contain the vehicle).
func (v *vehicle) checkFence() {
	f := &v.fence
	if !v.fenceOn() {
		*f = fenceState{count: f.count, timeMs: f.timeMs}
		return
	}
	if !v.st.armed || v.st.landed {
		return
	}
	typ := int(v.params.get("FENCE_TYPE"))
	fresh, dist := 0, 0.0
	alt := v.relAlt()
	if typ&fenceAltMax != 0 {
		fresh |= v.checkLimit(fenceAltMax, alt, v.params.get("FENCE_ALT_MAX"), &f.altBackup, &dist)
	}
	if typ&fenceAltMin != 0 {
		fresh |= v.checkFloor(alt, &dist)
	}
	if typ&fenceCircle != 0 {
		fresh |= v.checkLimit(fenceCircle, v.distTo(v.st.homeLat, v.st.homeLon), v.params.get("FENCE_RADIUS"), &f.circleBackup, &dist)
	}
	if typ&fencePolygon != 0 {
		fresh |= v.checkPolygon(&dist)
	}
	if fresh == 0 || v.t < f.recoveryUntil {
		return
	}
	v.statusText(common.MAV_SEVERITY_NOTICE, fenceNames(fresh)+" breached")
	v.fenceAction(dist)
}

// checkLimit checks an upper limit (altitude, home distance) with
// ArduPilot's backup fence 20 m further that re-triggers the action.
func (v *vehicle) checkLimit(t int, val, limit float64, backup, dist *float64) int {
	f := &v.fence
	if val >= limit {
		*dist = math.Max(*dist, val-limit)
		if f.breaches&t == 0 || (*backup != 0 && val >= *backup) {
			v.recordBreach(t)
			*backup = val + 20
			return t
		}
		return 0
	}
	f.breaches &^= t
	*backup = 0
	return 0
}

// checkFloor is the min-altitude fence, enabled automatically once the
// vehicle is above FENCE_ALT_MIN + FENCE_MARGIN.
func (v *vehicle) checkFloor(alt float64, dist *float64) int {
	f := &v.fence
	floor := v.params.get("FENCE_ALT_MIN")
	if !f.floorOn {
		if alt >= floor+v.params.get("FENCE_MARGIN") {
			f.floorOn = true
			v.statusText(common.MAV_SEVERITY_NOTICE, "Min Alt fence enabled (auto enable)")
		}
		return 0
	}
	if alt <= floor {
		*dist = math.Max(*dist, floor-alt)
		if f.breaches&fenceAltMin == 0 {
			v.recordBreach(fenceAltMin)
			return fenceAltMin
		}
		return 0
	}
	f.breaches &^= fenceAltMin
	return 0
}

// checkPolygon checks the uploaded inclusion/exclusion polygons and circles.
func (v *vehicle) checkPolygon(dist *float64) int {
	f := &v.fence
	out, d := v.outsideZones()
	if !out {
		f.breaches &^= fencePolygon
		return 0
	}
	*dist = math.Max(*dist, d)
	if f.breaches&fencePolygon != 0 {
		return 0
	}
	v.recordBreach(fencePolygon)
	return fencePolygon
}

// outsideZones reports whether the vehicle is outside an inclusion zone or
// inside an exclusion zone, with how far it is past the boundary.
func (v *vehicle) outsideZones() (bool, float64) { return v.outsideZonesAt(v.st.lat, v.st.lon) }

// outsideZonesAt is outsideZones for a point.
func (v *vehicle) outsideZonesAt(lat, lon float64) (bool, float64) {
	items := v.store.items[mtFence]
	breached, worst := false, 0.0
	for i := 0; i < len(items); {
		it := items[i]
		var inside bool
		var edge float64
		switch it.cmd {
		case common.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, common.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION:
			n := max(int(it.p[0]), 1)
			inside, edge = inPolygon(items[i:min(i+n, len(items))], lat, lon)
			i += n
		case common.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION, common.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION:
			n, e := neDistance(lat, lon, fromDegE7(it.x), fromDegE7(it.y))
			d := math.Hypot(n, e)
			inside, edge = d < float64(it.p[0]), math.Abs(d-float64(it.p[0]))
			i++
		default:
			i++
			continue
		}
		incl := it.cmd == common.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION || it.cmd == common.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION
		if inside != incl {
			breached, worst = true, math.Max(worst, edge)
		}
	}
	return breached, worst
}

// inPolygon tests a point against a polygon (ray casting in local metres)
// and returns the distance to its nearest edge.
func inPolygon(vs []storedItem, lat, lon float64) (bool, float64) {
	pts := make([][2]float64, len(vs))
	for i, it := range vs {
		pts[i][0], pts[i][1] = neDistance(lat, lon, fromDegE7(it.x), fromDegE7(it.y))
	}
	inside, best := false, math.Inf(1)
	for i := range pts {
		a, b := pts[i], pts[(i+1)%len(pts)]
		if (a[1] > 0) != (b[1] > 0) && 0 < a[0]+(0-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			inside = !inside
		}
		best = math.Min(best, segDist(a, b))
	}
	return inside, best
}

// segDist is the distance from the origin to segment ab.
func segDist(a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := dx*dx + dy*dy
	t := 0.0
	if l > 0 {
		t = clamp(-(a[0]*dx+a[1]*dy)/l, 0, 1)
	}
	return math.Hypot(a[0]+t*dx, a[1]+t*dy)
}

// fenceNames is AC_Fence::get_fence_names ("Polygon fence",
// "Max Alt and Polygon fences").
func fenceNames(t int) string {
	names := []string{"Max Alt", "Circle", "Polygon", "Min Alt"}
	var got []string
	for i, n := range names {
		if t&(1<<i) != 0 {
			got = append(got, n)
		}
	}
	s := strings.Join(got, ", ")
	if len(got) > 1 {
		s = strings.Join(got[:len(got)-1], ", ") + " and " + got[len(got)-1]
		return s + " fences"
	}
	return s + " fence"
}

// fenceAction runs FENCE_ACTION (copter: 0 report, 1 RTL or land, 2 land,
// 3 SmartRTL/RTL/land, 4 brake/land, 5 SmartRTL/land; more than 100 m
// outside: land). Plane: any action but 0 is RTL.
func (v *vehicle) fenceAction(dist float64) {
	act := int(v.params.get("FENCE_ACTION"))
	if act == 0 {
		return
	}
	if v.plane {
		v.setMode(planeRTL, "fence")
		return
	}
	try := func(modes ...uint32) {
		for _, m := range modes {
			if v.setMode(m, "fence") {
				return
			}
		}
	}
	switch {
	case dist > fenceGiveUp || act == 2:
		try(copterLand)
	case act == 3:
		try(copterSmartRTL, copterRTL, copterLand)
	case act == 4:
		try(copterBrake, copterLand)
	case act == 5:
		try(copterSmartRTL, copterLand)
	default:
		try(copterRTL, copterLand)
	}
}

// manualRecovery is AC_Fence::manual_recovery_start, called on every mode
// change: during a breach, new breaches are ignored for 10 s so the pilot
// (or station) can fly back.
func (v *vehicle) manualRecovery() {
	if v.fence.breaches != 0 {
		v.fence.recoveryUntil = v.t + 10*time.Second
	}
}

// msgFenceStatus is FENCE_STATUS, sent only while FENCE_ENABLE is set.
func (v *vehicle) msgFenceStatus() *common.MessageFenceStatus {
	b := v.fence.breaches
	typ := common.FENCE_BREACH_NONE
	if b&fenceAltMin != 0 {
		typ = common.FENCE_BREACH_MINALT
	}
	if b&fenceAltMax != 0 {
		typ = common.FENCE_BREACH_MAXALT
	}
	if b&(fenceCircle|fencePolygon) != 0 {
		typ = common.FENCE_BREACH_BOUNDARY
	}
	return &common.MessageFenceStatus{BreachStatus: uint8(min(b, 1)), BreachCount: v.fence.count,
		BreachType: typ, BreachTime: v.fence.timeMs, BreachMitigation: common.FENCE_MITIGATE_NONE}
}

// cmdFenceEnable is MAV_CMD_DO_FENCE_ENABLE: 0 disable, 1 enable (fails
// without any fence), 2 disable the floor.
func (v *vehicle) cmdFenceEnable(p1 float32) common.MAV_RESULT {
	switch int(p1) {
	case 0:
		v.params.set("FENCE_ENABLE", 0)
	case 1:
		typ := int(v.params.get("FENCE_TYPE"))
		if typ&(fenceAltMax|fenceCircle|fenceAltMin) == 0 && len(v.store.items[mtFence]) == 0 {
			return resFailed
		}
		v.params.set("FENCE_ENABLE", 1)
	case 2:
		v.fence.floorOn = false
		v.fence.breaches &^= fenceAltMin
	default:
		return resFailed
	}
	return resAccepted
}
