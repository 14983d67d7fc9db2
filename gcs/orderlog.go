package gcs

import (
	"context"
	"log/slog"
	"time"
)

// OrderRecord is one order given to one vehicle, as the journal keeps
// it: what was ordered, how it ended, and the override it was given under.
type OrderRecord struct {
	At         time.Time `json:"at"`
	Vehicle    VehicleID `json:"vehicle"`
	Command    Command   `json:"command"`
	OK         bool      `json:"ok"`
	Error      string    `json:"error,omitempty"`
	Override   *Override `json:"override,omitempty"`
	Overridden []string  `json:"overridden,omitempty"`
}

// OrderJournal keeps every order durably: who overrode which rule, and
// why, must survive the station. Implementations are safe for concurrent
// use.
type OrderJournal interface {
	// Record appends one order.
	Record(ctx context.Context, r OrderRecord) error
	// Recent returns up to n orders, newest first; overridden only when
	// onlyOverridden.
	Recent(ctx context.Context, n int, onlyOverridden bool) ([]OrderRecord, error)
}

// journal records one vehicle's order, if the commander keeps a journal.
func (c *Commander) journal(r Result, cmd Command) {
	rec := OrderRecord{At: c.now(), Vehicle: r.Vehicle, Command: cmd, OK: r.OK, Error: r.Error, Override: r.Override, Overridden: r.Overridden}
	rec.Command.Override = nil // kept once, in Override, and only when used
	record(c.Journal, c.log(), rec)
}

// journalTimeout bounds one journal write.
const journalTimeout = 5 * time.Second

// record writes rec to j (nil: no journal). A write that fails is logged:
// the order has been given either way.
func record(j OrderJournal, log *slog.Logger, rec OrderRecord) {
	if j == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), journalTimeout)
	defer cancel()
	if err := j.Record(ctx, rec); err != nil {
		log.Error("order not journalled", "vehicle", rec.Vehicle, "kind", rec.Command.Kind, "err", err)
	}
}
