package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"skerry/gcs"
)

// Plans is the saved-plan table; it implements gcs.PlanStore.
type Plans struct{ s *Store }

// Plans returns the saved plans of the database.
func (s *Store) Plans() *Plans { return &Plans{s: s} }

var _ gcs.PlanStore = (*Plans)(nil)

// listColumns are the columns List reads; Get adds the bodies.
const listColumns = `id, name, kind, created, modified, version, mission_items, fence_zones, rally_points,
	check_lawful, check_violations, check_profile, check_at`

// timeFormat is how times are stored: UTC, sortable as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// List returns every plan without its bodies, most recently modified
// first.
func (p *Plans) List(ctx context.Context) ([]gcs.StoredPlan, error) {
	rows, err := p.s.db.QueryContext(ctx, `SELECT `+listColumns+` FROM plans ORDER BY modified DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("listing plans: %w", err)
	}
	defer rows.Close()
	out := []gcs.StoredPlan{}
	for rows.Next() {
		var sp gcs.StoredPlan
		if err := scanPlan(rows.Scan, &sp); err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing plans: %w", err)
	}
	return out, nil
}

// Get returns plan id with its bodies.
func (p *Plans) Get(ctx context.Context, id string) (gcs.StoredPlan, error) {
	var sp gcs.StoredPlan
	var plan string
	var req sql.NullString
	row := p.s.db.QueryRowContext(ctx, `SELECT `+listColumns+`, plan, request FROM plans WHERE id = ?`, id)
	err := scanPlan(func(dest ...any) error { return row.Scan(append(dest, &plan, &req)...) }, &sp)
	if errors.Is(err, sql.ErrNoRows) {
		return sp, fmt.Errorf("%w: %q", gcs.ErrPlanNotFound, id)
	}
	if err != nil {
		return sp, err
	}
	sp.Plan = []byte(plan)
	if req.Valid {
		sp.Request = []byte(req.String)
	}
	return sp, nil
}

// Save creates plan sp (no ID) or updates it over sp.Version.
func (p *Plans) Save(ctx context.Context, sp gcs.StoredPlan) (gcs.StoredPlan, error) {
	if err := sp.Validate(); err != nil {
		return sp, err
	}
	sp.Modified = p.s.now().UTC().Round(0)
	if sp.Check != nil {
		c := *sp.Check
		c.At = c.At.UTC().Round(0)
		sp.Check = &c
	}
	if sp.ID == "" {
		return p.create(ctx, sp)
	}
	err := p.s.write(ctx, func(tx *sql.Tx) error {
		cur, created, err := current(ctx, tx, sp.ID)
		if err != nil {
			return err
		}
		if cur != sp.Version {
			return &gcs.PlanConflictError{ID: sp.ID, Version: sp.Version, Current: cur}
		}
		sp.Created, sp.Version = created, cur+1
		_, err = tx.ExecContext(ctx, `UPDATE plans SET name = ?, kind = ?, plan = ?, request = ?, modified = ?, version = ?,
			mission_items = ?, fence_zones = ?, rally_points = ?, check_lawful = ?, check_violations = ?, check_profile = ?, check_at = ?
			WHERE id = ? AND version = ?`, append(values(&sp), sp.ID, cur)...)
		return err
	})
	if err != nil {
		return sp, wrapWrite(sp.ID, err)
	}
	return sp, nil
}

func (p *Plans) create(ctx context.Context, sp gcs.StoredPlan) (gcs.StoredPlan, error) {
	sp.ID, sp.Created, sp.Version = newID(), sp.Modified, 1
	err := p.s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO plans (name, kind, plan, request, modified, version,
			mission_items, fence_zones, rally_points, check_lawful, check_violations, check_profile, check_at, id, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(values(&sp), sp.ID, sp.Created.Format(timeFormat))...)
		return err
	})
	if err != nil {
		return sp, fmt.Errorf("saving plan: %w", err)
	}
	return sp, nil
}

// Delete removes plan id (at version, unless version is 0).
func (p *Plans) Delete(ctx context.Context, id string, version int64) error {
	err := p.s.write(ctx, func(tx *sql.Tx) error {
		cur, _, err := current(ctx, tx, id)
		if err != nil {
			return err
		}
		if version != 0 && cur != version {
			return &gcs.PlanConflictError{ID: id, Version: version, Current: cur}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM plans WHERE id = ?`, id)
		return err
	})
	return wrapWrite(id, err)
}

// current reads a plan's version and creation time inside a write.
func current(ctx context.Context, tx *sql.Tx, id string) (int64, time.Time, error) {
	var v int64
	var created string
	err := tx.QueryRowContext(ctx, `SELECT version, created FROM plans WHERE id = ?`, id).Scan(&v, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, fmt.Errorf("%w: %q", gcs.ErrPlanNotFound, id)
	}
	if err != nil {
		return 0, time.Time{}, err
	}
	t, err := time.Parse(timeFormat, created)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("plan %s: damaged creation time %q", id, created)
	}
	return v, t, nil
}

// wrapWrite keeps the errors callers branch on as they are.
func wrapWrite(id string, err error) error {
	if err == nil || errors.Is(err, gcs.ErrPlanNotFound) || errors.Is(err, gcs.ErrPlanConflict) {
		return err
	}
	return fmt.Errorf("saving plan %s: %w", id, err)
}

// values are the columns Save writes, in the order of its statements.
func values(sp *gcs.StoredPlan) []any {
	var req any
	if len(sp.Request) > 0 {
		req = string(sp.Request)
	}
	v := []any{sp.Name, sp.Kind, string(sp.Plan), req, sp.Modified.Format(timeFormat), sp.Version,
		sp.Counts.Mission, sp.Counts.Fence, sp.Counts.Rally}
	if c := sp.Check; c != nil {
		return append(v, c.Lawful, c.Violations, c.Profile, c.At.UTC().Format(timeFormat))
	}
	return append(v, nil, nil, nil, nil)
}

// scanPlan reads the list columns through scan.
func scanPlan(scan func(...any) error, sp *gcs.StoredPlan) error {
	var created, modified string
	var lawful sql.NullBool
	var violations sql.NullInt64
	var profile, at sql.NullString
	err := scan(&sp.ID, &sp.Name, &sp.Kind, &created, &modified, &sp.Version, &sp.Counts.Mission, &sp.Counts.Fence, &sp.Counts.Rally,
		&lawful, &violations, &profile, &at)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return fmt.Errorf("reading plan: %w", err)
	}
	var errs []error
	parse := func(s string) time.Time {
		t, err := time.Parse(timeFormat, s)
		errs = append(errs, err)
		return t
	}
	sp.Created, sp.Modified = parse(created), parse(modified)
	if lawful.Valid {
		sp.Check = &gcs.PlanCheck{Lawful: lawful.Bool, Violations: int(violations.Int64), Profile: profile.String, At: parse(at.String)}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("plan %s: damaged record: %w", sp.ID, err)
	}
	return nil
}

// newID returns a random plan id, e.g. "p-3f9a0c1b2d4e5f60".
func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "p-" + hex.EncodeToString(b[:])
}
