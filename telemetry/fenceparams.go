package telemetry

import (
	"context"
	"fmt"
	"strings"

	"skerry/gcs"
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
	fenceTypeCircle  = 2
	fenceTypePolygon = 4
	fenceTypeMinAlt  = 8
	fenceAltMaxLow   = 10.0
	fenceAltMaxHigh  = 1000.0
	fenceAltMinLow   = -100.0
	fenceAltMinHigh  = 100.0
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

// fenceNow is what the vehicle's fence parameters held before an upload.
type fenceNow struct {
	typ, enable int
	known       bool
}

// fenceLimits works out the parameters that make ArduPilot enforce fence f
// as planned, or refuses with the reason. ArduPilot keeps the altitude
// limits as parameters relative to home and requires the vehicle inside
// every inclusion zone, whatever its group. FENCE_TYPE becomes the types
// the plan gives (polygon, ceiling, floor), and the report says what it
// was.
func fenceLimits(v gcs.Vehicle, f mission.Fence, now fenceNow) ([]param, mission.Issues, error) {
	var issues mission.Issues
	note := func(sev mission.Severity, field, format string, args ...any) {
		issues = append(issues, mission.Issue{Section: mission.SectionFence, Item: -1, Field: field, Message: fmt.Sprintf(format, args...), Severity: sev})
	}
	if f.IsEmpty() {
		note(mission.SeverityInfo, "", "the plan has no fence: the vehicle's own fence settings are left as they are")
		return nil, issues, nil
	}
	if groups := inclusionGroups(f); groups > 1 {
		return nil, issues, fmt.Errorf("%w: the fence has inclusion zones in %d groups (MAVLink: inside any one group is enough), but ArduPilot requires the vehicle inside every inclusion zone; put them in one group or make one zone that covers the area", gcs.ErrFenceSemantics, groups)
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
			return nil, issues, fmt.Errorf("%w: ceiling %.0f m above home is outside ArduPilot's FENCE_ALT_MAX range %.0f–%.0f m", gcs.ErrFenceSemantics, h, fenceAltMaxLow, fenceAltMaxHigh)
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
			return nil, issues, fmt.Errorf("%w: floor %.0f m above home is outside ArduPilot's FENCE_ALT_MIN range %.0f–%.0f m", gcs.ErrFenceSemantics, h, fenceAltMinLow, fenceAltMinHigh)
		}
		typ |= fenceTypeMinAlt
		ps = append(ps, param{"FENCE_ALT_MIN", h})
	}
	for _, p := range ps {
		note(mission.SeverityInfo, p.name, "sets %s = %g so the autopilot enforces the plan's limit", p.name, p.value)
	}
	switch {
	case !now.known:
		note(mission.SeverityWarning, "FENCE_TYPE", "could not read the vehicle's FENCE_TYPE: sets it to %d (%s)", typ, fenceTypeWords(typ))
		ps = append(ps, param{"FENCE_TYPE", float64(typ)})
	case typ != now.typ:
		note(mission.SeverityInfo, "FENCE_TYPE", "sets FENCE_TYPE = %d (%s); it was %d (%s)", typ, fenceTypeWords(typ), now.typ, fenceTypeWords(now.typ))
		ps = append(ps, param{"FENCE_TYPE", float64(typ)})
	default:
		note(mission.SeverityInfo, "FENCE_TYPE", "keeps FENCE_TYPE = %d (%s)", typ, fenceTypeWords(typ))
	}
	if !now.known || now.enable == 0 {
		note(mission.SeverityInfo, "FENCE_ENABLE", "sets FENCE_ENABLE = 1 so the autopilot enforces the fence")
		ps = append(ps, param{"FENCE_ENABLE", 1})
	}
	return ps, issues, nil
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

// readFenceNow reads FENCE_TYPE and FENCE_ENABLE.
func (s *Station) readFenceNow(ctx context.Context, id gcs.VehicleID) fenceNow {
	typ, err1 := s.ReadParam(ctx, id, "FENCE_TYPE")
	en, err2 := s.ReadParam(ctx, id, "FENCE_ENABLE")
	if err1 != nil || err2 != nil {
		return fenceNow{}
	}
	return fenceNow{typ: int(typ), enable: int(en), known: true}
}

func (s *Station) writeParams(ctx context.Context, id gcs.VehicleID, ps []param) error {
	for _, p := range ps {
		if err := s.WriteParam(ctx, id, p.name, p.value); err != nil {
			return fmt.Errorf("fence uploaded but %s not set, so the autopilot may not enforce it: %w", p.name, err)
		}
	}
	return nil
}

// readLimits restores the fence altitude limits ArduPilot keeps as
// parameters.
func (s *Station) readLimits(ctx context.Context, id gcs.VehicleID, f *mission.Fence) mission.Issues {
	read := func(name string) (float64, bool) {
		v, err := s.ReadParam(ctx, id, name)
		return v, err == nil
	}
	now := s.readFenceNow(ctx, id)
	if !now.known {
		return mission.Issues{{Section: mission.SectionFence, Item: -1, Message: "could not read FENCE_ENABLE/FENCE_TYPE: altitude limits not downloaded", Severity: mission.SeverityWarning}}
	}
	if now.enable == 0 {
		return nil
	}
	if now.typ&fenceTypeMaxAlt != 0 {
		if h, ok := read("FENCE_ALT_MAX"); ok {
			f.Ceiling = &mission.Altitude{M: h, Ref: mission.AltRelative}
		}
	}
	if now.typ&fenceTypeMinAlt != 0 {
		if h, ok := read("FENCE_ALT_MIN"); ok {
			f.Floor = &mission.Altitude{M: h, Ref: mission.AltRelative}
		}
	}
	return nil
}

// clearFenceParams undoes what enforcing a polygon fence needs once the
// fence is gone: without the polygon bit cleared, ArduPilot refuses to arm
// ("Fences enabled, but none selected") when no other type is selected.
// FENCE_ENABLE goes to 0 when no type remains.
func (s *Station) clearFenceParams(ctx context.Context, id gcs.VehicleID) (mission.Issues, error) {
	now := s.readFenceNow(ctx, id)
	info := func(format string, args ...any) mission.Issue {
		return mission.Issue{Section: mission.SectionFence, Item: -1, Message: fmt.Sprintf(format, args...), Severity: mission.SeverityInfo}
	}
	if !now.known {
		return mission.Issues{{Section: mission.SectionFence, Item: -1, Severity: mission.SeverityWarning,
			Message: "could not read FENCE_TYPE/FENCE_ENABLE: check them on the vehicle, it may refuse to arm with a polygon fence selected and none loaded"}}, nil
	}
	var issues mission.Issues
	if now.typ&fenceTypePolygon != 0 {
		typ := now.typ &^ fenceTypePolygon
		if err := s.WriteParam(ctx, id, "FENCE_TYPE", float64(typ)); err != nil {
			return issues, fmt.Errorf("fence cleared but FENCE_TYPE not reset, so the vehicle may refuse to arm: %w", err)
		}
		issues = append(issues, info("sets FENCE_TYPE = %d (%s); it was %d (%s)", typ, fenceTypeWords(typ), now.typ, fenceTypeWords(now.typ)))
		now.typ = typ
	}
	if now.typ == 0 && now.enable != 0 {
		if err := s.WriteParam(ctx, id, "FENCE_ENABLE", 0); err != nil {
			return issues, fmt.Errorf("fence cleared but FENCE_ENABLE not reset, so the vehicle may refuse to arm: %w", err)
		}
		issues = append(issues, info("sets FENCE_ENABLE = 0: no fence type is left to enforce"))
	}
	return issues, nil
}
