package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"skerry/gcs"
)

// Pending returns unit's reports not yet delivered (pending or failing),
// with their bodies, oldest Seq first, whatever their next attempt; at
// most limit of them (0: all).
func (o *Outbox) Pending(ctx context.Context, unit gcs.UnitID, limit int) ([]gcs.Report, error) {
	return o.query(ctx, true, `SELECT `+reportColumns+`, body FROM reports WHERE unit = ? AND `+undelivered+` ORDER BY seq`,
		[]any{string(unit)}, limit)
}

// Reports returns the reports to unit about incident (either may be
// empty: any), most recent first, at most limit of them (0: all), WITHOUT
// their bodies (Report has them).
func (o *Outbox) Reports(ctx context.Context, unit gcs.UnitID, incident string, limit int) ([]gcs.Report, error) {
	var where []string
	var args []any
	if unit != "" {
		where, args = append(where, `unit = ?`), append(args, string(unit))
	}
	if incident != "" {
		where, args = append(where, `incident = ?`), append(args, incident)
	}
	q := `SELECT ` + reportColumns + ` FROM reports`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if unit != "" {
		q += ` ORDER BY seq DESC` // a unit's Seq follows its reports' creation
	} else {
		q += ` ORDER BY created DESC, unit DESC, seq DESC`
	}
	return o.query(ctx, false, q, args, limit)
}

// Latest returns the latest report (highest Seq) to each unit about
// incident, with its body; an empty map when there is none.
func (o *Outbox) Latest(ctx context.Context, incident string) (map[gcs.UnitID]gcs.Report, error) {
	list, err := o.query(ctx, true, `SELECT `+reportColumns+`, body FROM reports
		WHERE incident = ? AND (unit, seq) IN (SELECT unit, max(seq) FROM reports WHERE incident = ? GROUP BY unit)`,
		[]any{incident, incident}, 0)
	if err != nil {
		return nil, err
	}
	out := make(map[gcs.UnitID]gcs.Report, len(list))
	for _, r := range list {
		out[r.Unit] = r
	}
	return out, nil
}

// PendingCounts returns how many reports each unit has not yet had
// delivered (units with none are absent): the operators' view of the
// queues.
func (o *Outbox) PendingCounts(ctx context.Context) (map[gcs.UnitID]int, error) {
	rows, err := o.s.db.QueryContext(ctx, `SELECT unit, count(*) FROM reports INDEXED BY reports_pending WHERE `+undelivered+` GROUP BY unit`)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	defer rows.Close()
	out := map[gcs.UnitID]int{}
	for rows.Next() {
		var unit string
		var n int
		if err := rows.Scan(&unit, &n); err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
		out[gcs.UnitID(unit)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return out, nil
}

// Report returns report id with its body; ErrNoReport when there is none.
func (o *Outbox) Report(ctx context.Context, id string) (gcs.Report, error) {
	r, err := scanReport(o.s.db.QueryRowContext(ctx, `SELECT `+reportColumns+`, body FROM reports WHERE id = ?`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("%w: %.40q", ErrNoReport, id)
	}
	if err != nil {
		return r, fmt.Errorf("outbox: %w", err)
	}
	return r, nil
}

func (o *Outbox) query(ctx context.Context, withBody bool, q string, args []any, limit int) ([]gcs.Report, error) {
	if limit < 0 {
		return nil, fmt.Errorf("outbox: limit %d is negative", limit)
	}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := o.s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	defer rows.Close()
	out := []gcs.Report{}
	for rows.Next() {
		r, err := scanReport(rows, withBody)
		if err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return out, nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanReport reads reportColumns (and the body when withBody).
func scanReport(sc scanner, withBody bool) (gcs.Report, error) {
	var r gcs.Report
	var unit, kind, status, created string
	var next, delivered, acked sql.NullString
	var body []byte
	dest := []any{&r.ID, &unit, &r.Incident, &r.Version, &kind, &r.Seq, &created, &status, &r.Attempts, &r.LastError,
		&next, &delivered, &acked, &r.AckedBy, &r.ContentType}
	if withBody {
		dest = append(dest, &body)
	}
	if err := sc.Scan(dest...); err != nil {
		return r, err
	}
	r.Unit, r.Kind, r.Status = gcs.UnitID(unit), gcs.ReportKind(kind), gcs.ReportStatus(status)
	if withBody {
		r.Body = body
		if r.Body == nil {
			r.Body = []byte{}
		}
	}
	var err error
	if r.Created, err = time.Parse(timeFormat, created); err != nil {
		return r, fmt.Errorf("report %s: damaged time: %w", r.ID, err)
	}
	for _, t := range []struct {
		s  sql.NullString
		to *time.Time
	}{{next, &r.NextAttempt}, {delivered, &r.Delivered}, {acked, &r.Acked}} {
		if !t.s.Valid {
			continue
		}
		if *t.to, err = time.Parse(timeFormat, t.s.String); err != nil {
			return r, fmt.Errorf("report %s: damaged time: %w", r.ID, err)
		}
	}
	return r, nil
}
