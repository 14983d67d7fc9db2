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

// Missions puts plans on vehicles and reads them back: mission, fence and
// rally points through a Transfer, fence altitude limits as the autopilot's
// parameters, and the fence handed to the fleet's live watch.
type Missions struct {
	Fleet    *Fleet
	Transfer Transfer
	// Params writes the fence parameters (FENCE_ENABLE, FENCE_TYPE, ...).
	Params Uplink
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

// Progress is told how a transfer advances.
type Progress func(kind mission.MissionType, done, total int)

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
	if err := m.check(id, plan, &v, &rep); err != nil {
		if o == nil || !errors.Is(err, ErrUnlawfulPlan) {
			return rep, err
		}
		rep.Override = o
		for _, e := range rep.Check.Errors() {
			rep.Overridden = append(rep.Overridden, e.Rule+": "+e.Message)
		}
		m.log().Warn("unlawful plan uploaded under override", "vehicle", id, "by", o.By, "reason", o.Reason, "rules", len(rep.Overridden))
	}
	ap := v.Autopilot == "ardupilot"
	limits, issues, err := fenceLimits(v, plan.Fence, ap)
	rep.Issues = append(rep.Issues, issues...)
	if err != nil {
		return rep, err
	}
	home := plan.Home
	if home == nil && v.Home != nil {
		h := mission.At(v.Home.Lat, v.Home.Lon, mission.Altitude{M: v.Home.AltAMSL, Ref: mission.AltAMSL})
		home = &h
	}
	opts := mission.PX4
	if ap {
		opts = mission.ArduPilot
	}
	items, issues := mission.MissionItems(home, plan.Mission, opts)
	rep.Issues = append(rep.Issues, issues...)
	fence, issues := mission.FenceItems(plan.Fence)
	rep.Issues = append(rep.Issues, dropAltWarnings(issues, limits != nil)...)
	rally, issues := mission.RallyItems(plan.Rally)
	rep.Issues = append(rep.Issues, issues...)

	if err := m.send(ctx, id, mission.TypeMission, items, progress); err != nil {
		return rep, err
	}
	rep.Mission = len(items)
	if err := m.send(ctx, id, mission.TypeFence, fence, progress); err != nil {
		return rep, err
	}
	rep.Fence = len(fence)
	m.Fleet.WatchFence(id, plan.Fence)
	if err := m.writeLimits(ctx, id, limits); err != nil {
		return rep, err
	}
	if err := m.send(ctx, id, mission.TypeRally, rally, progress); err != nil {
		return rep, err
	}
	rep.Rally = len(rally)
	m.log().Info("plan uploaded", "vehicle", id, "mission", rep.Mission, "fence", rep.Fence, "rally", rep.Rally)
	return rep, nil
}

func (m *Missions) send(ctx context.Context, id VehicleID, kind mission.MissionType, items []mission.MAVItem, progress Progress) error {
	var p func(done, total int)
	if progress != nil {
		p = func(done, total int) { progress(kind, done, total) }
	}
	return m.Transfer.Upload(ctx, id, kind, items, p)
}

// Download reads the plan on vehicle id: mission, fence (with the
// autopilot's altitude limits where it keeps them) and rally points. The
// fleet then watches the vehicle against that fence.
func (m *Missions) Download(ctx context.Context, id VehicleID, progress Progress) (*mission.Plan, PlanReport, error) {
	var rep PlanReport
	v, err := m.Fleet.Target(id)
	if err != nil {
		return nil, rep, err
	}
	lists := map[mission.MissionType][]mission.MAVItem{}
	for _, kind := range []mission.MissionType{mission.TypeMission, mission.TypeFence, mission.TypeRally} {
		var p func(done, total int)
		if progress != nil {
			p = func(done, total int) { progress(kind, done, total) }
		}
		items, err := m.Transfer.Download(ctx, id, kind, p)
		if err != nil {
			return nil, rep, err
		}
		lists[kind] = items
	}
	rep.Mission, rep.Fence, rep.Rally = len(lists[mission.TypeMission]), len(lists[mission.TypeFence]), len(lists[mission.TypeRally])
	opts := mission.PX4
	if v.Autopilot == "ardupilot" {
		opts = mission.ArduPilot
	}
	plan := &mission.Plan{Firmware: firmwareNumber(v.Autopilot), VehicleType: vehicleTypeNumber(v.Type)}
	var issues mission.Issues
	plan.Home, plan.Mission, issues = mission.DecodeMission(lists[mission.TypeMission], opts)
	rep.Issues = append(rep.Issues, issues...)
	plan.Fence, issues = mission.DecodeFence(lists[mission.TypeFence])
	rep.Issues = append(rep.Issues, issues...)
	plan.Rally, issues = mission.DecodeRally(lists[mission.TypeRally])
	rep.Issues = append(rep.Issues, issues...)
	if v.Autopilot == "ardupilot" {
		rep.Issues = append(rep.Issues, m.readLimits(ctx, id, &plan.Fence)...)
	}
	m.Fleet.WatchFence(id, plan.Fence)
	return plan, rep, nil
}

// Clear removes the given kinds of plan from vehicle id (all three when
// none are given).
func (m *Missions) Clear(ctx context.Context, id VehicleID, kinds ...mission.MissionType) error {
	if _, err := m.Fleet.Target(id); err != nil {
		return err
	}
	if len(kinds) == 0 {
		kinds = []mission.MissionType{mission.TypeMission, mission.TypeFence, mission.TypeRally}
	}
	for _, k := range kinds {
		if err := m.Transfer.Clear(ctx, id, k); err != nil {
			return err
		}
		if k == mission.TypeFence {
			m.Fleet.WatchFence(id, mission.Fence{})
		}
	}
	return nil
}

func (m *Missions) log() *slog.Logger {
	if m.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return m.Log
}

func firmwareNumber(autopilot string) int {
	switch autopilot {
	case "ardupilot":
		return mission.FirmwareArduPilot
	case "px4":
		return mission.FirmwarePX4
	}
	return mission.FirmwareGeneric
}

func vehicleTypeNumber(t string) int {
	switch t {
	case "quadrotor":
		return mission.VehicleQuadrotor
	case "fixed_wing":
		return mission.VehicleFixedWing
	case "hexarotor":
		return mission.VehicleHexarotor
	case "octorotor":
		return mission.VehicleOctorotor
	}
	return 0
}

// check validates plan against the active operation, if any.
func (m *Missions) check(id VehicleID, plan *mission.Plan, v *Vehicle, rep *PlanReport) error {
	if m.Operation == nil {
		return nil
	}
	op := m.Operation.Get()
	if op == nil {
		return nil
	}
	flying := m.Fleet.FlyingBesides(id)
	r := op.Check(plan, v, flying, m.now())
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
