package gcs

import (
	"context"
	"fmt"

	"skerry/mission"
)

// param is one autopilot parameter to write.
type param struct {
	name  string
	value float64
}

// ArduPilot's fence parameters: FENCE_TYPE bits and the ranges it accepts.
const (
	fenceTypeMaxAlt  = 1
	fenceTypePolygon = 4
	fenceTypeMinAlt  = 8
	fenceAltMaxLow   = 10.0
	fenceAltMaxHigh  = 1000.0
	fenceAltMinLow   = -100.0
	fenceAltMinHigh  = 100.0
)

// fenceLimits works out the parameters that make the autopilot enforce the
// fence as planned, or refuses with the reason. ArduPilot keeps the
// altitude limits as parameters relative to home and requires the vehicle
// inside every inclusion zone, whatever its group.
func fenceLimits(v Vehicle, f mission.Fence, ardupilot bool) ([]param, mission.Issues, error) {
	var issues mission.Issues
	note := func(sev mission.Severity, field, format string, args ...any) {
		issues = append(issues, mission.Issue{Section: mission.SectionFence, Item: -1, Field: field, Message: fmt.Sprintf(format, args...), Severity: sev})
	}
	if f.IsEmpty() {
		note(mission.SeverityInfo, "", "the plan has no fence: the vehicle's own fence settings are left as they are")
		return nil, issues, nil
	}
	if !ardupilot {
		if f.Floor != nil || f.Ceiling != nil {
			note(mission.SeverityWarning, "ceiling", "fence altitude limits are not uploaded to %s autopilots: set them on the vehicle", v.Autopilot)
		}
		return nil, issues, nil
	}
	if groups := inclusionGroups(f); groups > 1 {
		return nil, issues, fmt.Errorf("%w: the fence has inclusion zones in %d groups (MAVLink: inside any one group is enough), but ArduPilot requires the vehicle inside every inclusion zone; put them in one group or make one zone that covers the area", ErrFenceSemantics, groups)
	}
	typ := 0
	var ps []param
	if len(f.Zones) > 0 {
		typ |= fenceTypePolygon
	}
	if f.Ceiling != nil {
		h, err := relativeToHome(v, *f.Ceiling, "ceiling")
		if err != nil {
			return nil, issues, err
		}
		if h < fenceAltMaxLow || h > fenceAltMaxHigh {
			return nil, issues, fmt.Errorf("%w: ceiling %.0f m above home is outside ArduPilot's FENCE_ALT_MAX range %.0f–%.0f m", ErrFenceSemantics, h, fenceAltMaxLow, fenceAltMaxHigh)
		}
		typ |= fenceTypeMaxAlt
		ps = append(ps, param{"FENCE_ALT_MAX", h})
	}
	if f.Floor != nil {
		h, err := relativeToHome(v, *f.Floor, "floor")
		if err != nil {
			return nil, issues, err
		}
		if h < fenceAltMinLow || h > fenceAltMinHigh {
			return nil, issues, fmt.Errorf("%w: floor %.0f m above home is outside ArduPilot's FENCE_ALT_MIN range %.0f–%.0f m", ErrFenceSemantics, h, fenceAltMinLow, fenceAltMinHigh)
		}
		typ |= fenceTypeMinAlt
		ps = append(ps, param{"FENCE_ALT_MIN", h})
	}
	ps = append(ps, param{"FENCE_TYPE", float64(typ)}, param{"FENCE_ENABLE", 1})
	for _, p := range ps {
		note(mission.SeverityInfo, p.name, "sets %s = %g so the autopilot enforces the fence", p.name, p.value)
	}
	return ps, issues, nil
}

// relativeToHome converts a limit to metres above the vehicle's home.
func relativeToHome(v Vehicle, a mission.Altitude, what string) (float64, error) {
	switch a.Ref {
	case mission.AltRelative:
		return a.M, nil
	case mission.AltAMSL, mission.AltTerrain:
		if v.Home == nil {
			return 0, fmt.Errorf("%w: the %s is given %s but the vehicle's home is not known yet, and ArduPilot keeps it relative to home", ErrFenceSemantics, what, a.Ref)
		}
		return a.M - v.Home.AltAMSL, nil
	}
	return 0, fmt.Errorf("%w: the %s has no altitude reference", ErrInvalidPlan, what)
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

// dropAltWarnings removes the "floor/ceiling cannot be sent as items"
// warning when the limits travel as parameters instead.
func dropAltWarnings(is mission.Issues, asParams bool) mission.Issues {
	if !asParams {
		return is
	}
	out := is[:0:0]
	for _, i := range is {
		if !(i.Section == mission.SectionFence && i.Field == "ceiling" && i.Severity == mission.SeverityWarning) {
			out = append(out, i)
		}
	}
	return out
}

func (m *Missions) writeLimits(ctx context.Context, id VehicleID, ps []param) error {
	for _, p := range ps {
		if err := m.Params.WriteParam(ctx, id, p.name, p.value); err != nil {
			return fmt.Errorf("fence uploaded but %s not set, so the autopilot may not enforce it: %w", p.name, err)
		}
	}
	return nil
}

// readLimits restores the fence altitude limits ArduPilot keeps as
// parameters.
func (m *Missions) readLimits(ctx context.Context, id VehicleID, f *mission.Fence) mission.Issues {
	read := func(name string) (float64, bool) {
		v, err := m.Params.ReadParam(ctx, id, name)
		return v, err == nil
	}
	enabled, ok1 := read("FENCE_ENABLE")
	typ, ok2 := read("FENCE_TYPE")
	if !ok1 || !ok2 {
		return mission.Issues{{Section: mission.SectionFence, Item: -1, Message: "could not read FENCE_ENABLE/FENCE_TYPE: altitude limits not downloaded", Severity: mission.SeverityWarning}}
	}
	if enabled == 0 {
		return nil
	}
	if int(typ)&fenceTypeMaxAlt != 0 {
		if h, ok := read("FENCE_ALT_MAX"); ok {
			f.Ceiling = &mission.Altitude{M: h, Ref: mission.AltRelative}
		}
	}
	if int(typ)&fenceTypeMinAlt != 0 {
		if h, ok := read("FENCE_ALT_MIN"); ok {
			f.Floor = &mission.Altitude{M: h, Ref: mission.AltRelative}
		}
	}
	return nil
}
