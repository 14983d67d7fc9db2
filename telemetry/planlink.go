package telemetry

import (
	"context"
	"fmt"

	"skerry/gcs"
	"skerry/mission"
	"skerry/mission/mavlink"
)

// The station is the fleet's gcs.PlanLink: it encodes plans into MAVLink
// mission items in each autopilot's convention, moves them with the
// mission protocol and sets the fence parameters ArduPilot enforces them by.
var _ gcs.PlanLink = (*Station)(nil)

// missionTypes maps the parts of a plan to MAV_MISSION_TYPE.
var missionTypes = map[mission.Part]mavlink.MissionType{
	mission.PartMission: mavlink.TypeMission,
	mission.PartFence:   mavlink.TypeFence,
	mission.PartRally:   mavlink.TypeRally,
}

func isArduPilot(v gcs.Vehicle) bool { return v.Autopilot == "ardupilot" }

// itemOptions is the autopilot's numbering: ArduPilot keeps home at seq 0.
func itemOptions(v gcs.Vehicle) mavlink.MissionOptions {
	if isArduPilot(v) {
		return mavlink.ArduPilot
	}
	return mavlink.PX4
}

// WritePlan puts plan on v: mission, then fence with the settings of
// vf (PlanFence's answer) that make ArduPilot enforce it, then rally
// points (gcs.PlanLink).
func (s *Station) WritePlan(ctx context.Context, v gcs.Vehicle, plan *mission.Plan, vf gcs.VehicleFence, progress gcs.Progress) (gcs.PlanReport, error) {
	var rep gcs.PlanReport
	home := plan.Home
	if home == nil && v.Home != nil {
		h := mission.At(v.Home.Lat, v.Home.Lon, mission.Altitude{M: v.Home.AltAMSL, Ref: mission.AltAMSL})
		home = &h
	}
	items, issues := mavlink.MissionItems(home, plan.Mission, itemOptions(v))
	rep.Issues = append(rep.Issues, issues...)
	fence, issues := mavlink.FenceItems(plan.Fence)
	rep.Issues = append(rep.Issues, dropLimitWarnings(issues, isArduPilot(v))...)
	rally, issues := mavlink.RallyItems(plan.Rally)
	rep.Issues = append(rep.Issues, issues...)

	if err := s.uploadPart(ctx, v.ID, mission.PartMission, items, progress); err != nil {
		return rep, err
	}
	rep.Mission = len(items)
	if err := s.uploadPart(ctx, v.ID, mission.PartFence, fence, progress); err != nil {
		return rep, err
	}
	rep.Fence = len(fence)
	if err := s.writeFence(ctx, v.ID, vf); err != nil {
		return rep, err
	}
	if err := s.uploadPart(ctx, v.ID, mission.PartRally, rally, progress); err != nil {
		return rep, err
	}
	rep.Rally = len(rally)
	return rep, nil
}

func partProgress(part mission.Part, progress gcs.Progress) func(done, total int) {
	if progress == nil {
		return nil
	}
	return func(done, total int) { progress(part, done, total) }
}

func (s *Station) uploadPart(ctx context.Context, id gcs.VehicleID, part mission.Part, items []mavlink.MAVItem, progress gcs.Progress) error {
	return s.Upload(ctx, id, missionTypes[part], items, partProgress(part, progress))
}

// ReadPlan reads the plan on v: mission, fence (with ArduPilot's altitude
// limits, which it keeps as parameters) and rally points (gcs.PlanLink).
func (s *Station) ReadPlan(ctx context.Context, v gcs.Vehicle, progress gcs.Progress) (*mission.Plan, gcs.PlanReport, error) {
	var rep gcs.PlanReport
	lists := map[mission.Part][]mavlink.MAVItem{}
	for _, part := range mission.Parts {
		items, err := s.Download(ctx, v.ID, missionTypes[part], partProgress(part, progress))
		if err != nil {
			return nil, rep, err
		}
		lists[part] = items
	}
	rep.Mission, rep.Fence, rep.Rally = len(lists[mission.PartMission]), len(lists[mission.PartFence]), len(lists[mission.PartRally])
	plan := &mission.Plan{Firmware: firmwareNumber(v.Autopilot), VehicleType: vehicleTypeNumber(v.Type)}
	var issues mission.Issues
	plan.Home, plan.Mission, issues = mavlink.DecodeMission(lists[mission.PartMission], itemOptions(v))
	rep.Issues = append(rep.Issues, issues...)
	plan.Fence, issues = mavlink.DecodeFence(lists[mission.PartFence])
	rep.Issues = append(rep.Issues, issues...)
	plan.Rally, issues = mavlink.DecodeRally(lists[mission.PartRally])
	rep.Issues = append(rep.Issues, issues...)
	if isArduPilot(v) {
		rep.Issues = append(rep.Issues, s.readLimits(ctx, v.ID, &plan.Fence)...)
	}
	return plan, rep, nil
}

// ClearPlan removes parts from v; clearing ArduPilot's fence also deselects
// the polygon fence type, so that the vehicle can still arm (gcs.PlanLink).
func (s *Station) ClearPlan(ctx context.Context, v gcs.Vehicle, parts []mission.Part) (mission.Issues, error) {
	var issues mission.Issues
	for _, p := range parts {
		t, ok := missionTypes[p]
		if !ok {
			return issues, fmt.Errorf("no plan part %q", p)
		}
		if err := s.Clear(ctx, v.ID, t); err != nil {
			return issues, err
		}
		if p == mission.PartFence && isArduPilot(v) {
			is, err := s.clearFenceParams(ctx, v.ID)
			issues = append(issues, is...)
			if err != nil {
				return issues, err
			}
		}
	}
	return issues, nil
}

// firmwareNumber is the MAV_AUTOPILOT a plan file records.
func firmwareNumber(autopilot string) int {
	switch autopilot {
	case "ardupilot":
		return mission.FirmwareArduPilot
	case "px4":
		return mission.FirmwarePX4
	}
	return mission.FirmwareGeneric
}

// vehicleTypeNumber is the MAV_TYPE a plan file records.
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
