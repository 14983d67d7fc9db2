package telemetry

import (
	"fmt"
	"math"
	"strings"

	"skerry/gcs"
	"skerry/mission"
)

// ArduPilot's fence parameters: FENCE_TYPE bits and the ranges it accepts
// (ArduPilot's parameter documentation for AC_Fence).
const (
	fenceTypeMaxAlt  = 1
	fenceTypeCircle  = 2
	fenceTypePolygon = 4
	fenceTypeMinAlt  = 8
	fenceAltMaxLow   = 10.0
	fenceAltMaxHigh  = 1000.0
	fenceAltMinLow   = -100.0
	fenceAltMinHigh  = 100.0
	fenceRadiusLow   = 30.0
	fenceRadiusHigh  = 10000.0
)

// fenceTypeNames names FENCE_TYPE's bits for the pilot.
var fenceTypeNames = []struct {
	bit  int
	name string
}{{fenceTypeMaxAlt, "altitude ceiling"}, {fenceTypeCircle, "circle"}, {fenceTypePolygon, "polygon"}, {fenceTypeMinAlt, "altitude floor"}}

func fenceTypeWords(t int) string {
	var out []string
	for _, n := range fenceTypeNames {
		if t&n.bit != 0 {
			out = append(out, n.name)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// fenceNow is what the vehicle's fence parameters hold. known says
// FENCE_ENABLE and FENCE_TYPE were read; the limits are NaN when unread.
type fenceNow struct {
	typ, enable            int
	known                  bool
	radius, altMax, altMin float64
}

// unreadLimits is a fenceNow whose limits were not read.
func unreadLimits(n fenceNow) fenceNow {
	n.radius, n.altMax, n.altMin = math.NaN(), math.NaN(), math.NaN()
	return n
}

// value is the current value of a fence parameter, nil when unread.
func (n fenceNow) value(name string) *float64 {
	var v float64
	switch name {
	case "FENCE_ENABLE":
		v = float64(n.enable)
	case "FENCE_TYPE":
		v = float64(n.typ)
	case "FENCE_RADIUS":
		v = n.radius
	case "FENCE_ALT_MAX":
		v = n.altMax
	case "FENCE_ALT_MIN":
		v = n.altMin
	}
	if !n.known || math.IsNaN(v) {
		return nil
	}
	return &v
}

// planFence works out how ArduPilot will enforce fence f, or refuses with
// the reason. ArduPilot keeps the altitude limits and the circle as
// parameters relative to home, and requires the vehicle inside every
// inclusion zone, whatever its group. The fence types the vehicle already
// has (its own ceiling, its circle) are kept: the plan adds its polygon
// and sets the limits it gives; the limits it leaves unset stay in force
// and are reported as kept, so that routes are checked against them.
func planFence(v gcs.Vehicle, f mission.Fence, now fenceNow) (gcs.VehicleFence, mission.Issues, error) {
	up := gcs.VehicleFence{Changes: []gcs.SettingChange{}}
	var issues mission.Issues
	note := func(sev mission.Severity, field, format string, args ...any) {
		issues = append(issues, mission.Issue{Section: mission.SectionFence, Item: -1, Field: field, Message: fmt.Sprintf(format, args...), Severity: sev})
	}
	set := func(name string, value float64, why string) { // written in this order
		up.Changes = append(up.Changes, gcs.SettingChange{Name: name, From: now.value(name), To: value, Why: why})
	}
	typ, enable := now.typ, now.enable
	if f.IsEmpty() {
		note(mission.SeverityInfo, "", "the plan has no fence: the vehicle's own fence settings are left as they are")
	} else {
		if groups := inclusionGroups(f); groups > 1 {
			return up, issues, fmt.Errorf("%w: the fence has inclusion zones in %d groups (MAVLink: inside any one group is enough), but ArduPilot requires the vehicle inside every inclusion zone; put them in one group or make one zone that covers the area", gcs.ErrFenceSemantics, groups)
		}
		if !now.known {
			typ, enable = 0, 0
			note(mission.SeverityWarning, "FENCE_TYPE", "could not read the vehicle's FENCE_TYPE: the fence types it had (ceiling, circle) cannot be kept")
		}
		if len(f.Zones) > 0 {
			typ |= fenceTypePolygon
		}
		for _, l := range fenceLimitsOf(f) {
			h, err := l.value(v)
			if err != nil {
				return up, issues, err
			}
			typ |= l.bit
			set(l.param, h, "the plan's "+l.what)
		}
		if typ != now.typ || !now.known {
			set("FENCE_TYPE", float64(typ), fmt.Sprintf("%s; it was %s", fenceTypeWords(typ), fenceTypeWords(now.typ)))
		}
		if enable == 0 {
			set("FENCE_ENABLE", 1, "so that the autopilot enforces the fence")
			enable = 1
		}
	}
	if enable != 0 && now.known {
		up.KeptRadius, up.KeptCeiling, up.KeptFloor = kept(typ, now, f, note)
	}
	return up, issues, nil
}

// kept lists the vehicle's own limits that stay in force: a type it
// enforces whose limit the plan does not set.
func kept(typ int, now fenceNow, f mission.Fence, note func(mission.Severity, string, string, ...any)) (radius, ceiling, floor *float64) {
	keep := func(bit int, planned bool, value float64, name, what string) *float64 {
		if typ&bit == 0 || planned || math.IsNaN(value) {
			return nil
		}
		note(mission.SeverityInfo, name, "keeps the vehicle's own %s: %s %g m", what, name, value)
		return &value
	}
	radius = keep(fenceTypeCircle, f.Radius != nil, now.radius, "FENCE_RADIUS", "circle fence (from home)")
	ceiling = keep(fenceTypeMaxAlt, f.Ceiling != nil, now.altMax, "FENCE_ALT_MAX", "altitude ceiling (above home)")
	floor = keep(fenceTypeMinAlt, f.Floor != nil, now.altMin, "FENCE_ALT_MIN", "altitude floor (above home)")
	return radius, ceiling, floor
}

// fenceLimit is one limit of a plan's fence that ArduPilot keeps as a
// parameter.
type fenceLimit struct {
	param, what string
	bit         int
	value       func(v gcs.Vehicle) (float64, error)
}

// fenceLimitsOf lists the limits fence f sets.
func fenceLimitsOf(f mission.Fence) []fenceLimit {
	var out []fenceLimit
	if f.Ceiling != nil {
		out = append(out, fenceLimit{"FENCE_ALT_MAX", "ceiling", fenceTypeMaxAlt, func(v gcs.Vehicle) (float64, error) {
			return inRange(v, *f.Ceiling, "ceiling", "FENCE_ALT_MAX", fenceAltMaxLow, fenceAltMaxHigh)
		}})
	}
	if f.Floor != nil {
		out = append(out, fenceLimit{"FENCE_ALT_MIN", "floor", fenceTypeMinAlt, func(v gcs.Vehicle) (float64, error) {
			return inRange(v, *f.Floor, "floor", "FENCE_ALT_MIN", fenceAltMinLow, fenceAltMinHigh)
		}})
	}
	if f.Radius != nil {
		r := *f.Radius
		out = append(out, fenceLimit{"FENCE_RADIUS", "radius from home", fenceTypeCircle, func(gcs.Vehicle) (float64, error) {
			if r < fenceRadiusLow || r > fenceRadiusHigh {
				return 0, fmt.Errorf("%w: radius %.0f m is outside ArduPilot's FENCE_RADIUS range %.0f–%.0f m", gcs.ErrFenceSemantics, r, fenceRadiusLow, fenceRadiusHigh)
			}
			return r, nil
		}})
	}
	return out
}

// inRange converts an altitude limit to metres above home within
// ArduPilot's range for param.
func inRange(v gcs.Vehicle, a mission.Altitude, what, param string, low, high float64) (float64, error) {
	h, err := relativeToHome(v, a, what)
	if err != nil {
		return 0, err
	}
	if h < low || h > high {
		return 0, fmt.Errorf("%w: %s %.0f m above home is outside ArduPilot's %s range %.0f–%.0f m", gcs.ErrFenceSemantics, what, h, param, low, high)
	}
	return h, nil
}

// relativeToHome converts a limit to metres above the vehicle's home.
func relativeToHome(v gcs.Vehicle, a mission.Altitude, what string) (float64, error) {
	switch a.Ref {
	case mission.AltRelative:
		return a.M, nil
	case mission.AltAMSL, mission.AltTerrain:
		if v.Home == nil {
			return 0, fmt.Errorf("%w: the %s is given %s but the vehicle's home is not known yet, and ArduPilot keeps it relative to home", gcs.ErrFenceSemantics, what, a.Ref)
		}
		return a.M - v.Home.AltAMSL, nil
	}
	return 0, fmt.Errorf("%w: the %s has no altitude reference", gcs.ErrInvalidPlan, what)
}

func inclusionGroups(f mission.Fence) int {
	groups := map[int]bool{}
	for _, z := range f.Zones {
		if z.Inclusion {
			groups[z.Group] = true
		}
	}
	return len(groups)
}

// dropLimitWarnings removes the "floor/ceiling/radius cannot be sent as
// items" warnings when the limits travel as parameters instead.
func dropLimitWarnings(is mission.Issues, asParams bool) mission.Issues {
	if !asParams {
		return is
	}
	out := is[:0:0]
	for _, i := range is {
		if !(i.Section == mission.SectionFence && (i.Field == "ceiling" || i.Field == "radius") && i.Severity == mission.SeverityWarning) {
			out = append(out, i)
		}
	}
	return out
}
