package store

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"skerry/gcs"
)

// Defaults of an AISRecorder.
const (
	DefaultAISEvery      = 10 * time.Second
	DefaultAISFlush      = 5 * time.Second
	DefaultAISPruneEvery = time.Hour
)

// AISRecorder keeps the AIS positions the event stream announces
// (gcs.AISEvent, and the targets' AIS data of gcs.TargetEvent and of the
// snapshot it starts from) in the AIS history: at most one point per vessel per
// Every, added in one transaction per Flush, and, when Retention is set,
// prunes the vessel history (PruneHistory) older than Retention every
// PruneEvery. A failed write is logged as an error and counted (Errors),
// its batch dropped: the recorder goes on.
//
// Run owns its state; set the fields before it.
type AISRecorder struct {
	Store  *Store
	Events *gcs.Events
	Log    *slog.Logger
	// Every thins each vessel's points (default DefaultAISEvery); Flush
	// is how often a batch is written (default DefaultAISFlush).
	Every, Flush time.Duration
	// Retention is how long the vessel history is kept; 0 keeps it all.
	Retention  time.Duration
	PruneEvery time.Duration // default DefaultAISPruneEvery
	// Now is the clock of pruning (default time.Now).
	Now func() time.Time

	added, failed atomic.Uint64
}

// Added is how many points the recorder added; Errors how many of its
// writes failed.
func (r *AISRecorder) Added() uint64  { return r.added.Load() }
func (r *AISRecorder) Errors() uint64 { return r.failed.Load() }

// Run records until ctx ends, then writes what it holds and returns.
func (r *AISRecorder) Run(ctx context.Context) {
	every, flush, pruneEvery := or(r.Every, DefaultAISEvery), or(r.Flush, DefaultAISFlush), or(r.PruneEvery, DefaultAISPruneEvery)
	now, log := r.Now, r.Log
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sub := r.Events.Subscribe()
	defer sub.Cancel()
	flushT, pruneT := time.NewTicker(flush), time.NewTicker(pruneEvery)
	defer flushT.Stop()
	defer pruneT.Stop()

	last := map[uint32]time.Time{} // the time of each vessel's last point
	var batch []AISPoint
	take := func(v *gcs.AISVessel) {
		p, ok := AISPointOf(v)
		if !ok {
			return
		}
		if t, seen := last[p.MMSI]; seen && p.At.Sub(t) < every {
			return
		}
		last[p.MMSI] = p.At
		batch = append(batch, p)
	}
	write := func(ctx context.Context) {
		if len(batch) == 0 {
			return
		}
		n, err := r.Store.AISHistory().Add(ctx, batch)
		if err != nil {
			r.failed.Add(1)
			log.Error("AIS history: points lost", "points", len(batch), "err", err)
		}
		r.added.Add(uint64(n))
		batch = batch[:0]
	}
	prune := func() {
		if r.Retention <= 0 {
			return
		}
		points, contacts, err := r.Store.PruneHistory(ctx, now().Add(-r.Retention))
		if err != nil {
			r.failed.Add(1)
			log.Error("vessel history: pruning failed", "err", err)
			return
		}
		if points+contacts > 0 {
			log.Info("vessel history pruned", "ais_points", points, "contacts", contacts, "retention", r.Retention)
		}
	}
	read := func() {
		for _, ev := range sub.Next() {
			switch e := ev.(type) {
			case gcs.AISEvent:
				if e.Vessel == nil {
					delete(last, e.MMSI)
					continue
				}
				take(e.Vessel)
			case gcs.TargetEvent:
				if e.Target != nil {
					take(e.Target.AIS)
				}
			case gcs.SnapshotEvent:
				for _, t := range e.Targets {
					take(t.AIS)
				}
			}
		}
	}
	prune()
	for {
		select {
		case <-ctx.Done():
			read()
			done, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			write(done)
			cancel()
			return
		case <-sub.C():
			read()
		case <-flushT.C:
			write(ctx)
		case <-pruneT.C:
			prune()
		}
	}
}

// or is d, or def when d is not positive.
func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
