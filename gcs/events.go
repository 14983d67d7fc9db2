package gcs

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// Event is one change the core announces to every consumer (the consoles'
// hub, and later the store, the rules and the reports). The set is closed:
// OrderEvent and OperationEvent here; vehicle states and alerts still come
// by Fleet.Subscribe, which coalesces states.
type Event interface{ event() }

// OrderEvent is the outcome of one order, from whichever front end gave
// it (console, command line, demo script, an automatic response).
type OrderEvent struct {
	ID      string // the order's request id, unique per order
	Kind    CommandKind
	Results []Result
}

// OperationEvent announces a new active operation.
type OperationEvent struct{ Operation *Operation }

func (OrderEvent) event()     {}
func (OperationEvent) event() {}

// Events delivers events to its subscribers losslessly and in order: a
// subscriber that falls behind only makes its own queue longer (order
// results and overrides are never dropped). The zero value is ready; a
// nil *Events drops what is published to it.
type Events struct {
	mu   sync.Mutex
	subs map[*EventSub]struct{}
}

// EventSub is one subscription. C signals that events are waiting; Next
// takes them.
type EventSub struct {
	ev    *Events
	c     chan struct{}
	mu    sync.Mutex
	queue []Event
	most  int // the longest the queue has been
}

// Subscribe starts a subscription; Cancel it when done.
func (e *Events) Subscribe() *EventSub {
	s := &EventSub{ev: e, c: make(chan struct{}, 1)}
	e.mu.Lock()
	if e.subs == nil {
		e.subs = map[*EventSub]struct{}{}
	}
	e.subs[s] = struct{}{}
	e.mu.Unlock()
	return s
}

// Publish hands ev to every subscriber; it never blocks.
func (e *Events) Publish(ev Event) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for s := range e.subs {
		s.mu.Lock()
		s.queue = append(s.queue, ev)
		s.most = max(s.most, len(s.queue))
		s.mu.Unlock()
		select {
		case s.c <- struct{}{}:
		default:
		}
	}
}

// C is signalled when events are waiting.
func (s *EventSub) C() <-chan struct{} { return s.c }

// Next takes every waiting event, oldest first.
func (s *EventSub) Next() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.queue
	s.queue = nil
	return out
}

// Backlog is the longest the queue has been, for metrics.
func (s *EventSub) Backlog() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.most
}

// Cancel ends the subscription.
func (s *EventSub) Cancel() {
	s.ev.mu.Lock()
	delete(s.ev.subs, s)
	s.ev.mu.Unlock()
}

// newOrderID returns a random request id of 16 hex digits.
func newOrderID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
