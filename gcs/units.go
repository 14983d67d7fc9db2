package gcs

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"
)

// Errors of the units use case.
var (
	// ErrBadUnit: a unit cannot be kept as it is; the error says why.
	ErrBadUnit = errors.New("bad unit")
	// ErrNoReport: no report has that id.
	ErrNoReport = errors.New("no such report")
	// ErrUnitToken: the token given is not the unit's.
	ErrUnitToken = errors.New("not the unit's token")
)

// Units is the use case behind the units API and the units' own: the
// maritime units kept in Store, their reports in Outbox, and the units'
// acknowledgements. Check validates a unit before it is kept (nil: the
// store's checks alone); Changed is called after a unit changed (the
// dispatcher reloads them).
type Units struct {
	Store   UnitStore
	Outbox  Outbox
	Report  func(ctx context.Context, id string) (Report, error) // one report, with its body
	Events  *Events
	Check   func(Unit) error
	Changed func()
	Now     func() time.Time
}

// List returns the units, sorted by id.
func (us *Units) List(ctx context.Context) ([]Unit, error) { return us.Store.Units(ctx) }

// Get returns one unit; an error wrapping ErrNoUnit when there is none.
func (us *Units) Get(ctx context.Context, id UnitID) (Unit, error) {
	all, err := us.Store.Units(ctx)
	if err != nil {
		return Unit{}, err
	}
	for _, u := range all {
		if u.ID == id {
			return u, nil
		}
	}
	return Unit{}, fmt.Errorf("unit %q: %w", id, ErrNoUnit)
}

// Put adds or replaces a unit. A secret or token left empty keeps the
// one stored (the API never gives them back, so a client editing a unit
// does not have them). Errors for a bad unit wrap ErrBadUnit.
func (us *Units) Put(ctx context.Context, u Unit) (Unit, error) {
	if old, err := us.Get(ctx, u.ID); err == nil {
		if u.Secret == "" {
			u.Secret = old.Secret
		}
		if u.Token == "" {
			u.Token = old.Token
		}
	} else if !errors.Is(err, ErrNoUnit) {
		return Unit{}, err
	}
	if us.Check != nil {
		if err := us.Check(u); err != nil {
			return Unit{}, err
		}
	}
	if err := us.Store.PutUnit(ctx, u); err != nil {
		return Unit{}, err
	}
	us.changed()
	return u, nil
}

// Delete removes a unit; its reports stay in the outbox (undelivered
// ones are no longer tried).
func (us *Units) Delete(ctx context.Context, id UnitID) error {
	if err := us.Store.DeleteUnit(ctx, id); err != nil {
		return err
	}
	us.changed()
	return nil
}

func (us *Units) changed() {
	if us.Changed != nil {
		us.Changed()
	}
}

// Reports lists the reports (without bodies), most recent first, of one
// unit, one incident, or both ("" for any).
func (us *Units) Reports(ctx context.Context, unit UnitID, incident string, limit int) ([]Report, error) {
	return us.Outbox.Reports(ctx, unit, incident, limit)
}

// Ack records that the report's unit acknowledged it, as the holder of
// the unit's token: errors wrap ErrNoReport, or ErrUnitToken when the
// token is not that unit's (or the unit has none). The operators hear of
// it (ReportEvent).
func (us *Units) Ack(ctx context.Context, id, token string) (Report, error) {
	r, err := us.Report(ctx, id)
	if err != nil {
		return Report{}, err
	}
	u, err := us.Get(ctx, r.Unit)
	if err != nil || u.Token == "" || subtle.ConstantTimeCompare([]byte(u.Token), []byte(token)) != 1 {
		return Report{}, fmt.Errorf("report %s: %w", id, ErrUnitToken)
	}
	now := time.Now
	if us.Now != nil {
		now = us.Now
	}
	if err := us.Outbox.MarkAcked(ctx, id, now(), string(u.ID)); err != nil {
		return Report{}, err
	}
	if r, err = us.Report(ctx, id); err != nil {
		return Report{}, err
	}
	r.Body = nil
	if us.Events != nil {
		us.Events.Publish(ReportEvent{Report: &r})
	}
	return r, nil
}
