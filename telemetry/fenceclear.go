package telemetry

import (
	"context"
	"fmt"
	"math"

	"skerry/gcs"
	"skerry/mission"
)

// restoreOrder is the order a clear restores fence parameters in: the
// limits, then the types, then whether the fence is on.
var restoreOrder = []string{"FENCE_ALT_MAX", "FENCE_ALT_MIN", "FENCE_RADIUS", "FENCE_TYPE", "FENCE_ENABLE"}

// clearFenceParams undoes, once the fence items are gone, what the
// station's upload changed: each parameter it wrote goes back to what it
// held before, unless someone changed it since (then it is left, and the
// pilot told). Whatever happened before, a vehicle whose only fence type
// is the polygon is left with the fence off: with the polygon gone,
// ArduPilot would refuse to arm ("Fences enabled, but none selected").
func (s *Station) clearFenceParams(ctx context.Context, id gcs.VehicleID) (mission.Issues, error) {
	change, remembered := s.fenceMem.take(id)
	now := s.readFenceNow(ctx, id)
	if !now.known {
		return mission.Issues{{Section: mission.SectionFence, Item: -1, Severity: mission.SeverityWarning,
			Message: "could not read FENCE_TYPE/FENCE_ENABLE: check them on the vehicle, it may refuse to arm with a polygon fence selected and none loaded"}}, nil
	}
	var issues mission.Issues
	say := func(sev mission.Severity, format string, args ...any) {
		issues = append(issues, mission.Issue{Section: mission.SectionFence, Item: -1, Severity: sev, Message: fmt.Sprintf(format, args...)})
	}
	write := func(name string, v float64) error {
		if err := s.WriteParam(ctx, id, name, v); err != nil {
			return fmt.Errorf("fence cleared but %s not restored, so the vehicle may refuse to arm: %w", name, err)
		}
		now = now.with(name, v)
		return nil
	}
	if remembered {
		for _, name := range restoreOrder {
			wrote, ok := change.wrote[name]
			if !ok {
				continue
			}
			before, cur := change.before[name], now.value(name)
			switch {
			case math.IsNaN(before):
				say(mission.SeverityWarning, "%s was set by the upload and its value before is unknown: left at %g", name, wrote)
			case cur == nil || !sameParam(*cur, wrote):
				say(mission.SeverityWarning, "%s was changed since the upload: left as it is", name)
			default:
				if err := write(name, before); err != nil {
					return issues, err
				}
				say(mission.SeverityInfo, "restores %s = %g, as before the upload", name, before)
			}
		}
	}
	if now.enable != 0 && now.typ&^fenceTypePolygon == 0 {
		if err := write("FENCE_ENABLE", 0); err != nil {
			return issues, err
		}
		say(mission.SeverityInfo, "sets FENCE_ENABLE = 0: with the polygon gone no fence type is left to enforce")
	}
	return issues, nil
}

// with is n with parameter name set to v.
func (n fenceNow) with(name string, v float64) fenceNow {
	switch name {
	case "FENCE_ENABLE":
		n.enable = int(v)
	case "FENCE_TYPE":
		n.typ = int(v)
	case "FENCE_RADIUS":
		n.radius = v
	case "FENCE_ALT_MAX":
		n.altMax = v
	case "FENCE_ALT_MIN":
		n.altMin = v
	}
	return n
}

// sameParam compares parameter values through float32 round-off.
func sameParam(a, b float64) bool { return math.Abs(a-b) <= 1e-3*math.Max(1, math.Abs(b)) }
