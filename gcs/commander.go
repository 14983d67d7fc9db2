package gcs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"skerry/mission/validate"
)

// Commander gives orders to one vehicle, a selection or the whole fleet at
// once, and reports a result per vehicle. It checks an order before any
// vehicle receives it.
type Commander struct {
	// Fleet resolves targets; required.
	Fleet *Fleet
	// Uplink carries the orders; required.
	Uplink Uplink
	// Log receives one line per order; nil discards.
	Log *slog.Logger
	// Timeout bounds each vehicle's order, retries included (default 15 s).
	Timeout time.Duration
	// Parallel bounds how many vehicles are ordered at once (default 64).
	Parallel int
	// Operation, when set, is the law every guided order (go-to, take-off)
	// is checked against before it is sent: zones, area, fence, heights.
	Operation *OperationStore
	// Now is the clock the checks use (default time.Now).
	Now func() time.Time
	// Journal, when set, keeps every order with its result and override.
	Journal OrderJournal
	// Events, when set, is told the outcome of every Order.
	Events *Events
}

// Result is one vehicle's answer to an order.
type Result struct {
	Vehicle VehicleID `json:"vehicle"`
	OK      bool      `json:"ok"`
	Error   string    `json:"error,omitempty"`
	// MAVResult is the MAV_RESULT of a refusal, when the vehicle refused.
	MAVResult *int `json:"mav_result,omitempty"`
	// Overridable is true for a refusal an override would lift.
	Overridable bool `json:"overridable,omitempty"`
	// Override is the override the order was sent under, and Overridden
	// the rules it broke that way.
	Override   *Override `json:"override,omitempty"`
	Overridden []string  `json:"overridden,omitempty"`
	Err        error     `json:"-"`
}

// Limits the commander enforces on any vehicle, whatever the plan.
const (
	maxTakeoffAltitude = 1000.0 // metres above home
)

// Validate checks an order for one vehicle without sending it.
func Validate(id VehicleID, cmd Command) error {
	if cmd.Override != nil {
		if err := cmd.Override.Validate(); err != nil {
			return err
		}
	}
	switch cmd.Kind {
	case CmdArm, CmdDisarm, CmdHold, CmdReturn, CmdLand, CmdMissionStart, CmdPause, CmdResume:
		return nil
	case CmdJump:
		if cmd.Seq < 0 || cmd.Seq > 65535 {
			return fmt.Errorf("%w: mission item %d does not exist", ErrInvalidCommand, cmd.Seq)
		}
		return nil
	case CmdTakeoff:
		if !(cmd.Altitude > 0 && cmd.Altitude <= maxTakeoffAltitude) {
			return fmt.Errorf("%w: take-off altitude %.1f m is outside 0–%.0f m", ErrInvalidCommand, cmd.Altitude, maxTakeoffAltitude)
		}
		return nil
	case CmdGoTo:
		if !(cmd.Lat >= -90 && cmd.Lat <= 90 && cmd.Lon >= -180 && cmd.Lon <= 180) || (cmd.Lat == 0 && cmd.Lon == 0) {
			return fmt.Errorf("%w: go-to position %.7f, %.7f is not a position", ErrInvalidCommand, cmd.Lat, cmd.Lon)
		}
		if cmd.Altitude < 0 || cmd.Altitude > maxTakeoffAltitude {
			return fmt.Errorf("%w: go-to altitude %.1f m is outside 0–%.0f m", ErrInvalidCommand, cmd.Altitude, maxTakeoffAltitude)
		}
		return nil
	case CmdSetMode:
		if cmd.Mode == "" {
			return fmt.Errorf("%w: no mode given", ErrInvalidCommand)
		}
		return nil
	case CmdGimbal, CmdLookAt, CmdLookFree:
		return validateCameraOrder(cmd)
	case CmdTerminate:
		if cmd.Confirm != string(id) {
			return fmt.Errorf("%w: type %q to confirm", ErrNeedsConfirm, id)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown order %q", ErrInvalidCommand, cmd.Kind)
}

// Do gives cmd to every target; no targets means the whole fleet. Results
// come back in target order. Unknown vehicles and invalid orders fail
// without anything being sent to them.
func (c *Commander) Do(ctx context.Context, targets []VehicleID, cmd Command) []Result {
	if len(targets) == 0 {
		targets = c.Fleet.IDs()
	}
	results := make([]Result, len(targets))
	sem := make(chan struct{}, c.parallel())
	var wg sync.WaitGroup
	for i, id := range targets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = c.one(ctx, id, cmd)
		}()
	}
	wg.Wait()
	return results
}

func (c *Commander) one(ctx context.Context, id VehicleID, cmd Command) Result {
	err := Validate(id, cmd)
	var v Vehicle
	if err == nil {
		v, err = c.Fleet.Target(id)
	}
	if err == nil {
		err = checkCameraTarget(&v, cmd)
	}
	var overridden []validate.Violation
	if err == nil {
		overridden, err = c.lawful(&v, cmd)
	}
	if err == nil {
		if overridden != nil {
			c.log().Warn("order sent under override", "vehicle", id, "kind", cmd.Kind, "by", cmd.Override.By,
				"reason", cmd.Override.Reason, "rules", violationList(overridden))
		}
		ctx, cancel := context.WithTimeout(ctx, c.timeout())
		err = c.Uplink.Execute(ctx, id, cmd)
		cancel()
		c.explainRefusal(&v, cmd, err)
		if err == nil {
			c.rememberROI(id, cmd)
		}
	}
	c.log().Info("order", "vehicle", id, "kind", cmd.Kind, "mode", cmd.Mode, "ok", err == nil, "err", err)
	r := Result{Vehicle: id, OK: err == nil, Err: err}
	if overridden != nil {
		r.Override = cmd.Override
		for _, o := range overridden {
			r.Overridden = append(r.Overridden, o.Rule+": "+o.Message)
		}
	}
	if err != nil {
		r.Error = err.Error()
		r.Overridable = errors.Is(err, ErrUnlawfulOrder)
		var rej *RejectedError
		if errors.As(err, &rej) {
			res := rej.Result
			r.MAVResult = &res
		}
	}
	c.journal(r, cmd)
	return r
}

func (c *Commander) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Commander) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return 15 * time.Second
}

func (c *Commander) parallel() int {
	if c.Parallel > 0 {
		return c.Parallel
	}
	return 64
}

func (c *Commander) log() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}
