package web

import (
	"sync"
	"time"

	"skerry/gcs"
)

// outEntry is one message waiting for a client's writer. data is the
// encoded "data" member, shared by every client the hub fanned it out to.
type outEntry struct {
	typ     string
	data    []byte
	vehicle gcs.VehicleID // set for coalescible vehicle states
	at      time.Time     // when the hub queued it
}

// outbox is what one client has not yet been sent. The hub pushes, the
// client's writer pops one message at a time, so anything not yet in
// flight can still be replaced: a vehicle has at most one pending state
// and a newer one takes the older one's place in the queue. Everything
// else (alerts, results, replies) is queued in order up to max; beyond
// that the client is too slow and push reports it.
type outbox struct {
	mu       sync.Mutex
	q        []*outEntry
	vehicles map[gcs.VehicleID]*outEntry
	queued   int // entries in q that are not vehicle states
	max      int
	minGap   time.Duration // per-vehicle rate cap; 0 none
	lastSent map[gcs.VehicleID]time.Time

	closed    bool
	closeCode int
	closeText string
	wake      chan struct{}
}

func newOutbox(max int, minGap time.Duration) *outbox {
	return &outbox{max: max, minGap: minGap, vehicles: map[gcs.VehicleID]*outEntry{},
		lastSent: map[gcs.VehicleID]time.Time{}, wake: make(chan struct{}, 1)}
}

func (o *outbox) signal() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// pushVehicle queues a vehicle's latest state, replacing a pending one.
// It reports whether an older state was replaced (coalesced).
func (o *outbox) pushVehicle(e *outEntry) (coalesced bool) {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return false
	}
	if old, ok := o.vehicles[e.vehicle]; ok {
		old.data, old.at = e.data, e.at
		coalesced = true
	} else {
		cp := *e // the hub shares e between clients; this copy is ours to replace
		o.vehicles[e.vehicle] = &cp
		o.q = append(o.q, &cp)
	}
	o.mu.Unlock()
	o.signal()
	return coalesced
}

// push queues a message that is never coalesced. removes, when set, names
// a vehicle whose pending state is dropped first (it is gone). It returns
// false when the queue is over its bound (or closed): the caller drops the
// client.
func (o *outbox) push(e *outEntry, removes gcs.VehicleID) bool {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return true
	}
	if removes != "" {
		o.unqueueVehicle(removes)
	}
	if o.queued >= o.max {
		o.mu.Unlock()
		return false
	}
	o.q = append(o.q, e)
	o.queued++
	o.mu.Unlock()
	o.signal()
	return true
}

func (o *outbox) unqueueVehicle(id gcs.VehicleID) {
	old, ok := o.vehicles[id]
	if !ok {
		return
	}
	delete(o.vehicles, id)
	for i, e := range o.q {
		if e == old {
			o.q = append(o.q[:i], o.q[i+1:]...)
			return
		}
	}
}

// reset puts a snapshot at the head of the queue and drops every pending
// message the snapshot supersedes (vehicle states, removals, alerts, older
// snapshots, operation changes). Results and replies stay, in order.
func (o *outbox) reset(snap *outEntry) {
	o.mu.Lock()
	kept := []*outEntry{snap}
	o.queued = 1
	for _, e := range o.q {
		switch e.typ {
		case MsgVehicle, MsgVehicleRemoved, MsgAlert, MsgSnapshot, MsgOperation:
			continue
		}
		kept = append(kept, e)
		o.queued++
	}
	o.q = kept
	clear(o.vehicles)
	o.mu.Unlock()
	o.signal()
}

// pop takes the first message that may be sent at now. When none may, it
// returns how long to wait for the earliest one held back by the rate cap
// (0: nothing is pending). closed is true once close was called; code and
// text are then the close frame to send.
func (o *outbox) pop(now time.Time) (e *outEntry, wait time.Duration, closed bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return nil, 0, true
	}
	for i, c := range o.q {
		if c.vehicle != "" && o.minGap > 0 {
			if next := o.lastSent[c.vehicle].Add(o.minGap); now.Before(next) {
				if d := next.Sub(now); wait == 0 || d < wait {
					wait = d
				}
				continue
			}
			o.lastSent[c.vehicle] = now
		}
		o.q = append(o.q[:i], o.q[i+1:]...)
		if c.vehicle != "" {
			delete(o.vehicles, c.vehicle)
		} else {
			o.queued--
		}
		return c, 0, false
	}
	return nil, wait, false
}

// close stops the outbox; the first code and text win. It returns how many
// pending messages were discarded.
func (o *outbox) close(code int, text string) int {
	o.mu.Lock()
	n := 0
	if !o.closed {
		o.closed, o.closeCode, o.closeText = true, code, text
		n = len(o.q)
		o.q, o.vehicles = nil, nil
	}
	o.mu.Unlock()
	o.signal()
	return n
}

// closeFrame returns the code and text given to close.
func (o *outbox) closeFrame() (int, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.closeCode, o.closeText
}

// size returns how many messages are pending and how many of them are
// not coalescible.
func (o *outbox) size() (total, queued int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.q), o.queued
}
