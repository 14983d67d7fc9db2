package live

import (
	"sync"
	"sync/atomic"
	"time"

	"skerry/gcs"
)

// outEntry is one message waiting for a client's writer. The hub shares
// one entry between every client it fans it out to, so an entry never
// changes once pushed.
type outEntry struct {
	typ     string
	data    []byte         // the encoded "data" member, unless rec is set
	rec     *vehicleRecord // a vehicle state
	changed memberMask     // rec's members that differ from the state before
	delta   []byte         // the vehicle_delta data of changed; nil: send the whole state
	vehicle gcs.VehicleID  // set for coalescible vehicle states
	key     string         // set for the other coalescible states: a contact, a stream's detections
	slot    int            // the vehicle's number in the hub (see Hub.slot)
	at      time.Time      // when the hub queued it
	seen    time.Time      // a vehicle state's last_seen
}

// coalesces reports whether the entry is a state that replaces the
// pending one of its slot (a vehicle, a contact, a stream's detections).
func (e *outEntry) coalesces() bool { return e.vehicle != "" || e.key != "" }

// noVehicle is the slot of push for "no vehicle removed".
const noVehicle = -1

// payload returns the encoded "data" member; a vehicle state's whole.
func (e *outEntry) payload() []byte {
	if e.rec != nil {
		return e.rec.whole()
	}
	return e.data
}

// maxInbox is how many batches of vehicle states wait for the writer
// before the hub merges them itself (a stalled writer).
const maxInbox = 16

// outbox is what one client has not yet been sent. The hub pushes, the
// client's writer pops one message at a time, so anything not yet in
// flight can still be replaced: a vehicle has at most one pending state
// and a newer one takes the older one's place in the queue. Everything
// else (alerts, results, replies) is queued in order up to max; beyond
// that the client is too slow and push reports it.
//
// The hub hands over vehicle states a batch at a time (pushVehicles,
// O(1)); the writer merges the batches into the queue when it next pops,
// so fanning a batch out to every client costs the hub goroutine one
// append per client, and the merging is spread over the writers. Vehicles
// are known by the hub's slot numbers, so merging indexes a slice.
//
// With a rate cap, a vehicle sent less than minGap ago is cooling: a state
// pushed meanwhile is held outside the queue and joins its tail when the
// gap has passed, so other messages overtake it. Sends happen in time
// order, so the cooling vehicles form a FIFO by due time and every
// operation stays O(1) however many vehicles are held.
type outbox struct {
	mu        sync.Mutex
	inbox     [][]*outEntry // batches of vehicle states not merged yet
	q         []*outEntry   // ready, in order; nil: taken back
	base      int           // position of q[0] since the last reset
	slots     []vehicleSlot // by outEntry.slot
	inQ       int           // vehicle states in q
	held      int           // vehicle states waiting out the rate cap
	queued    int           // entries in q that are not vehicle states
	max       int
	coalesced *atomic.Uint64 // counts replaced states; may be nil

	minGap time.Duration // per-vehicle rate cap; 0 none
	due    []cooldown    // the cooling vehicles, oldest send first

	closed    bool
	closeCode int
	closeText string
	wake      chan struct{}
}

// vehicleSlot is what an outbox knows of one vehicle.
type vehicleSlot struct {
	pos     int        // 1 + position of its pending state in q; 0: none
	held    *outEntry  // its pending state while cooling
	changed memberMask // members changed since the state last sent
	cooling bool       // sent less than minGap ago
}

// cooldown is when a vehicle may be sent again.
type cooldown struct {
	slot int
	at   time.Time
}

func newOutbox(max int, minGap time.Duration) *outbox {
	return &outbox{max: max, minGap: minGap, wake: make(chan struct{}, 1)}
}

// slot returns the state of vehicle slot i, growing the table as needed.
func (o *outbox) slot(i int) *vehicleSlot {
	if i >= len(o.slots) {
		o.slots = append(o.slots, make([]vehicleSlot, i+1-len(o.slots))...)
	}
	return &o.slots[i]
}

func (o *outbox) signal() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// pushVehicle queues a vehicle's latest state and merges it at once. It
// reports whether an older state was replaced (coalesced).
func (o *outbox) pushVehicle(e *outEntry) (coalesced bool) {
	o.mu.Lock()
	defer o.signal()
	defer o.mu.Unlock()
	if o.closed {
		return false
	}
	o.inbox = append(o.inbox, []*outEntry{e})
	return o.merge() > 0
}

// pushVehicles hands over the latest states of several vehicles; es is
// shared with other clients and must not change.
func (o *outbox) pushVehicles(es []*outEntry) {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return
	}
	o.inbox = append(o.inbox, es)
	if len(o.inbox) >= maxInbox {
		o.merge() // the writer is stuck in a write: keep memory bounded
	}
	o.mu.Unlock()
	o.signal()
}

// merge moves the inbox into the queue; it returns how many states
// replaced a pending one.
func (o *outbox) merge() int {
	n := 0
	for i, es := range o.inbox {
		for _, e := range es {
			v := o.slot(e.slot)
			v.changed |= e.changed
			switch {
			case v.pos > 0:
				o.q[v.pos-1-o.base] = e
				n++
			case v.held != nil:
				v.held = e
				n++
			case v.cooling:
				v.held = e
				o.held++
			default:
				o.enqueue(v, e)
			}
		}
		o.inbox[i] = nil
	}
	o.inbox = o.inbox[:0]
	if n > 0 && o.coalesced != nil {
		o.coalesced.Add(uint64(n))
	}
	return n
}

// enqueue puts vehicle v's state e at the tail of the queue.
func (o *outbox) enqueue(v *vehicleSlot, e *outEntry) {
	v.pos = o.base + len(o.q) + 1
	o.q = append(o.q, e)
	o.inQ++
}

// push queues a message that is never coalesced, after the vehicle states
// pushed before it. removes, unless noVehicle, is the slot of a vehicle
// whose pending state is dropped first (it is gone). It returns false when
// the queue is over its bound (or closed): the caller drops the client.
func (o *outbox) push(e *outEntry, removes int) bool {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return true
	}
	o.merge()
	if removes != noVehicle {
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

func (o *outbox) unqueueVehicle(slot int) {
	v := o.slot(slot)
	if v.pos > 0 {
		o.q[v.pos-1-o.base] = nil
		v.pos = 0
		o.inQ--
	}
	if v.held != nil {
		v.held = nil
		o.held--
	}
	v.changed = 0
}

// reset puts a snapshot at the head of the queue and drops every pending
// message the snapshot supersedes (vehicle and contact states, removals,
// alerts, older snapshots, operation changes) and pending detections
// (transient). Results and replies stay, in order.
func (o *outbox) reset(snap *outEntry) {
	o.mu.Lock()
	kept := []*outEntry{snap}
	o.queued = 1
	for _, e := range o.q {
		if e == nil {
			continue
		}
		switch e.typ {
		case MsgVehicle, MsgVehicleRemoved, MsgAlert, MsgSnapshot, MsgOperation, MsgPlans, MsgVessel, MsgDetections:
			continue
		}
		kept = append(kept, e)
		o.queued++
	}
	o.q, o.base, o.inbox, o.inQ, o.held = kept, 0, nil, 0, 0
	for i := range o.slots {
		o.slots[i].pos, o.slots[i].held, o.slots[i].changed = 0, nil, 0 // cooldowns go on
	}
	o.mu.Unlock()
	o.signal()
}

// pop takes the first message that may be sent at now. For a vehicle
// state, changed is the members that changed since the client was last
// sent one of the vehicle, over every state coalesced into e. When none
// may be sent, it returns how long to wait for the earliest one held back
// by the rate cap (0: nothing is pending). closed is true once close was
// called; code and text are then the close frame to send.
func (o *outbox) pop(now time.Time) (e *outEntry, changed memberMask, wait time.Duration, closed bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return nil, 0, 0, true
	}
	o.merge()
	o.release(now)
	for len(o.q) > 0 && e == nil {
		e = o.q[0]
		o.q[0] = nil
		o.q = o.q[1:]
		o.base++
	}
	switch {
	case e == nil:
		if o.held > 0 {
			wait = o.due[0].at.Sub(now)
		}
	case !e.coalesces():
		o.queued--
	default:
		v := &o.slots[e.slot]
		v.pos, changed, v.changed = 0, v.changed, 0
		o.inQ--
		if o.minGap > 0 {
			v.cooling = true
			o.due = append(o.due, cooldown{slot: e.slot, at: now.Add(o.minGap)})
		}
	}
	return e, changed, wait, false
}

// release ends the cooldowns due at now; a state held meanwhile joins the
// queue.
func (o *outbox) release(now time.Time) {
	for len(o.due) > 0 && !o.due[0].at.After(now) {
		v := &o.slots[o.due[0].slot]
		o.due = o.due[1:]
		v.cooling = false
		if v.held != nil {
			o.enqueue(v, v.held)
			v.held = nil
			o.held--
		}
	}
}

// close stops the outbox; the first code and text win. It returns how many
// pending messages were discarded.
func (o *outbox) close(code int, text string) int {
	o.mu.Lock()
	n := 0
	if !o.closed {
		o.merge()
		o.closed, o.closeCode, o.closeText = true, code, text
		n, _ = o.count()
		o.q, o.inbox, o.due, o.slots = nil, nil, nil, nil
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
	o.merge()
	return o.count()
}

func (o *outbox) count() (total, queued int) {
	return o.inQ + o.held + o.queued, o.queued
}
