package gcs

import (
	"errors"
	"time"

	"skerry/mission"
	"skerry/mission/validate"
)

// Planning is the one planning use case every front end goes through (the
// HTTP API, the command line, the demo script, the uploads of Missions):
// it checks plans against the active operation — for a vehicle as that
// vehicle would fly them — and runs the planners inside the operation
// (Plan). The same plan gives the same violations from every front end
// because each calls this.
type Planning struct {
	// Fleet, when set, knows the vehicles a plan may be checked for (nil:
	// plans are checked alone, as on the command line).
	Fleet *Fleet
	// Operation holds the active operation; required.
	Operation *OperationStore
	// Now is the clock of the checks: night, zone schedules (nil:
	// time.Now).
	Now func() time.Time
}

// ErrNoOperation: a check or a planner needs an active operation and none
// is set.
var ErrNoOperation = errors.New("no operation is set")

// CheckResult is the check of one plan.
type CheckResult struct {
	// Report lists every violation; its first entry, an info, says where
	// a vehicle's check flew the plan from.
	Report validate.Report
	// Operation is the operation the plan was checked against.
	Operation *Operation
	// Vehicle is the vehicle the plan was checked for, nil when alone.
	Vehicle *Vehicle
	// At is when the check was made (schedules and night are judged
	// then).
	At time.Time
	// Notes say what the check could not do as asked (a vehicle the fleet
	// does not know: checked alone).
	Notes mission.Issues
}

// Check checks plan against the active operation for vehicle id, as its
// upload would be checked: from the vehicle's own home, in its wind, with
// the operation's other vehicles flying. With id "" — or an id the fleet
// does not know, which a note then says — the plan is checked alone: home
// at its first position, no wind. An id two aircraft answer to is refused
// (ErrSysidConflict): neither aircraft's home can stand for it.
func (p *Planning) Check(plan *mission.Plan, id VehicleID) (CheckResult, error) {
	op := p.Operation.Get()
	if op == nil {
		return CheckResult{}, ErrNoOperation
	}
	var res CheckResult
	if id != "" && p.Fleet != nil {
		v, err := p.Fleet.Target(id)
		switch {
		case errors.Is(err, ErrUnknownVehicle):
			res.Notes = append(res.Notes, mission.Issue{Severity: mission.SeverityWarning, Section: mission.SectionMission, Item: -1,
				Message: "unknown vehicle " + string(id) + ": checked without a vehicle (home at the first position, no wind)"})
		case err != nil:
			return CheckResult{}, err
		default:
			res.Vehicle = &v
		}
	}
	res.Operation, res.At = op, p.now()
	res.Report = p.checkAt(op, plan, res.Vehicle, res.At, mission.Fence{})
	return res, nil
}

// checkAt checks plan against op for vehicle v (nil: alone) at time now,
// with the fence the vehicle keeps besides the plan's.
func (p *Planning) checkAt(op *Operation, plan *mission.Plan, v *Vehicle, now time.Time, kept mission.Fence) validate.Report {
	flying := 0
	if v != nil && p.Fleet != nil {
		flying = p.Fleet.FlyingBesides(v.ID)
	}
	return op.checkKept(plan, v, flying, now, kept)
}

func (p *Planning) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// CheckReport is a plan check's findings (mission/validate's report, which
// front ends reach through the core).
type CheckReport = validate.Report
