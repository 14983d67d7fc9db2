package gcs

import (
	"context"
	"sort"
	"sync"
)

// Subscription tells one consumer what changed in the fleet. Changes are
// coalesced: however often a vehicle changes between two reads, the reader
// gets its latest state once. A slow subscriber never slows the fleet: it
// only reads less often. Alert changes are queued up to a bound; beyond it
// the oldest are dropped and counted.
type Subscription struct {
	fleet *Fleet
	c     chan struct{}

	mu      sync.Mutex
	dirty   map[VehicleID]struct{}
	alerts  []Alert
	dropped int
}

// maxQueuedAlerts bounds a subscription's alert queue.
const maxQueuedAlerts = 1024

// Subscribe starts a subscription. Every vehicle known now is reported as
// changed on the first Next, so a subscriber starts from a full snapshot.
func (f *Fleet) Subscribe() *Subscription {
	s := &Subscription{fleet: f, c: make(chan struct{}, 1), dirty: map[VehicleID]struct{}{}}
	f.do(context.Background(), func(st *fleetState) {
		st.subs[s] = struct{}{}
		for id := range st.vehicles {
			s.dirty[id] = struct{}{}
		}
		s.alerts = append(s.alerts, st.alerts.activeList()...)
	})
	s.signal()
	return s
}

// C receives a value when there is something to read with Next.
func (s *Subscription) C() <-chan struct{} { return s.c }

// Cancel ends the subscription.
func (s *Subscription) Cancel() {
	s.fleet.do(context.Background(), func(st *fleetState) { delete(st.subs, s) })
}

// push runs on the fleet goroutine.
func (s *Subscription) push(v *Vehicle, changes []Alert) {
	s.mu.Lock()
	if v != nil {
		s.dirty[v.ID] = struct{}{}
	}
	s.alerts = append(s.alerts, changes...)
	if over := len(s.alerts) - maxQueuedAlerts; over > 0 {
		s.alerts = append([]Alert(nil), s.alerts[over:]...)
		s.dropped += over
	}
	s.mu.Unlock()
	if v != nil || len(changes) > 0 {
		s.signal()
	}
}

func (s *Subscription) signal() {
	select {
	case s.c <- struct{}{}:
	default:
	}
}

// Next returns the vehicles that changed since the last call (latest state,
// sorted by ID), the alert changes in order, and how many alert changes
// were dropped because the subscriber fell behind.
func (s *Subscription) Next(ctx context.Context) (vehicles []Vehicle, alerts []Alert, dropped int) {
	s.mu.Lock()
	dirty := s.dirty
	s.dirty = map[VehicleID]struct{}{}
	alerts, s.alerts = s.alerts, nil
	dropped, s.dropped = s.dropped, 0
	s.mu.Unlock()
	if len(dirty) > 0 {
		s.fleet.do(ctx, func(st *fleetState) {
			for id := range dirty {
				if v, ok := st.vehicles[id]; ok {
					vehicles = append(vehicles, v.clone())
				}
			}
		})
		sort.Slice(vehicles, func(i, j int) bool { return vehicles[i].ID < vehicles[j].ID })
	}
	return vehicles, alerts, dropped
}
