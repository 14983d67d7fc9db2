package gcs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Parameters is the one way every front end reads and writes vehicles'
// parameters: read all (with progress), list and search, get, set (checked
// against the parameter's type and documented range, confirmed by the
// pilot where the rule in paramconfirm.go asks, read back), compare with a
// file's values and load them. The vehicle's table is kept by the Link;
// Parameters itself holds no state.
type Parameters struct {
	// Fleet resolves vehicles (an id two aircraft share is refused);
	// required.
	Fleet *Fleet
	// Link reads and writes parameters; required.
	Link ParamLink
	// Log receives one line per write; nil discards.
	Log *slog.Logger
	// Timeout bounds one parameter's read or write, retries included
	// (default 15 s).
	Timeout time.Duration
	// Journal, when set, keeps every write with its outcome (kind
	// "param"), as the orders are kept.
	Journal OrderJournal
	// Now is the journal's clock (nil: time.Now).
	Now func() time.Time
}

// ParamInfo is a parameter with what a write of it must respect.
type ParamInfo struct {
	Param
	Limits ParamLimits `json:"limits"`
	// Confirm is the confirmation a write needs now (the vehicle's id),
	// "" when none; ConfirmWhy says why.
	Confirm    string `json:"confirm_required,omitempty"`
	ConfirmWhy string `json:"confirm_why,omitempty"`
}

// ParamSetResult is the outcome of a write: the value asked for and the
// value the vehicle keeps (read back from its answer).
type ParamSetResult struct {
	Vehicle   VehicleID `json:"vehicle"`
	Name      string    `json:"name"`
	Type      ParamType `json:"type"`
	Requested float64   `json:"requested"`
	Previous  float64   `json:"previous"`
	Kept      float64   `json:"kept"`
	// OK is true when the vehicle keeps the value asked for.
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

func (p *Parameters) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Parameters) log() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}

func (p *Parameters) timeout() time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return 15 * time.Second
}

// Refresh reads every parameter of vehicle id (or joins the read under way)
// and returns the table it leaves. progress, if set, hears how the read
// advances, on the caller's goroutine.
func (p *Parameters) Refresh(ctx context.Context, id VehicleID, progress func(ParamProgress)) (ParamTable, error) {
	if _, err := p.Fleet.Target(id); err != nil {
		return ParamTable{}, err
	}
	err := p.Link.ReadAllParams(ctx, id, progress)
	t, terr := p.Link.ParamTable(context.WithoutCancel(ctx), id)
	if err == nil {
		err = terr
	}
	if err != nil {
		p.log().Warn("parameters not all read", "vehicle", id, "received", t.Received, "count", t.Count, "err", err)
	} else {
		p.log().Info("parameters read", "vehicle", id, "count", len(t.Params))
	}
	return t, err
}

// List returns vehicle id's table with only the parameters whose names
// contain query, ignoring case ("" keeps all).
func (p *Parameters) List(ctx context.Context, id VehicleID, query string) (ParamTable, error) {
	if _, err := p.Fleet.Target(id); err != nil {
		return ParamTable{}, err
	}
	t, err := p.Link.ParamTable(ctx, id)
	if err != nil || query == "" {
		return t, err
	}
	q := strings.ToUpper(query)
	kept := make([]Param, 0, len(t.Params))
	for _, prm := range t.Params {
		if strings.Contains(strings.ToUpper(prm.Name), q) {
			kept = append(kept, prm)
		}
	}
	t.Params = kept
	return t, nil
}

// Get reads parameter name from vehicle id, with its limits and the
// confirmation a write would need.
func (p *Parameters) Get(ctx context.Context, id VehicleID, name string) (ParamInfo, error) {
	if err := ValidParamName(name); err != nil {
		return ParamInfo{}, err
	}
	v, err := p.Fleet.Target(id)
	if err != nil {
		return ParamInfo{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout())
	defer cancel()
	prm, err := p.Link.GetParam(ctx, id, name)
	if err != nil {
		return ParamInfo{}, err
	}
	return p.info(v, prm), nil
}

// info adds a parameter's limits and confirmation.
func (p *Parameters) info(v Vehicle, prm Param) ParamInfo {
	need, why := paramConfirmation(v, []string{prm.Name})
	return ParamInfo{Param: prm, Limits: LimitsOf(prm.Name, prm.Type), Confirm: need, ConfirmWhy: why}
}

// known returns parameter name of vehicle id from its table, or reads it.
func (p *Parameters) known(ctx context.Context, id VehicleID, name string) (Param, error) {
	t, err := p.Link.ParamTable(ctx, id)
	if err != nil {
		return Param{}, err
	}
	if prm, ok := t.Lookup(name); ok {
		return prm, nil
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout())
	defer cancel()
	return p.Link.GetParam(ctx, id, name)
}

// Set writes value to parameter name of vehicle id. It refuses a value
// outside the parameter's limits (ErrParamRange, nothing sent), asks for
// the confirmation the rule requires (a *ConfirmRequiredError, nothing
// sent), then writes it and reads back what the vehicle keeps: a vehicle
// keeping another value gives the result with OK false and a
// *RejectedError.
func (p *Parameters) Set(ctx context.Context, id VehicleID, name string, value float64, confirm string) (ParamSetResult, error) {
	res := ParamSetResult{Vehicle: id, Name: name, Requested: value}
	if err := ValidParamName(name); err != nil {
		return res, err
	}
	v, err := p.Fleet.Target(id)
	if err != nil {
		return res, err
	}
	prm, err := p.known(ctx, id, name)
	if err != nil {
		return res, err
	}
	res.Type, res.Previous, res.Kept = prm.Type, prm.Value, prm.Value
	if err := LimitsOf(name, prm.Type).Check(name, value); err != nil {
		return res, err
	}
	if need, why := paramConfirmation(v, []string{name}); !paramConfirmed(confirm, need) {
		return res, &ConfirmRequiredError{Need: need, Why: why}
	}
	return p.write(ctx, res)
}

// write sends one checked, confirmed value and reads back the kept one.
func (p *Parameters) write(ctx context.Context, res ParamSetResult) (ParamSetResult, error) {
	ctx, cancel := context.WithTimeout(ctx, p.timeout())
	defer cancel()
	kept, err := p.Link.SetParam(ctx, res.Vehicle, res.Name, res.Requested)
	var rej *RejectedError
	switch {
	case err == nil:
		res.Kept, res.OK = kept.Value, true
	case errors.As(err, &rej):
		res.Kept = kept.Value
		res.Error = fmt.Sprintf("%s kept %s, not %s", res.Name, num(kept.Value), num(res.Requested))
	default:
		res.Error = err.Error()
	}
	p.log().Info("parameter set", "vehicle", res.Vehicle, "name", res.Name, "from", res.Previous,
		"requested", res.Requested, "kept", res.Kept, "ok", res.OK, "err", err)
	value := res.Requested
	record(p.Journal, p.log(), OrderRecord{At: p.now(), Vehicle: res.Vehicle, Command: Command{Kind: CmdParamSet, Param: res.Name, Value: &value},
		OK: res.OK, Error: res.Error})
	return res, err
}
