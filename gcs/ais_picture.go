package gcs

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of AISPicture.
const (
	// DefaultAISRetention: a vessel unheard this long leaves the live
	// picture (AIS class A reports every 2 to 10 s under way and every
	// 3 min at anchor; class B every 30 s to 3 min).
	DefaultAISRetention = 10 * time.Minute
	DefaultAISQueue     = 1024
	DefaultAISVessels   = 10_000
)

// AISPicture keeps the vessels AIS reports: per MMSI, the latest position
// and motion, the static data merged across messages, and when each was
// heard. A vessel unheard for Retention is dropped.
//
// One goroutine owns the picture; Update hands it reports through a
// bounded queue and never blocks. Zero values of the optional fields mean
// the documented defaults. Call Initialize before use and Close when done.
type AISPicture struct {
	// Events, when set, hears every vessel's new state (AISEvent) and its
	// leaving the picture.
	Events *Events
	Log    *slog.Logger
	Now    func() time.Time
	// Retention is how long an unheard vessel stays (default
	// DefaultAISRetention).
	Retention time.Duration
	// Queue bounds the reports waiting for the owner goroutine (default
	// DefaultAISQueue); when full, a report is dropped and counted.
	Queue int
	// Vessels bounds the vessels kept (default DefaultAISVessels): a new
	// vessel beyond it replaces the one heard longest ago.
	Vessels int

	in      chan AISReport
	reqs    chan func()
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once
	stats   aisCounters

	// Owned by the owner goroutine.
	vessels map[uint32]*aisEntry
}

// AISStats counts what AISPicture did with the reports.
type AISStats struct {
	Reports uint64 // applied
	Dropped uint64 // lost: the queue was full
	Invalid uint64 // refused: see CheckAISReport
	Stale   uint64 // dynamic data older than the vessel's latest (static data still merged)
	Expired uint64 // vessels dropped: unheard for Retention, or crowded out
	Vessels int    // in the live picture
}

type aisCounters struct {
	reports, dropped, invalid, stale, expired atomic.Uint64
	vessels                                   atomic.Int64
}

// Initialize starts the owner goroutine.
func (p *AISPicture) Initialize() error {
	if p.Log == nil {
		p.Log = slog.New(slog.DiscardHandler)
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Retention <= 0 {
		p.Retention = DefaultAISRetention
	}
	if p.Queue <= 0 {
		p.Queue = DefaultAISQueue
	}
	if p.Vessels <= 0 {
		p.Vessels = DefaultAISVessels
	}
	p.in = make(chan AISReport, p.Queue)
	p.reqs = make(chan func())
	p.done = make(chan struct{})
	p.stopped = make(chan struct{})
	p.vessels = map[uint32]*aisEntry{}
	go p.run()
	return nil
}

// Close applies the reports still waiting and stops the owner goroutine;
// it may be called more than once.
func (p *AISPicture) Close() {
	if p.done == nil {
		return // never initialized
	}
	p.once.Do(func() { close(p.done) })
	<-p.stopped
}

func (p *AISPicture) run() {
	defer close(p.stopped)
	// Unheard vessels leave on a tick, not only when asked about, so that
	// the stream hears of it.
	tick := time.NewTicker(min(p.Retention/10, 10*time.Second))
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			p.expire()
		case r := <-p.in:
			p.apply(r)
		case req := <-p.reqs:
			req()
		case <-p.done:
			p.drain()
			return
		}
	}
}

// drain applies the reports waiting.
func (p *AISPicture) drain() {
	for {
		select {
		case r := <-p.in:
			p.apply(r)
		default:
			return
		}
	}
}

// do runs fn on the owner goroutine after the reports waiting and waits
// for it; false when the picture is closed or ctx ends first.
func (p *AISPicture) do(ctx context.Context, fn func()) bool {
	if p.reqs == nil {
		return false
	}
	ran := make(chan struct{})
	select {
	case p.reqs <- func() { p.drain(); p.expire(); fn(); close(ran) }:
	case <-p.done:
		return false
	case <-ctx.Done():
		return false
	}
	<-ran
	return true
}

// Update takes one report. It never blocks: a full queue drops it
// (counted); an invalid one is counted, logged and skipped.
func (p *AISPicture) Update(r AISReport) {
	if err := CheckAISReport(&r); err != nil {
		if n := p.stats.invalid.Add(1); n <= 100 || n%1000 == 0 {
			p.Log.Warn("AIS report skipped", "mmsi", r.MMSI, "err", err, "skipped_so_far", n)
		}
		return
	}
	if r.Static != nil {
		s := *r.Static
		r.Static = &s
	}
	select {
	case p.in <- r: // a nil channel (never initialized) is never ready
	default:
		p.stats.dropped.Add(1)
	}
}

// apply merges one report on the owner goroutine.
func (p *AISPicture) apply(r AISReport) {
	now := p.Now()
	e := p.vessels[r.MMSI]
	if e == nil {
		if len(p.vessels) >= p.Vessels {
			p.expire()
			if len(p.vessels) >= p.Vessels {
				p.evictOldest()
			}
		}
		e = &aisEntry{v: AISVessel{MMSI: r.MMSI}}
		p.vessels[r.MMSI] = e
		p.stats.vessels.Store(int64(len(p.vessels)))
	}
	if !e.apply(&r, now) {
		p.stats.stale.Add(1)
	}
	p.stats.reports.Add(1)
	if p.Events != nil {
		v := e.v // apply replaces the fields it changes, never writes through them
		p.Events.Publish(AISEvent{MMSI: r.MMSI, Vessel: &v})
	}
}

// announceGone tells the stream that a vessel left the picture.
func (p *AISPicture) announceGone(mmsi uint32) {
	if p.Events != nil {
		p.Events.Publish(AISEvent{MMSI: mmsi})
	}
}

// expire drops the vessels unheard for Retention.
func (p *AISPicture) expire() {
	cut := p.Now().Add(-p.Retention)
	for id, e := range p.vessels {
		if e.v.LastHeard.Before(cut) {
			delete(p.vessels, id)
			p.stats.expired.Add(1)
			p.announceGone(id)
		}
	}
	p.stats.vessels.Store(int64(len(p.vessels)))
}

// evictOldest drops the vessel heard longest ago.
func (p *AISPicture) evictOldest() {
	var (
		oldest uint32
		when   time.Time
	)
	for id, e := range p.vessels {
		if oldest == 0 || e.v.LastHeard.Before(when) {
			oldest, when = id, e.v.LastHeard
		}
	}
	delete(p.vessels, oldest)
	p.stats.expired.Add(1)
	p.announceGone(oldest)
	p.stats.vessels.Store(int64(len(p.vessels)))
}

// errAISClosed: the picture is closed, or the caller gave up.
var errAISClosed = errors.New("AIS picture: closed")

// List returns the live vessels, most recently heard first (then by MMSI).
func (p *AISPicture) List(ctx context.Context) ([]AISVessel, error) {
	var out []AISVessel
	if !p.do(ctx, func() {
		out = make([]AISVessel, 0, len(p.vessels))
		for _, e := range p.vessels {
			out = append(out, e.v)
		}
	}) {
		return nil, p.gone(ctx)
	}
	slices.SortFunc(out, func(a, b AISVessel) int {
		if c := b.LastHeard.Compare(a.LastHeard); c != 0 {
			return c
		}
		return int(int64(a.MMSI) - int64(b.MMSI))
	})
	return out, nil
}

// Get returns one live vessel; ErrNoAISVessel when there is none of that
// MMSI.
func (p *AISPicture) Get(ctx context.Context, mmsi uint32) (AISVessel, error) {
	var (
		v     AISVessel
		found bool
	)
	if !p.do(ctx, func() {
		if e := p.vessels[mmsi]; e != nil {
			v, found = e.v, true
		}
	}) {
		return AISVessel{}, p.gone(ctx)
	}
	if !found {
		return AISVessel{}, ErrNoAISVessel
	}
	return v, nil
}

func (p *AISPicture) gone(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return errAISClosed
}

// Stats returns the counters; safe from any goroutine.
func (p *AISPicture) Stats() AISStats {
	return AISStats{
		Reports: p.stats.reports.Load(), Dropped: p.stats.dropped.Load(), Invalid: p.stats.invalid.Load(),
		Stale: p.stats.stale.Load(), Expired: p.stats.expired.Load(), Vessels: int(p.stats.vessels.Load()),
	}
}
