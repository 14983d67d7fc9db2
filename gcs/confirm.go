package gcs

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// ErrConfirmRequired is the refusal of an order the pilot must confirm
// first; errors.As gives the *ConfirmRequiredError.
var ErrConfirmRequired = errors.New("the order needs the pilot's confirmation")

// ConfirmRequiredError says what the pilot must confirm: "fleet" for an
// order to the whole fleet, or the ids (comma-separated, sorted) of the
// vehicles a dangerous order would bring down.
type ConfirmRequiredError struct {
	Need string
	Why  string
}

// Error says why and what to send.
func (e *ConfirmRequiredError) Error() string {
	return fmt.Sprintf("%s: send the same order with the confirmation %q", e.Why, e.Need)
}

// Is makes errors.Is(err, ErrConfirmRequired) true.
func (e *ConfirmRequiredError) Is(target error) bool { return target == ErrConfirmRequired }

// Order is the one way every front end gives an order: the confirmation
// rule first (an order to the whole fleet, no targets, needs "fleet";
// disarming a vehicle that may be flying, and any flight termination,
// need confirm naming exactly those vehicles), then each vehicle's checks
// and the order itself (Do). Flight termination is never for the whole
// fleet.
//
// The outcome, with a request id of its own, is also published as an
// OrderEvent on the commander's Events, so that every console sees every
// order whoever gave it.
func (c *Commander) Order(ctx context.Context, targets []VehicleID, cmd Command, confirm string) (OrderEvent, error) {
	if len(targets) == 0 && cmd.Kind == CmdTerminate {
		return OrderEvent{}, fmt.Errorf("%w: flight termination is given to one named vehicle, never to the fleet", ErrInvalidCommand)
	}
	if need, why := c.confirmationNeeded(targets, cmd); need != "" && !confirmed(confirm, need, targets) {
		return OrderEvent{}, &ConfirmRequiredError{Need: need, Why: why}
	}
	out := OrderEvent{ID: newOrderID(), Kind: cmd.Kind, Results: c.order(ctx, targets, cmd)}
	c.Events.Publish(out)
	return out, nil
}

// order gives cmd, flight termination to each vehicle on its own.
func (c *Commander) order(ctx context.Context, targets []VehicleID, cmd Command) []Result {
	if cmd.Kind != CmdTerminate {
		return c.Do(ctx, targets, cmd)
	}
	// Termination: each vehicle gets its own id as the confirmation the
	// pilot has just given.
	targets = UniqueIDs(targets)
	results := make([]Result, len(targets))
	var wg sync.WaitGroup
	for i, id := range targets {
		wg.Go(func() {
			one := cmd
			one.Confirm = string(id)
			results[i] = c.Do(ctx, []VehicleID{id}, one)[0]
		})
	}
	wg.Wait()
	return results
}

// confirmationNeeded says what an order needs confirmed ("" for nothing)
// and why.
func (c *Commander) confirmationNeeded(targets []VehicleID, cmd Command) (need, why string) {
	if len(targets) == 0 {
		return "fleet", fmt.Sprintf("%q is for the whole fleet (%d vehicles)", cmd.Kind, len(c.Fleet.IDs()))
	}
	var ids []string
	for _, id := range UniqueIDs(targets) {
		switch cmd.Kind {
		case CmdTerminate:
			ids = append(ids, string(id))
		case CmdDisarm:
			if v, ok := c.Fleet.Vehicle(id); ok && MayBeFlying(v) {
				ids = append(ids, string(id))
			}
		}
	}
	if len(ids) == 0 {
		return "", ""
	}
	sort.Strings(ids)
	need = strings.Join(ids, ",")
	if cmd.Kind == CmdTerminate {
		return need, "flight termination stops the motors of " + need + " and it falls"
	}
	return need, "disarming " + need + " in the air stops its motors and it falls"
}

// MayBeFlying reports whether a vehicle may be flying: armed and not known
// to be on the ground.
func MayBeFlying(v Vehicle) bool { return v.Armed && v.Landed != "on_ground" }

// confirmed reports whether the pilot's confirmation matches what the
// order needs: "fleet", or every id needed and no vehicle the order does
// not act on.
func confirmed(confirm, need string, targets []VehicleID) bool {
	if need == "fleet" {
		return strings.TrimSpace(confirm) == "fleet"
	}
	named := map[string]bool{}
	for _, id := range strings.Split(confirm, ",") {
		if id = strings.TrimSpace(id); id != "" {
			named[id] = true
		}
	}
	for _, id := range strings.Split(need, ",") {
		if !named[id] {
			return false
		}
	}
	for _, t := range targets {
		delete(named, string(t))
	}
	return len(named) == 0
}

// UniqueIDs drops repeated ids, keeping the first of each.
func UniqueIDs(ids []VehicleID) []VehicleID {
	seen := map[VehicleID]bool{}
	var out []VehicleID
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
