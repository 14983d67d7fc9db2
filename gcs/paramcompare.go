package gcs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// ParamDiff is one parameter on which a file and a vehicle differ. File is
// nil for a parameter only the vehicle has, Vehicle nil for one the
// vehicle does not have.
type ParamDiff struct {
	Name    string    `json:"name"`
	File    *float64  `json:"file"`
	Vehicle *float64  `json:"vehicle"`
	Type    ParamType `json:"type,omitempty"`
}

// ParamComparison is a file's values against a vehicle's table, each list
// sorted by name.
type ParamComparison struct {
	Changed     []ParamDiff `json:"changed"`
	Missing     []ParamDiff `json:"missing"`      // in the file, not on the vehicle
	OnlyVehicle []ParamDiff `json:"only_vehicle"` // on the vehicle, not in the file
	Same        int         `json:"same"`
	ReadAt      time.Time   `json:"read_at"` // when the vehicle's table was read
}

// SameParamValue reports whether two values are the same parameter value:
// equal as the float32 a vehicle keeps, or within a millionth (files
// written by other stations round to 6 or 7 digits).
func SameParamValue(a, b float64) bool {
	if float32(a) == float32(b) {
		return true
	}
	return math.Abs(a-b) <= 1e-6*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// CompareParams compares values by name with a vehicle's table.
func CompareParams(t ParamTable, values map[string]float64) ParamComparison {
	c := ParamComparison{Changed: []ParamDiff{}, Missing: []ParamDiff{}, OnlyVehicle: []ParamDiff{}, ReadAt: t.ReadAt}
	onVehicle := make(map[string]bool, len(t.Params))
	for _, prm := range t.Params {
		onVehicle[prm.Name] = true
		fv, inFile := values[prm.Name]
		vv := prm.Value
		switch {
		case !inFile:
			c.OnlyVehicle = append(c.OnlyVehicle, ParamDiff{Name: prm.Name, Vehicle: &vv, Type: prm.Type})
		case SameParamValue(fv, vv):
			c.Same++
		default:
			c.Changed = append(c.Changed, ParamDiff{Name: prm.Name, File: &fv, Vehicle: &vv, Type: prm.Type})
		}
	}
	for name, fv := range values {
		if !onVehicle[name] {
			c.Missing = append(c.Missing, ParamDiff{Name: name, File: &fv})
		}
	}
	for _, l := range [][]ParamDiff{c.Changed, c.Missing, c.OnlyVehicle} {
		sort.Slice(l, func(i, j int) bool { return l[i].Name < l[j].Name })
	}
	return c
}

// Compare compares values by name with vehicle id's whole table, which
// must have been read (ErrParamsNotRead otherwise).
func (p *Parameters) Compare(ctx context.Context, id VehicleID, values map[string]float64) (ParamComparison, error) {
	t, err := p.List(ctx, id, "")
	if err != nil {
		return ParamComparison{}, err
	}
	if !t.Complete() {
		return ParamComparison{}, fmt.Errorf("%w: read them first (refresh)", ErrParamsNotRead)
	}
	return CompareParams(t, values), nil
}

// Statuses of one parameter of a load.
const (
	LoadWouldSet     = "would_set"      // dry run: checked, would be written
	LoadSet          = "set"            // written, the vehicle keeps the file's value
	LoadKeptOther    = "kept_other"     // written, the vehicle keeps another value
	LoadRefused      = "refused"        // outside the parameter's limits: not written
	LoadFailed       = "failed"         // the write failed (no answer, link lost)
	LoadNotOnVehicle = "not_on_vehicle" // the vehicle has no such parameter
)

// ParamChange is what a load does with one parameter that differs.
type ParamChange struct {
	Name    string    `json:"name"`
	Type    ParamType `json:"type,omitempty"`
	Vehicle *float64  `json:"vehicle"` // the value before, nil when the vehicle has none
	File    float64   `json:"file"`
	Status  string    `json:"status"`
	Kept    *float64  `json:"kept,omitempty"` // after a write: the value the vehicle keeps
	Error   string    `json:"error,omitempty"`
	// Confirm is true for a change the confirmation rule covers.
	Confirm bool `json:"confirm,omitempty"`
}

// ParamLoadReport is a load's outcome, one change per differing parameter.
type ParamLoadReport struct {
	Vehicle     VehicleID     `json:"vehicle"`
	Applied     bool          `json:"applied"`
	Changes     []ParamChange `json:"changes"`
	Same        int           `json:"same"`
	OnlyVehicle int           `json:"only_vehicle"`
	Set         int           `json:"set"`
	Refused     int           `json:"refused"`
	Failed      int           `json:"failed"`
	// Confirm is the confirmation applying needs (the vehicle's id), ""
	// when none; ConfirmWhy says why.
	Confirm    string `json:"confirm_required,omitempty"`
	ConfirmWhy string `json:"confirm_why,omitempty"`
}

// Load sets vehicle id's parameters to values where they differ, each
// checked as Set checks it. Without apply it is a dry run: the report says
// what would be written and what refused, and what confirmation applying
// needs. With apply, a confirmation the rule asks for and confirm does not
// give refuses the whole load (a *ConfirmRequiredError, nothing written);
// otherwise every checked change is written and read back. Parameters the
// vehicle does not have are reported, never created.
func (p *Parameters) Load(ctx context.Context, id VehicleID, values map[string]float64, apply bool, confirm string) (ParamLoadReport, error) {
	rep := ParamLoadReport{Vehicle: id, Changes: []ParamChange{}}
	v, err := p.Fleet.Target(id)
	if err != nil {
		return rep, err
	}
	cmp, err := p.Compare(ctx, id, values)
	if err != nil {
		return rep, err
	}
	rep.Same, rep.OnlyVehicle = cmp.Same, len(cmp.OnlyVehicle)
	var writes []string
	for _, d := range cmp.Changed {
		ch := ParamChange{Name: d.Name, Type: d.Type, Vehicle: d.Vehicle, File: *d.File, Status: LoadWouldSet}
		if err := LimitsOf(d.Name, d.Type).Check(d.Name, *d.File); err != nil {
			ch.Status, ch.Error = LoadRefused, err.Error()
			rep.Refused++
		} else {
			writes = append(writes, d.Name)
			ch.Confirm = v.Armed || SafetyParam(d.Name)
		}
		rep.Changes = append(rep.Changes, ch)
	}
	for _, d := range cmp.Missing {
		rep.Changes = append(rep.Changes, ParamChange{Name: d.Name, File: *d.File, Status: LoadNotOnVehicle,
			Error: d.Name + " is not a parameter of " + string(id)})
	}
	sort.Slice(rep.Changes, func(i, j int) bool { return rep.Changes[i].Name < rep.Changes[j].Name })
	rep.Confirm, rep.ConfirmWhy = paramConfirmation(v, writes)
	if !apply {
		return rep, nil
	}
	if !paramConfirmed(confirm, rep.Confirm) {
		return rep, &ConfirmRequiredError{Need: rep.Confirm, Why: rep.ConfirmWhy}
	}
	rep.Applied = true
	p.apply(ctx, &rep)
	p.log().Info("parameters loaded", "vehicle", id, "set", rep.Set, "refused", rep.Refused, "failed", rep.Failed)
	return rep, nil
}

// apply writes every change still to be set, in name order.
func (p *Parameters) apply(ctx context.Context, rep *ParamLoadReport) {
	for i := range rep.Changes {
		ch := &rep.Changes[i]
		if ch.Status != LoadWouldSet {
			continue
		}
		if ctx.Err() != nil {
			ch.Status, ch.Error = LoadFailed, ctx.Err().Error()
			rep.Failed++
			continue
		}
		res, err := p.write(ctx, ParamSetResult{Vehicle: rep.Vehicle, Name: ch.Name, Type: ch.Type, Requested: ch.File, Previous: *ch.Vehicle})
		var rej *RejectedError
		switch {
		case err == nil:
			ch.Status, ch.Kept = LoadSet, &res.Kept
			rep.Set++
		case errors.As(err, &rej):
			ch.Status, ch.Kept, ch.Error = LoadKeptOther, &res.Kept, res.Error
			rep.Failed++
		default:
			ch.Status, ch.Error = LoadFailed, err.Error()
			rep.Failed++
		}
	}
}
