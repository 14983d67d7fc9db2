package gcs

import (
	"context"

	"skerry/mission"
)

// PlanLink carries whole plans to and from a vehicle in its autopilot's own
// terms: how items are numbered and encoded, where home sits, which fence
// limits travel as parameters and which fence settings of the vehicle are
// kept. The MAVLink adapter (telemetry) implements it; gcs hands it a
// checked *mission.Plan and gets plans back, and knows nothing of the wire.
type PlanLink interface {
	// WritePlan puts plan on vehicle v: mission, fence and rally points,
	// all three, so the vehicle then holds exactly the plan. The report
	// counts what moved and lists what the link noticed, such as the
	// vehicle settings it changed. A plan the autopilot would enforce
	// differently from what it means is refused (ErrFenceSemantics)
	// before anything is sent.
	// The vehicle settings it writes are vf's (PlanFence's answer, which
	// the pilot may have been shown), not worked out again.
	WritePlan(ctx context.Context, v Vehicle, plan *mission.Plan, vf VehicleFence, progress Progress) (PlanReport, error)
	// PlanFence tells, before anything is written, what vehicle v will
	// enforce once plan is on it besides the plan's fence, and the
	// settings WritePlan would change; the issues say what it could not
	// find out. It refuses (ErrFenceSemantics) what WritePlan would.
	PlanFence(ctx context.Context, v Vehicle, plan *mission.Plan) (VehicleFence, mission.Issues, error)
	// ReadPlan reads the plan on vehicle v.
	ReadPlan(ctx context.Context, v Vehicle, progress Progress) (*mission.Plan, PlanReport, error)
	// ClearPlan removes parts of the plan on v and undoes the vehicle
	// settings that enforced them, so that the vehicle can still arm.
	ClearPlan(ctx context.Context, v Vehicle, parts []mission.Part) (mission.Issues, error)
}

// Progress is told how a transfer advances.
type Progress func(part mission.Part, done, total int)
