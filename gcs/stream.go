package gcs

import (
	"strconv"
	"sync"
)

// Defaults of an event stream.
const (
	DefaultQueueSize    = 1024
	DefaultRecentAlerts = 200
)

// Events is the core's one event stream: the fleet (vehicle states and
// alerts), the commander (order results), the operation store and the
// plan announcer publish into it, and every consumer subscribes to it
// alone. Each subscriber has one ordered queue:
//
//   - States coalesce: a vehicle changed since the subscriber's last
//     read appears once, at the place of its first change, carrying its
//     latest state (never older than the events before it, perhaps newer
//     than those after). So do vessel contacts (VesselEvent, by contact
//     id) and detections (DetectionsEvent, by vehicle and stream: a
//     subscriber behind gets only each stream's latest frame of boxes).
//   - Every other event is delivered losslessly and in publication
//     order, up to QueueSize events waiting. The event that would exceed
//     the bound discards the queue and puts a SnapshotEvent in its place
//     that says how many events were lost and holds the picture to start
//     again from: a subscriber is never left behind silently.
//
// Publishing never blocks: it takes a mutex for as long as it takes to
// append to each subscriber's queue. The zero value is ready; a nil
// *Events drops what is published to it. The stream has no goroutine.
type Events struct {
	// QueueSize bounds the events (vehicle states aside, which coalesce)
	// waiting for one subscriber (default DefaultQueueSize). Set it
	// before the first Subscribe.
	QueueSize int
	// RecentAlerts is how many cleared alerts a snapshot carries (default
	// DefaultRecentAlerts). Set it before the first Publish.
	RecentAlerts int

	mu   sync.Mutex
	subs map[*EventSub]struct{}
	pic  picture
}

// EventSub is one subscription to Events. C signals that events wait;
// Next takes them. Cancel it when done.
type EventSub struct {
	ev *Events
	c  chan struct{}

	// Guarded by ev.mu.
	queue      []Event
	spare      []Event          // the slice Next returned last, reused
	at         map[stateKey]int // where in queue a state's pending value is
	events     int              // entries in queue that are not states
	unreported int              // events lost and not yet told by a snapshot read
}

// Subscribe starts a subscription. Its first event is a SnapshotEvent of
// everything announced so far, so a subscriber starts from the whole
// picture.
func (e *Events) Subscribe() *EventSub {
	s := &EventSub{ev: e, c: make(chan struct{}, 1), at: map[stateKey]int{}}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.subs == nil {
		e.subs = map[*EventSub]struct{}{}
	}
	e.subs[s] = struct{}{}
	s.queue = append(s.queue, e.pic.snapshot(0, e.recentAlerts()))
	s.signal()
	return s
}

// Publish hands evs, in order, to every subscriber; it never blocks.
// SnapshotEvents are the stream's own and are ignored.
func (e *Events) Publish(evs ...Event) {
	if e == nil || len(evs) == 0 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, ev := range evs {
		if _, own := ev.(SnapshotEvent); own {
			continue
		}
		e.pic.record(ev, e.recentAlerts())
		for s := range e.subs {
			s.add(ev)
		}
	}
	for s := range e.subs {
		s.signal()
	}
}

func (e *Events) queueSize() int {
	if e.QueueSize > 0 {
		return e.QueueSize
	}
	return DefaultQueueSize
}

func (e *Events) recentAlerts() int {
	if e.RecentAlerts > 0 {
		return e.RecentAlerts
	}
	return DefaultRecentAlerts
}

// add queues one event; it runs under ev.mu.
func (s *EventSub) add(ev Event) {
	if k, ok := keyOf(ev); ok {
		// The index is right only while it points at this state: a read
		// or a gap since then has emptied the queue.
		if i, ok := s.at[k]; ok && i < len(s.queue) {
			if pk, ok := keyOf(s.queue[i]); ok && pk == k {
				s.queue[i] = ev
				return
			}
		}
		s.at[k] = len(s.queue)
		s.queue = append(s.queue, ev)
		return
	}
	if s.events >= s.ev.queueSize() {
		s.overflow()
		return
	}
	s.queue = append(s.queue, ev)
	s.events++
}

// overflow replaces the queue, which holds as many events as allowed and
// one more is coming, by a snapshot that already holds that one's effect.
func (s *EventSub) overflow() {
	s.unreported += s.events + 1
	clear(s.queue)
	s.queue = append(s.queue[:0], s.ev.pic.snapshot(s.unreported, s.ev.recentAlerts()))
	s.events = 0
}

func (s *EventSub) signal() {
	select {
	case s.c <- struct{}{}:
	default:
	}
}

// C receives a value when events wait for Next.
func (s *EventSub) C() <-chan struct{} { return s.c }

// Next takes every waiting event, oldest first (see Events for the
// order); nil when none waits or after Cancel. The slice is the
// subscription's: it is valid until the next call of Next.
func (s *EventSub) Next() []Event {
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	if len(s.queue) == 0 {
		return nil
	}
	out := s.queue
	clear(s.spare) // the batch before last: let its states go
	s.queue, s.spare = s.spare[:0], out
	s.events, s.unreported = 0, 0
	if len(s.at) > maxStateIndex {
		// Every entry is stale now that the queue is empty: forget the
		// contacts ever seen rather than grow with them.
		s.at = make(map[stateKey]int, 64)
	}
	return out
}

// Cancel ends the subscription: nothing more is queued for it and Next
// returns nil. It may be called more than once.
func (s *EventSub) Cancel() {
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	delete(s.ev.subs, s)
	s.queue, s.spare, s.at = nil, nil, nil
}

// maxStateIndex bounds the index of pending states a subscription keeps
// between reads (vehicles, contacts, streams ever seen).
const maxStateIndex = 4096

// stateKey names a state that coalesces: a vehicle, a vessel contact or
// a stream's detections.
type stateKey struct {
	kind   byte // 'v' vehicle, 's' vessel, 'd' detections, 't' target, 'a' AIS vessel, 'i' incident, 'r' report
	id     string
	stream string
}

// keyOf returns the key of a state event; ok false for every other
// event (and for a state without its value, which is queued as is).
func keyOf(ev Event) (k stateKey, ok bool) {
	switch e := ev.(type) {
	case VehicleEvent:
		return stateKey{kind: 'v', id: string(e.Vehicle.ID)}, true
	case VesselEvent:
		if e.Vessel == nil {
			return k, false
		}
		return stateKey{kind: 's', id: string(e.Vessel.ID)}, true
	case DetectionsEvent:
		if e.Detections == nil {
			return k, false
		}
		return stateKey{kind: 'd', id: string(e.Detections.Vehicle), stream: e.Detections.Stream}, true
	case TargetEvent:
		return stateKey{kind: 't', id: string(e.ID)}, true
	case AISEvent:
		return stateKey{kind: 'a', id: strconv.FormatUint(uint64(e.MMSI), 10)}, true
	case IncidentEvent:
		if e.Incident == nil {
			return k, false
		}
		return stateKey{kind: 'i', id: e.Incident.ID}, true
	case ReportEvent:
		if e.Report == nil {
			return k, false
		}
		return stateKey{kind: 'r', id: e.Report.ID}, true
	}
	return k, false
}
