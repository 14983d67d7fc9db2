package gcs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"skerry/mission"
	"skerry/mission/validate"
)

// Missions puts plans on vehicles and reads them back: it checks each plan
// against the operation, hands it to the vehicle's PlanLink, journals the
// upload and gives the fence to the fleet's live watch.
type Missions struct {
	Fleet *Fleet
	Link  PlanLink
	// Operation, if set and holding an operation, is what every upload is
	// checked against: an unlawful plan is refused with its violations.
	Operation *OperationStore
	// Now is the clock of the checks (nil: time.Now).
	Now func() time.Time
	Log *slog.Logger
	// Journal, when set, keeps every upload with its result and the
	// override it went under (kind "upload").
	Journal OrderJournal
}

// Errors of plan handling; callers branch with errors.Is.
var (
	// ErrInvalidPlan: the plan has errors; the report lists them.
	ErrInvalidPlan = errors.New("invalid plan")
	// ErrFenceSemantics: the autopilot would enforce the fence differently
	// from what the plan means.
	ErrFenceSemantics = errors.New("the autopilot would not enforce this fence as planned")
)

// PlanReport says what an upload or download moved and what it noticed.
type PlanReport struct {
	Mission int            `json:"mission"` // MAVLink items moved, home included where the autopilot counts it
	Fence   int            `json:"fence"`
	Rally   int            `json:"rally"`
	Issues  mission.Issues `json:"issues"`
	// Check is the validation against the active operation, when there is
	// one.
	Check *validate.Report `json:"check,omitempty"`
	// Override is the override an unlawful plan was uploaded under, and
	// Overridden the rules it broke.
	Override   *Override `json:"override,omitempty"`
	Overridden []string  `json:"overridden,omitempty"`
}

// Upload puts plan on vehicle id: mission, then fence (with its altitude
// limits and enabled), then rally points. All three are written, so the
// vehicle holds exactly the plan; an empty part clears that part. A
// refusal or a failed transfer is logged with its reason.
func (m *Missions) Upload(ctx context.Context, id VehicleID, plan *mission.Plan, progress Progress) (PlanReport, error) {
	return m.UploadOverride(ctx, id, plan, progress, nil)
}

// UploadOverride is Upload of a plan that may break the operation's rules
// (zones, area, fence, profile) under override o, who and why; it lifts
// nothing else (a plan's errors, a fence the autopilot would enforce
// otherwise, an id two aircraft share). Nil o is Upload.
func (m *Missions) UploadOverride(ctx context.Context, id VehicleID, plan *mission.Plan, progress Progress, o *Override) (PlanReport, error) {
	rep, err := m.upload(ctx, id, plan, progress, o)
	if err != nil {
		m.log().Warn("plan upload failed", "vehicle", id, "err", err)
	}
	rec := OrderRecord{At: m.now(), Vehicle: id, Command: Command{Kind: CmdUpload}, OK: err == nil, Override: rep.Override, Overridden: rep.Overridden}
	if err != nil {
		rec.Error = err.Error()
	}
	record(m.Journal, m.log(), rec)
	return rep, err
}

func (m *Missions) upload(ctx context.Context, id VehicleID, plan *mission.Plan, progress Progress, o *Override) (PlanReport, error) {
	var rep PlanReport
	if o != nil {
		if err := o.Validate(); err != nil {
			return rep, err
		}
	}
	v, err := m.Fleet.Target(id)
	if err != nil {
		return rep, err
	}
	rep.Issues = plan.Validate()
	if rep.Issues.HasErrors() {
		return rep, fmt.Errorf("%w: %w", ErrInvalidPlan, rep.Issues.Err())
	}
	if err := m.check(plan, &v, &rep); err != nil {
		if o == nil || !errors.Is(err, ErrUnlawfulPlan) {
			return rep, err
		}
		rep.Override = o
		for _, e := range rep.Check.Errors() {
			rep.Overridden = append(rep.Overridden, e.Rule+": "+e.Message)
		}
		m.log().Warn("unlawful plan uploaded under override", "vehicle", id, "by", o.By, "reason", o.Reason, "rules", len(rep.Overridden))
	}
	moved, err := m.Link.WritePlan(ctx, v, plan, progress)
	rep.Mission, rep.Fence, rep.Rally = moved.Mission, moved.Fence, moved.Rally
	rep.Issues = append(rep.Issues, moved.Issues...)
	if moved.Fence > 0 || err == nil {
		// The fence is on the vehicle (or the whole plan is): watch it.
		m.Fleet.WatchFence(id, plan.Fence)
	}
	if err != nil {
		return rep, err
	}
	m.log().Info("plan uploaded", "vehicle", id, "mission", rep.Mission, "fence", rep.Fence, "rally", rep.Rally)
	return rep, nil
}

// Download reads the plan on vehicle id: mission, fence (with the
// autopilot's altitude limits where it keeps them) and rally points. The
// fleet then watches the vehicle against that fence.
func (m *Missions) Download(ctx context.Context, id VehicleID, progress Progress) (*mission.Plan, PlanReport, error) {
	v, err := m.Fleet.Target(id)
	if err != nil {
		return nil, PlanReport{}, err
	}
	plan, rep, err := m.Link.ReadPlan(ctx, v, progress)
	if err != nil {
		return nil, rep, err
	}
	m.Fleet.WatchFence(id, plan.Fence)
	return plan, rep, nil
}

// Clear removes the given parts of the plan on vehicle id (all three when
// none are given), with the vehicle settings that enforced them; the issues
// say what the link changed.
func (m *Missions) Clear(ctx context.Context, id VehicleID, parts ...mission.Part) (mission.Issues, error) {
	v, err := m.Fleet.Target(id)
	if err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		parts = mission.Parts
	}
	issues, err := m.Link.ClearPlan(ctx, v, parts)
	if err != nil {
		return issues, err
	}
	for _, p := range parts {
		if p == mission.PartFence {
			m.Fleet.WatchFence(id, mission.Fence{})
		}
	}
	m.log().Info("plan cleared", "vehicle", id, "parts", parts)
	return issues, nil
}

func (m *Missions) log() *slog.Logger {
	if m.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return m.Log
}

// check validates plan against the active operation, if any, for vehicle
// v, as Planning checks it for every front end.
func (m *Missions) check(plan *mission.Plan, v *Vehicle, rep *PlanReport) error {
	if m.Operation == nil {
		return nil
	}
	op := m.Operation.Get()
	if op == nil {
		return nil
	}
	p := Planning{Fleet: m.Fleet, Operation: m.Operation, Now: m.Now}
	r := p.checkAt(op, plan, v, p.now())
	rep.Check = &r
	if !r.Lawful {
		return unlawful(r)
	}
	return nil
}

func (m *Missions) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}
