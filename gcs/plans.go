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
	// ErrFenceCutsRoute: the route leaves a fence the autopilot will
	// enforce (the plan's own, or the one the vehicle keeps), so the
	// vehicle would return or land before the plan's end. No override
	// lifts it: it is what the vehicle does, not a rule.
	ErrFenceCutsRoute = errors.New("a fence the vehicle enforces would stop the plan")
)

// PlanReport says what an upload or download moved and what it noticed.
type PlanReport struct {
	Mission int            `json:"mission"` // MAVLink items moved, home included where the autopilot counts it
	Fence   int            `json:"fence"`
	Rally   int            `json:"rally"`
	Issues  mission.Issues `json:"issues"`
	// Check is the validation against the active operation, when there is
	// one (without one: the check of the fences alone, when it fails).
	Check *validate.Report `json:"check,omitempty"`
	// VehicleFence is what the vehicle enforces besides the plan's fence
	// and the settings the upload changes (nil for a download).
	VehicleFence *VehicleFence `json:"vehicle_fence,omitempty"`
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

// Preview says what uploading plan to vehicle id would do, without
// writing anything: the check, what the vehicle keeps enforcing besides
// the plan's fence, the settings the upload would change, and the refusal
// with its reason when the upload would be refused (under override o,
// when given).
func (m *Missions) Preview(ctx context.Context, id VehicleID, plan *mission.Plan, o *Override) (PlanReport, error) {
	_, rep, err := m.prepare(ctx, id, plan, o)
	return rep, err
}

// prepare runs everything an upload does before writing: the plan's own
// checks, what the vehicle will enforce, the law and the fences.
func (m *Missions) prepare(ctx context.Context, id VehicleID, plan *mission.Plan, o *Override) (Vehicle, PlanReport, error) {
	var rep PlanReport
	if o != nil {
		if err := o.Validate(); err != nil {
			return Vehicle{}, rep, err
		}
	}
	v, err := m.Fleet.Target(id)
	if err != nil {
		return v, rep, err
	}
	rep.Issues = plan.Validate()
	if rep.Issues.HasErrors() {
		return v, rep, fmt.Errorf("%w: %w", ErrInvalidPlan, rep.Issues.Err())
	}
	vf, issues, err := m.Link.PlanFence(ctx, v, plan)
	rep.Issues = append(rep.Issues, issues...)
	if err != nil {
		return v, rep, err
	}
	rep.VehicleFence = &vf
	if err := m.check(plan, &v, vf.Besides(plan.Fence), &rep); err != nil {
		if o == nil || !errors.Is(err, ErrUnlawfulPlan) || errors.Is(err, ErrFenceCutsRoute) {
			return v, rep, err // an override lifts the operation's rules, not what the vehicle will do
		}
		rep.Override = o
		for _, e := range rep.Check.Errors() {
			rep.Overridden = append(rep.Overridden, e.Rule+": "+e.Message)
		}
	}
	return v, rep, nil
}

func (m *Missions) upload(ctx context.Context, id VehicleID, plan *mission.Plan, progress Progress, o *Override) (PlanReport, error) {
	v, rep, err := m.prepare(ctx, id, plan, o)
	if err != nil {
		return rep, err
	}
	if rep.Override != nil {
		m.log().Warn("unlawful plan uploaded under override", "vehicle", id, "by", o.By, "reason", o.Reason, "rules", len(rep.Overridden))
	}
	vf := *rep.VehicleFence
	moved, err := m.Link.WritePlan(ctx, v, plan, vf, progress)
	rep.Mission, rep.Fence, rep.Rally = moved.Mission, moved.Fence, moved.Rally
	rep.Issues = append(rep.Issues, moved.Issues...)
	if moved.Fence > 0 || err == nil {
		// The fence is on the vehicle (or the whole plan is): watch it,
		// with the limits the vehicle keeps.
		m.Fleet.WatchFence(id, vf.Enforced(plan.Fence))
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

// check validates plan for vehicle v, as Planning checks it for every
// front end, against the active operation, if any, and the fence the
// vehicle keeps; without an operation, against the fences alone.
func (m *Missions) check(plan *mission.Plan, v *Vehicle, kept mission.Fence, rep *PlanReport) error {
	var op *Operation
	if m.Operation != nil {
		op = m.Operation.Get()
	}
	var r validate.Report
	if op != nil {
		p := Planning{Fleet: m.Fleet, Operation: m.Operation, Now: m.Now}
		r = p.checkAt(op, plan, v, p.now(), kept)
		rep.Check = &r
	} else if r = fencesOnly(plan, v, kept); !r.Lawful {
		rep.Check = &r
	}
	if r.Lawful {
		return nil
	}
	cut := fenceErrors(r)
	switch {
	case len(cut) == 0:
		return unlawful(r)
	case len(cut) == len(r.Errors()):
		return fmt.Errorf("%w: %s%s", ErrFenceCutsRoute, cut[0].String(), fenceHint(cut[0]))
	}
	return fmt.Errorf("%w, and %w: %s%s", unlawful(r), ErrFenceCutsRoute, cut[0].String(), fenceHint(cut[0]))
}

// fenceHint says how to get past a limit the vehicle keeps.
func fenceHint(v validate.Violation) string {
	if v.Rule != validate.RuleVehicleFence {
		return ""
	}
	return "; give the plan its own fence radius or ceiling (a plan file's fence_radius, or fence_radius= on upload), or change the vehicle's"
}

// fencesOnly checks plan's route for vehicle v against its own fence and
// the one the vehicle keeps, when no operation applies.
func fencesOnly(plan *mission.Plan, v *Vehicle, kept mission.Fence) validate.Report {
	vop := validate.Operation{VehicleFence: kept}
	note := flownFrom(&vop, v, plan)
	r := validate.CheckFences(plan, vop)
	r.Violations = append([]validate.Violation{note}, r.Violations...)
	return r
}

// fenceErrors are the errors of r that an autopilot's fence causes.
func fenceErrors(r validate.Report) []validate.Violation {
	var out []validate.Violation
	for _, e := range r.Errors() {
		if e.Rule == validate.RuleFence || e.Rule == validate.RuleVehicleFence {
			out = append(out, e)
		}
	}
	return out
}

func (m *Missions) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}
