package telemetry

import (
	"context"
	"fmt"
	"math"
	"sync"

	"skerry/gcs"
	"skerry/mission"
)

// fenceMemory remembers, per vehicle, the fence parameters the station's
// last upload wrote and what they held before, so that clearing the fence
// restores them. It lives as long as the station (a restarted station
// falls back to deselecting the polygon, see clearFenceParams). Plan
// transfers run on callers' goroutines, so a mutex guards it.
type fenceMemory struct {
	mu sync.Mutex
	m  map[gcs.VehicleID]fenceChange
}

// fenceChange is what one upload wrote: parameter → value written, and
// the value before (NaN when unread).
type fenceChange struct {
	wrote, before map[string]float64
}

func (fm *fenceMemory) remember(id gcs.VehicleID, vf gcs.VehicleFence) {
	c := fenceChange{wrote: map[string]float64{}, before: map[string]float64{}}
	for _, ch := range vf.Changes {
		c.wrote[ch.Name], c.before[ch.Name] = ch.To, math.NaN()
		if ch.From != nil {
			c.before[ch.Name] = *ch.From
		}
	}
	fm.mu.Lock()
	defer fm.mu.Unlock()
	if fm.m == nil {
		fm.m = map[gcs.VehicleID]fenceChange{}
	}
	if old, ok := fm.m[id]; ok { // an earlier upload's "before" is the one to go back to
		for name, v := range old.before {
			if _, again := c.wrote[name]; again {
				c.before[name] = v
			} else {
				c.wrote[name], c.before[name] = old.wrote[name], v
			}
		}
	}
	fm.m[id] = c
}

func (fm *fenceMemory) take(id gcs.VehicleID) (fenceChange, bool) {
	fm.mu.Lock()
	defer fm.mu.Unlock()
	c, ok := fm.m[id]
	delete(fm.m, id)
	return c, ok
}

// fenceParamNames are read before an upload, in this order.
var fenceParamNames = []string{"FENCE_ENABLE", "FENCE_TYPE", "FENCE_RADIUS", "FENCE_ALT_MAX", "FENCE_ALT_MIN"}

// readFenceNow reads the fence parameters; known is false when
// FENCE_ENABLE or FENCE_TYPE cannot be read, and an unread limit is NaN.
func (s *Station) readFenceNow(ctx context.Context, id gcs.VehicleID) fenceNow {
	now := unreadLimits(fenceNow{})
	for _, name := range fenceParamNames {
		v, err := s.ReadParam(ctx, id, name)
		switch {
		case err != nil && (name == "FENCE_ENABLE" || name == "FENCE_TYPE"):
			return unreadLimits(fenceNow{})
		case err != nil:
			continue
		}
		now = now.with(name, v)
	}
	now.known = true
	return now
}

// PlanFence tells what v will enforce once plan is on it besides the
// plan's fence, and the settings the upload changes (gcs.PlanLink); for
// autopilots whose fence limits the station does not set, nothing, and
// the issues say so.
func (s *Station) PlanFence(ctx context.Context, v gcs.Vehicle, plan *mission.Plan) (gcs.VehicleFence, mission.Issues, error) {
	if !isArduPilot(v) {
		var issues mission.Issues
		if f := plan.Fence; f.Floor != nil || f.Ceiling != nil || f.Radius != nil {
			issues = append(issues, mission.Issue{Section: mission.SectionFence, Item: -1, Field: "ceiling", Severity: mission.SeverityWarning,
				Message: fmt.Sprintf("fence altitude and radius limits are not uploaded to %s autopilots: set them on the vehicle", v.Autopilot)})
		}
		return gcs.VehicleFence{Changes: []gcs.SettingChange{}}, issues, nil
	}
	return planFence(v, plan.Fence, s.readFenceNow(ctx, v.ID))
}

// writeFence writes the settings PlanFence said an upload changes — what
// the pilot was shown — and remembers them for a clear to restore.
func (s *Station) writeFence(ctx context.Context, id gcs.VehicleID, vf gcs.VehicleFence) error {
	if len(vf.Changes) == 0 {
		return nil
	}
	s.fenceMem.remember(id, vf)
	for _, ch := range vf.Changes {
		if err := s.WriteParam(ctx, id, ch.Name, ch.To); err != nil {
			return fmt.Errorf("fence uploaded but %s not set, so the autopilot may not enforce it: %w", ch.Name, err)
		}
	}
	return nil
}

// readLimits restores the fence limits ArduPilot keeps as parameters.
func (s *Station) readLimits(ctx context.Context, id gcs.VehicleID, f *mission.Fence) mission.Issues {
	now := s.readFenceNow(ctx, id)
	if !now.known {
		return mission.Issues{{Section: mission.SectionFence, Item: -1, Message: "could not read FENCE_ENABLE/FENCE_TYPE: altitude limits and radius not downloaded", Severity: mission.SeverityWarning}}
	}
	if now.enable == 0 {
		return nil
	}
	rel := func(m float64) *mission.Altitude { return &mission.Altitude{M: m, Ref: mission.AltRelative} }
	if now.typ&fenceTypeMaxAlt != 0 && !math.IsNaN(now.altMax) {
		f.Ceiling = rel(now.altMax)
	}
	if now.typ&fenceTypeMinAlt != 0 && !math.IsNaN(now.altMin) {
		f.Floor = rel(now.altMin)
	}
	if now.typ&fenceTypeCircle != 0 && !math.IsNaN(now.radius) {
		r := now.radius
		f.Radius = &r
	}
	return nil
}
