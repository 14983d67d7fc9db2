package gcs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of Vessels.
const (
	DefaultVesselQueue    = 256
	DefaultVesselTrack    = 500
	DefaultVesselSpan     = time.Hour
	DefaultVesselGap      = 2 * time.Second
	DefaultVesselContacts = 1000
	DefaultVesselRecall   = time.Hour
)

// Vessels keeps the vessel contacts the tracker reports: their latest
// state, their history (through Store) and their best pictures, and
// announces them on the event stream.
//
// One goroutine owns the contacts; Update hands it the tracker's reports
// through a bounded queue and never waits for it. Zero values of the
// optional fields mean the documented defaults. Call Initialize before use
// and Close when done.
type Vessels struct {
	Events *Events
	// Store keeps contacts durably; nil keeps them in memory only.
	Store VesselStore
	Log   *slog.Logger
	Now   func() time.Time

	// Queue bounds the updates waiting for the owner goroutine (default
	// DefaultVesselQueue). When it is full, an update replaces the
	// waiting one of the same contact; with none, it is dropped and
	// counted (Stats.Dropped).
	Queue int
	// TrackPoints and TrackSpan bound a contact's track in memory: its
	// last TrackPoints points within TrackSpan of its last sighting
	// (defaults DefaultVesselTrack, DefaultVesselSpan). The store keeps
	// the whole history.
	TrackPoints int
	TrackSpan   time.Duration
	// TrackGap thins the track: a point is added (and stored) only when
	// TrackGap has passed since the one before (default
	// DefaultVesselGap).
	TrackGap time.Duration
	// Contacts bounds the contacts in memory, the most recently seen
	// (default DefaultVesselContacts); the others are answered from the
	// store.
	Contacts int
	// Recall is how far back Initialize loads contacts from the store
	// (default DefaultVesselRecall): those seen within it are in memory
	// and announced again.
	Recall time.Duration

	reqs    chan func()
	wake    chan struct{}
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once
	stats   vesselCounters

	mu      sync.Mutex // guards pending and queued
	pending []VesselUpdate
	queued  map[VesselID]int // index in pending of a contact's update

	// Owned by the owner goroutine.
	contacts map[VesselID]*contact
}

// VesselStats counts what Vessels did with the tracker's reports.
type VesselStats struct {
	Updates     uint64 // applied
	Coalesced   uint64 // replaced a waiting update of the same contact
	Dropped     uint64 // lost: the queue was full
	Invalid     uint64 // refused: no id, a position off the globe, NaN...
	Stale       uint64 // older than the contact's last state
	StoreErrors uint64 // failed to be stored (kept in memory)
	Detections  uint64 // frames of detections announced
	Contacts    int    // in memory
}

type vesselCounters struct {
	updates, coalesced, dropped, invalid, stale, storeErrors, detections atomic.Uint64
	contacts                                                             atomic.Int64
}

// Initialize loads the contacts seen within Recall from the store,
// announces them and starts the owner goroutine. A store that cannot be
// read is logged and counted (Stats.StoreErrors), not fatal.
func (vs *Vessels) Initialize() error {
	vs.defaults()
	vs.reqs = make(chan func())
	vs.wake = make(chan struct{}, 1)
	vs.done = make(chan struct{})
	vs.stopped = make(chan struct{})
	vs.queued = map[VesselID]int{}
	vs.contacts = map[VesselID]*contact{}
	if err := vs.recall(context.Background()); err != nil {
		// The station runs on: new contacts are kept, older ones are
		// asked of the store again when wanted.
		vs.stats.storeErrors.Add(1)
		vs.Log.Error("vessel contacts not recalled from the store", "err", err)
	}
	go vs.run()
	return nil
}

func (vs *Vessels) defaults() {
	if vs.Log == nil {
		vs.Log = slog.New(slog.DiscardHandler)
	}
	if vs.Now == nil {
		vs.Now = time.Now
	}
	if vs.Queue <= 0 {
		vs.Queue = DefaultVesselQueue
	}
	if vs.TrackPoints <= 0 {
		vs.TrackPoints = DefaultVesselTrack
	}
	if vs.TrackSpan <= 0 {
		vs.TrackSpan = DefaultVesselSpan
	}
	if vs.TrackGap <= 0 {
		vs.TrackGap = DefaultVesselGap
	}
	if vs.Contacts <= 0 {
		vs.Contacts = DefaultVesselContacts
	}
	if vs.Recall <= 0 {
		vs.Recall = DefaultVesselRecall
	}
}

// Close applies the updates still waiting and stops the owner goroutine;
// it may be called more than once.
func (vs *Vessels) Close() {
	if vs.done == nil {
		return // never initialized
	}
	vs.once.Do(func() { close(vs.done) })
	<-vs.stopped
}

func (vs *Vessels) run() {
	defer close(vs.stopped)
	for {
		select {
		case <-vs.wake:
			vs.applyPending()
		case req := <-vs.reqs:
			req()
		case <-vs.done:
			vs.applyPending()
			return
		}
	}
}

// do runs fn on the owner goroutine, after the updates waiting (so that
// a question sees every update given before it), and waits for it; false
// when the component is closed or ctx ends first.
func (vs *Vessels) do(ctx context.Context, fn func()) bool {
	if vs.reqs == nil {
		return false // never initialized
	}
	ran := make(chan struct{})
	select {
	case vs.reqs <- func() { vs.applyPending(); fn(); close(ran) }:
	case <-vs.done:
		return false
	case <-ctx.Done():
		return false
	}
	<-ran
	return true
}

// Update takes a contact's new state from the tracker. It does not block
// for long: the owner goroutine applies it. An invalid update (see
// CheckVesselUpdate) is counted, logged and skipped.
func (vs *Vessels) Update(u VesselUpdate) {
	if err := CheckVesselUpdate(&u); err != nil {
		if n := vs.stats.invalid.Add(1); n <= 100 || n%1000 == 0 {
			vs.Log.Warn("vessel update skipped", "vessel", truncateID(u.Vessel.ID), "err", err, "skipped_so_far", n)
		}
		return
	}
	// The tracker may reuse its buffers: keep copies.
	u.Snapshot = bytes.Clone(u.Snapshot)
	u.Vessel.SeenBy = slices.Clone(u.Vessel.SeenBy)
	u.Vessel.Track = nil
	vs.mu.Lock()
	id := u.Vessel.ID
	switch i, ok := vs.queued[id]; {
	case vs.queued == nil: // never initialized
		vs.stats.dropped.Add(1)
	case len(vs.pending) < vs.Queue:
		vs.queued[id] = len(vs.pending)
		vs.pending = append(vs.pending, u)
	case ok:
		if u.Snapshot == nil {
			u.Snapshot = vs.pending[i].Snapshot // the better picture it brought stays
		}
		vs.pending[i] = u
		vs.stats.coalesced.Add(1)
	default:
		vs.stats.dropped.Add(1)
	}
	vs.mu.Unlock()
	select {
	case vs.wake <- struct{}{}: // a nil wake (never initialized) is never ready
	default:
	}
}

// applyPending takes the waiting updates and applies them in order.
func (vs *Vessels) applyPending() {
	vs.mu.Lock()
	batch := vs.pending
	vs.pending = nil
	clear(vs.queued)
	vs.mu.Unlock()
	var evs []Event
	for _, u := range batch {
		if v := vs.apply(u); v != nil {
			evs = append(evs, VesselEvent{Vessel: v})
		}
	}
	vs.Events.Publish(evs...)
}

// Detected announces one analysed frame's detections (for the consoles).
// They are transient: neither kept nor stored. Invalid ones (no vehicle,
// a box outside the frame, a NaN score) are counted and skipped.
func (vs *Vessels) Detected(d Detections) {
	if err := CheckDetections(&d); err != nil {
		if n := vs.stats.invalid.Add(1); n <= 100 || n%1000 == 0 {
			vs.Log.Warn("detections skipped", "vehicle", truncateID(VesselID(d.Vehicle)), "err", err, "skipped_so_far", n)
		}
		return
	}
	d.Boxes = append([]DetectionBox{}, d.Boxes...)
	vs.stats.detections.Add(1)
	vs.Events.Publish(DetectionsEvent{Detections: &d})
}

// Stats returns the counters.
func (vs *Vessels) Stats() VesselStats {
	return VesselStats{
		Updates: vs.stats.updates.Load(), Coalesced: vs.stats.coalesced.Load(), Dropped: vs.stats.dropped.Load(),
		Invalid: vs.stats.invalid.Load(), Stale: vs.stats.stale.Load(), StoreErrors: vs.stats.storeErrors.Load(),
		Detections: vs.stats.detections.Load(), Contacts: int(vs.stats.contacts.Load()),
	}
}

var _ VesselSink = (*Vessels)(nil)

// errClosed: the component is closed, or the caller gave up.
var errClosed = errors.New("vessels: closed")

// List returns every contact, newest seen first, without tracks: those in
// memory and, with a store, those it keeps. The values share their
// SeenBy with the component: read them, do not modify them.
func (vs *Vessels) List(ctx context.Context) ([]Vessel, error) {
	return vs.ListSince(ctx, time.Time{})
}

// ListSince is List of the contacts last seen at or after since.
func (vs *Vessels) ListSince(ctx context.Context, since time.Time) ([]Vessel, error) {
	var mem []*Vessel
	if !vs.do(ctx, func() { mem = vs.memList() }) {
		return nil, vs.gone(ctx)
	}
	mem = slices.DeleteFunc(mem, func(v *Vessel) bool { return v.LastSeen.Before(since) })
	byID := make(map[VesselID]*Vessel, len(mem))
	for _, v := range mem {
		byID[v.ID] = v
	}
	if vs.Store != nil {
		stored, err := vs.storedSince(ctx, since)
		if err != nil {
			return nil, fmt.Errorf("vessels: %w", err)
		}
		for i := range stored {
			if _, ok := byID[stored[i].ID]; !ok {
				stored[i].Track = nil
				mem = append(mem, &stored[i])
			}
		}
		sortVessels(mem)
	}
	out := make([]Vessel, len(mem))
	for i, v := range mem {
		out[i] = *v
	}
	return out, nil
}

// Get returns one contact with its track: from memory (the track kept
// there: its last TrackPoints points within TrackSpan), else from the
// store (its whole stored track); ErrNoVessel when neither has it.
func (vs *Vessels) Get(ctx context.Context, id VesselID) (Vessel, error) {
	var (
		v     Vessel
		found bool
	)
	if !vs.do(ctx, func() {
		if c := vs.contacts[id]; c != nil {
			v, found = c.withTrack(), true
		}
	}) {
		return Vessel{}, vs.gone(ctx)
	}
	if found {
		return v, nil
	}
	if vs.Store == nil {
		return Vessel{}, fmt.Errorf("%w: %q", ErrNoVessel, id)
	}
	v, err := vs.Store.Vessel(ctx, id)
	if err != nil {
		return Vessel{}, fmt.Errorf("vessel %q: %w", id, err)
	}
	return v, nil
}

// Snapshot returns a contact's best picture (JPEG); ErrNoVessel when
// there is no such contact or no picture of it.
func (vs *Vessels) Snapshot(ctx context.Context, id VesselID) ([]byte, error) {
	var (
		jpeg  []byte
		found bool
	)
	if !vs.do(ctx, func() {
		if c := vs.contacts[id]; c != nil && c.snapshot != nil {
			jpeg, found = c.snapshot, true
		}
	}) {
		return nil, vs.gone(ctx)
	}
	if found {
		return jpeg, nil
	}
	if vs.Store == nil {
		return nil, fmt.Errorf("%w: no picture of %q", ErrNoVessel, id)
	}
	jpeg, err := vs.Store.VesselSnapshot(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("vessel %q: %w", id, err)
	}
	return jpeg, nil
}

// storedSince lists the store's contacts last seen at or after since.
func (vs *Vessels) storedSince(ctx context.Context, since time.Time) ([]Vessel, error) {
	if s, ok := vs.Store.(VesselStoreSince); ok {
		return s.VesselsSince(ctx, since)
	}
	all, err := vs.Store.Vessels(ctx)
	return slices.DeleteFunc(all, func(v Vessel) bool { return v.LastSeen.Before(since) }), err
}

// gone says why the owner goroutine did not answer.
func (vs *Vessels) gone(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("vessels: %w", err)
	}
	return errClosed
}

// Counters returns the stats by metric name, for the station's /metrics
// (web.Server.Stats): vessel_updates, vessel_updates_coalesced,
// vessel_updates_dropped, vessel_updates_invalid, vessel_updates_stale,
// vessel_store_errors, vessel_detections, vessel_contacts.
func (s VesselStats) Counters() map[string]uint64 {
	return map[string]uint64{
		"vessel_updates": s.Updates, "vessel_updates_coalesced": s.Coalesced, "vessel_updates_dropped": s.Dropped,
		"vessel_updates_invalid": s.Invalid, "vessel_updates_stale": s.Stale, "vessel_store_errors": s.StoreErrors,
		"vessel_detections": s.Detections, "vessel_contacts": uint64(s.Contacts),
	}
}
