package gcs

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"skerry/mission"
	"skerry/mission/validate"
)

// Override lifts a zone, profile or fence refusal for one order: the pilot
// says who gives it and why, and both are recorded with the order. It
// never lifts a refusal for a vehicle id that two aircraft share, nor one
// for the vehicle's state.
type Override struct {
	By     string `json:"by"`
	Reason string `json:"reason"`
}

// maxOverrideText bounds Override.By and Override.Reason, in characters.
const maxOverrideText = 500

// Validate checks that the override names who and why.
func (o *Override) Validate() error {
	for _, f := range []struct{ name, v string }{{"by", o.By}, {"reason", o.Reason}} {
		switch n := utf8.RuneCountInString(strings.TrimSpace(f.v)); {
		case n == 0:
			return fmt.Errorf("%w: an override needs %q: who gives the order and why", ErrInvalidCommand, f.name)
		case n > maxOverrideText:
			return fmt.Errorf("%w: override %q is %d characters, at most %d", ErrInvalidCommand, f.name, n, maxOverrideText)
		}
	}
	return nil
}

// ErrUnlawfulOrder is the refusal of an order whose route would break the
// operation's rules; errors.Is matches an *UnlawfulOrderError.
var ErrUnlawfulOrder = errors.New("the order breaks the operation's rules")

// UnlawfulOrderError is a refused order with the rules its route breaks.
type UnlawfulOrderError struct {
	Kind       CommandKind
	Violations []validate.Violation // errors only
}

// Error names every broken rule and how to send the order anyway.
func (e *UnlawfulOrderError) Error() string {
	return fmt.Sprintf("%s refused: %s: %s (an override saying who and why sends it anyway)",
		e.Kind, ErrUnlawfulOrder, violationList(e.Violations))
}

// Is makes errors.Is(err, ErrUnlawfulOrder) true.
func (e *UnlawfulOrderError) Is(target error) bool { return target == ErrUnlawfulOrder }

// violationList joins violations as "rule: message [source]; ...".
func violationList(vs []validate.Violation) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.Rule + ": " + v.Message
		if v.Source != "" {
			parts[i] += " [" + v.Source + "]"
		}
	}
	return strings.Join(parts, "; ")
}

// orderRoute is the route an order makes vehicle v fly, as a plan from
// its home: the go-to point, or the take-off climb where it stands. nil
// for orders with no route of their own: safety orders (hold, return,
// land, terminate) are never refused for the law, missions were
// checked when they were uploaded, and camera orders (gimbal, look_at,
// look_free) point the camera without moving the vehicle.
func orderRoute(v *Vehicle, cmd Command) *mission.Plan {
	var to mission.Position
	switch cmd.Kind {
	case CmdGoTo:
		to = mission.At(cmd.Lat, cmd.Lon, mission.Rel(cmd.Altitude))
	case CmdTakeoff:
		if !v.HasPosition {
			return nil
		}
		to = mission.At(v.Position.Lat, v.Position.Lon, mission.Rel(cmd.Altitude))
	default:
		return nil
	}
	plan := &mission.Plan{Mission: []mission.Item{mission.Waypoint{Pos: to, Yaw: math.NaN()}}}
	switch {
	case v.Home != nil:
		h := mission.At(v.Home.Lat, v.Home.Lon, mission.AMSL(v.Home.AltAMSL))
		plan.Home = &h
	case v.HasPosition: // home is below where it took off; here, the best guess
		h := mission.At(v.Position.Lat, v.Position.Lon, mission.AMSL(v.Position.AltAMSL-v.Position.AltRel))
		plan.Home = &h
	}
	return plan
}

// lawful checks the route of cmd for vehicle v against the active
// operation. It returns the violations an override lifted (nil when
// none), or the refusal.
func (c *Commander) lawful(v *Vehicle, cmd Command) ([]validate.Violation, error) {
	if c.Operation == nil {
		return nil, nil
	}
	op := c.Operation.Get()
	plan := orderRoute(v, cmd)
	if op == nil || plan == nil {
		return nil, nil
	}
	plan.Fence = c.Fleet.Fence(v.ID) // the fence the vehicle was given
	r := op.CheckOrder(plan, v, c.now())
	if r.Lawful {
		return nil, nil
	}
	if cmd.Override == nil {
		return nil, &UnlawfulOrderError{Kind: cmd.Kind, Violations: r.Errors()}
	}
	return r.Errors(), nil
}
