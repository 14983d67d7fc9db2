package gcs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"skerry/mission"
)

// Fleet holds the live state of every vehicle. One goroutine owns the
// state: adapters hand it Observations, readers ask it for copies, and
// every change is announced on Events. Zero values of the exported fields
// mean the documented defaults. Call Initialize before use and Close when
// done.
type Fleet struct {
	// Log receives the fleet's messages; nil discards them.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// QueueSize bounds the observations waiting to be applied (default 8192).
	QueueSize int
	// Alerting tunes the alert rules; zero values mean defaults.
	Alerting AlertConfig
	// TickPeriod is how often time-based alert rules run (default 1 s).
	TickPeriod time.Duration
	// FenceWatch tunes the predictive fence warning (and zone warning).
	FenceWatch FenceWatchConfig
	// Operation, when set, is the operation whose official zones and area
	// every flying vehicle is watched against (Vehicle.Zones, the
	// zone_breach and zone_warning alerts).
	Operation *OperationStore
	// Events, when set, is told every change: each changed vehicle's
	// latest state (VehicleEvent) and every alert raised, acknowledged or
	// cleared (AlertEvent). A vehicle's changes are announced when the
	// fleet has applied every observation waiting (or every
	// maxUnannounced), so a burst costs one copy of the state, not one
	// per observation.
	Events *Events

	in        chan Observation
	reqs      chan func(*fleetState)
	done      chan struct{}
	finished  chan struct{}
	closeOnce sync.Once
}

// fleetState is owned by the fleet goroutine.
type fleetState struct {
	vehicles map[VehicleID]*Vehicle
	alerts   *alertBook
	changed  map[VehicleID]*Vehicle // changed since last announced
	order    []*Vehicle             // changed, in the order of their first change
	applied  int                    // observations applied since the last announcement
	out      []Event                // reused by announce
	fences   map[VehicleID]*homedWatch
	fenceOf  map[VehicleID]mission.Fence // the fence each watch was made from
	zonesAt  map[VehicleID]time.Time     // when each vehicle was last checked against the zones
}

// Initialize starts the fleet's goroutine.
func (f *Fleet) Initialize() error {
	if f.Log == nil {
		f.Log = slog.New(slog.DiscardHandler)
	}
	if f.Now == nil {
		f.Now = time.Now
	}
	if f.QueueSize <= 0 {
		f.QueueSize = 8192
	}
	if f.TickPeriod <= 0 {
		f.TickPeriod = time.Second
	}
	f.in = make(chan Observation, f.QueueSize)
	f.reqs = make(chan func(*fleetState))
	f.done = make(chan struct{})
	f.finished = make(chan struct{})
	st := &fleetState{
		vehicles: map[VehicleID]*Vehicle{},
		alerts:   newAlertBook(f.Alerting.withDefaults()),
		changed:  map[VehicleID]*Vehicle{},
		fences:   map[VehicleID]*homedWatch{},
		fenceOf:  map[VehicleID]mission.Fence{},
		zonesAt:  map[VehicleID]time.Time{},
	}
	go f.run(st)
	return nil
}

// Close stops the fleet; it may be called more than once. Calls made after
// Close return zero values.
func (f *Fleet) Close() {
	f.closeOnce.Do(func() { close(f.done) })
	<-f.finished
}

func (f *Fleet) run(st *fleetState) {
	defer close(f.finished)
	tick := time.NewTicker(f.TickPeriod)
	defer tick.Stop()
	for {
		select {
		case o := <-f.in:
			f.apply(st, o)
			if st.applied++; len(f.in) == 0 || st.applied >= maxUnannounced {
				f.announce(st, nil)
			}
		case req := <-f.reqs:
			// Apply what was queued before the request, so a reader
			// sees every observation handed in before it asked.
			for n := len(f.in); n > 0; n-- {
				f.apply(st, <-f.in)
			}
			req(st)
		case <-tick.C:
			f.notify(st, st.alerts.tick(f.Now()), nil)
		case <-f.done:
			return
		}
	}
}

// Observe queues an observation. It blocks while the queue is full (the
// caller's backpressure) and returns at once after Close.
func (f *Fleet) Observe(o Observation) {
	select {
	case f.in <- o:
	case <-f.done:
	}
}

// apply folds one observation into the state and tells subscribers.
func (f *Fleet) apply(st *fleetState, o Observation) {
	v, ok := st.vehicles[o.Vehicle]
	if !ok {
		if _, isIdentity := o.Update.(Identity); !isIdentity {
			return
		}
		v = &Vehicle{ID: o.Vehicle, Link: o.Link, SystemID: o.SystemID,
			Heading: Unknown, GroundSpeed: Unknown, AirSpeed: Unknown, ClimbRate: Unknown,
			Attitude: unknownAttitude, Battery: unknownBattery, GPS: unknownGPS, Wind: unknownWind,
			Mission: MissionState{Current: -1, Total: -1, Reached: -1, State: "unknown"}, Fence: FenceState{Type: "none"},
			Cameras: []VehicleCamera{}} // [] in JSON, not null
		st.vehicles[o.Vehicle] = v
		f.Log.Info("vehicle discovered", "vehicle", o.Vehicle, "link", o.Link, "system_id", o.SystemID)
	}
	if _, isLink := o.Update.(LinkUpdate); !isLink && !o.At.IsZero() {
		v.LastSeen = o.At
	}
	o.Update.apply(v)
	judgeLanded(v)
	refreshFootprint(v, o.Update)
	if _, moved := o.Update.(GlobalPosition); moved {
		if st.fences[v.ID] != nil {
			f.checkFence(st, v)
		}
		f.checkZones(st, v)
	}
	f.notify(st, st.alerts.evaluate(v, f.Now()), v)
}

// maxUnannounced bounds the observations applied before the changed
// vehicles are announced while observations keep arriving.
const maxUnannounced = 256

// notify marks a changed vehicle (nil: none) and announces alert changes
// at once, after the states changed before them.
func (f *Fleet) notify(st *fleetState, changes []Alert, v *Vehicle) {
	if f.Events == nil {
		return
	}
	if v != nil && st.changed[v.ID] == nil {
		st.changed[v.ID] = v
		st.order = append(st.order, v)
	}
	if len(changes) > 0 {
		f.announce(st, changes)
	}
}

// announce publishes a copy of every changed vehicle's state, then alerts.
func (f *Fleet) announce(st *fleetState, alerts []Alert) {
	st.applied = 0
	if len(st.order) == 0 && len(alerts) == 0 {
		return
	}
	evs := st.out[:0]
	for _, v := range st.order {
		c := v.clone()
		evs = append(evs, VehicleEvent{Vehicle: &c})
		delete(st.changed, v.ID)
	}
	clear(st.order)
	st.order = st.order[:0]
	for _, a := range alerts {
		evs = append(evs, AlertEvent{Alert: a})
	}
	f.Events.Publish(evs...)
	clear(evs)
	st.out = evs[:0]
}

// do runs fn on the fleet goroutine and waits; false after Close. Every
// change made before it returns (by the observations handed in before
// the call, and by fn) is on Events by then.
func (f *Fleet) do(ctx context.Context, fn func(*fleetState)) bool {
	ran := make(chan struct{})
	select {
	case f.reqs <- func(st *fleetState) { fn(st); f.announce(st, nil); close(ran) }:
	case <-f.done:
		return false
	case <-ctx.Done():
		return false
	}
	<-ran
	return true
}

// Vehicles returns a copy of every vehicle, sorted by ID.
func (f *Fleet) Vehicles() []Vehicle {
	var out []Vehicle
	f.do(context.Background(), func(st *fleetState) {
		out = make([]Vehicle, 0, len(st.vehicles))
		for _, v := range st.vehicles {
			out = append(out, v.clone())
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Target returns a copy of the vehicle an order is for, or why it cannot
// take one: unknown (ErrUnknownVehicle), or two aircraft on one id
// (ErrSysidConflict, until the conflict is resolved).
func (f *Fleet) Target(id VehicleID) (Vehicle, error) {
	v, ok := f.Vehicle(id)
	switch {
	case !ok:
		return v, fmt.Errorf("%w: %s", ErrUnknownVehicle, id)
	case v.Conflict != "":
		return v, fmt.Errorf("%w: %s: system id %d is used twice on link %s (%s); give one aircraft another id or link",
			ErrSysidConflict, id, v.SystemID, v.Link, v.Conflict)
	}
	return v, nil
}

// FlyingBesides counts the armed vehicles other than id: the others of
// the operation in the air when id's plan is checked.
func (f *Fleet) FlyingBesides(id VehicleID) int {
	n := 0
	f.do(context.Background(), func(st *fleetState) {
		for _, v := range st.vehicles {
			if v.ID != id && v.Armed {
				n++
			}
		}
	})
	return n
}

// Vehicle returns a copy of one vehicle.
func (f *Fleet) Vehicle(id VehicleID) (Vehicle, bool) {
	var out Vehicle
	var ok bool
	f.do(context.Background(), func(st *fleetState) {
		if v, found := st.vehicles[id]; found {
			out, ok = v.clone(), true
		}
	})
	return out, ok
}

// IDs returns every vehicle's ID, sorted.
func (f *Fleet) IDs() []VehicleID {
	var out []VehicleID
	f.do(context.Background(), func(st *fleetState) {
		for id := range st.vehicles {
			out = append(out, id)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Alerts returns the active alerts and the most recently cleared ones,
// newest first.
func (f *Fleet) Alerts() []Alert {
	var out []Alert
	f.do(context.Background(), func(st *fleetState) { out = st.alerts.list() })
	return out
}

// ErrFleetClosed: the fleet was closed, or the caller gave up, before the
// request ran.
var ErrFleetClosed = errors.New("fleet closed")

// Acknowledge records that by has seen alert id (active, or recently
// cleared) and returns the alert as it now is. Events receives the
// changed alert like a raised or cleared one. Acknowledging an alert twice
// keeps the first acknowledgement and tells no one. An unknown id gives
// ErrUnknownAlert.
func (f *Fleet) Acknowledge(ctx context.Context, id, by string) (Alert, error) {
	var (
		a           Alert
		changed, ok bool
	)
	ran := f.do(ctx, func(st *fleetState) {
		a, changed, ok = st.alerts.acknowledge(id, by, f.Now())
		if changed {
			f.notify(st, []Alert{a}, nil)
		}
	})
	switch {
	case !ran && ctx.Err() != nil:
		return Alert{}, ctx.Err()
	case !ran:
		return Alert{}, ErrFleetClosed
	case !ok:
		return Alert{}, fmt.Errorf("%w: %q", ErrUnknownAlert, id)
	}
	return a, nil
}
