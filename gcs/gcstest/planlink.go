package gcstest

import (
	"context"
	"fmt"
	"sync"

	"skerry/gcs"
	"skerry/mission"
)

// PlanLink is a gcs.PlanLink whose vehicles keep the plans put on them in
// memory. Counts in its reports are the model's: items, fence zones and
// rally points (an autopilot's link counts its own wire items).
type PlanLink struct {
	// Fail, if set, is returned by every transfer to or from a vehicle.
	Fail func(gcs.VehicleID) error
	// Kept is what PlanFence says every vehicle keeps besides a plan's
	// fence (zero: nothing).
	Kept gcs.VehicleFence

	mu     sync.Mutex
	plans  map[gcs.VehicleID]*mission.Plan
	writes map[gcs.VehicleID]int
}

var _ gcs.PlanLink = (*PlanLink)(nil)

func (l *PlanLink) fail(id gcs.VehicleID) error {
	if l.Fail != nil {
		return l.Fail(id)
	}
	return nil
}

// WritePlan stores a copy of plan on v.
func (l *PlanLink) WritePlan(_ context.Context, v gcs.Vehicle, plan *mission.Plan, _ gcs.VehicleFence, progress gcs.Progress) (gcs.PlanReport, error) {
	if err := l.fail(v.ID); err != nil {
		return gcs.PlanReport{}, err
	}
	p := clonePlan(plan)
	l.mu.Lock()
	if l.plans == nil {
		l.plans, l.writes = map[gcs.VehicleID]*mission.Plan{}, map[gcs.VehicleID]int{}
	}
	l.plans[v.ID] = p
	l.writes[v.ID]++
	l.mu.Unlock()
	rep := report(p)
	if progress != nil {
		progress(mission.PartMission, rep.Mission, rep.Mission)
		progress(mission.PartFence, rep.Fence, rep.Fence)
		progress(mission.PartRally, rep.Rally, rep.Rally)
	}
	return rep, nil
}

// PlanFence answers Kept.
func (l *PlanLink) PlanFence(_ context.Context, v gcs.Vehicle, _ *mission.Plan) (gcs.VehicleFence, mission.Issues, error) {
	if err := l.fail(v.ID); err != nil {
		return gcs.VehicleFence{}, nil, err
	}
	return l.Kept, nil, nil
}

// ReadPlan returns a copy of the plan on v (an empty plan when none).
func (l *PlanLink) ReadPlan(_ context.Context, v gcs.Vehicle, _ gcs.Progress) (*mission.Plan, gcs.PlanReport, error) {
	if err := l.fail(v.ID); err != nil {
		return nil, gcs.PlanReport{}, err
	}
	p := l.Plan(v.ID)
	if p == nil {
		p = &mission.Plan{}
	}
	return p, report(p), nil
}

// ClearPlan removes parts of the plan on v.
func (l *PlanLink) ClearPlan(_ context.Context, v gcs.Vehicle, parts []mission.Part) (mission.Issues, error) {
	if err := l.fail(v.ID); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.plans[v.ID]
	if p == nil {
		return nil, nil
	}
	for _, part := range parts {
		switch part {
		case mission.PartMission:
			p.Home, p.Mission = nil, nil
		case mission.PartFence:
			p.Fence = mission.Fence{}
		case mission.PartRally:
			p.Rally = nil
		default:
			return nil, fmt.Errorf("no plan part %q", part)
		}
	}
	return nil, nil
}

// Plan returns a copy of the plan vehicle id holds, nil when none.
func (l *PlanLink) Plan(id gcs.VehicleID) *mission.Plan {
	l.mu.Lock()
	defer l.mu.Unlock()
	if p := l.plans[id]; p != nil {
		return clonePlan(p)
	}
	return nil
}

// Writes counts the plans written to vehicle id.
func (l *PlanLink) Writes(id gcs.VehicleID) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes[id]
}

func report(p *mission.Plan) gcs.PlanReport {
	return gcs.PlanReport{Mission: len(p.Mission), Fence: len(p.Fence.Zones), Rally: len(p.Rally)}
}

// clonePlan copies the slices a plan's holder could change.
func clonePlan(p *mission.Plan) *mission.Plan {
	c := *p
	c.Mission = append([]mission.Item(nil), p.Mission...)
	c.Fence.Zones = append([]mission.Zone(nil), p.Fence.Zones...)
	c.Rally = append([]mission.RallyPoint(nil), p.Rally...)
	return &c
}
