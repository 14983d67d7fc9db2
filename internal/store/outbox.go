package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"skerry/gcs"
)

// Outbox is the durable outbox of reports to the maritime units; it
// implements gcs.Outbox. A report is written in the same transaction as
// the incident version it is about, synced to disk before
// SaveIncidentWithReports returns, and stays until delivered; each unit's
// reports are numbered by a counter kept in the database (Seq: 1, 2, 3…,
// no gaps, never reused, across restarts and unit deletions).
type Outbox struct{ s *Store }

// Outbox returns the database's outbox.
func (s *Store) Outbox() *Outbox { return &Outbox{s: s} }

var _ gcs.Outbox = (*Outbox)(nil)

// ErrNoReport: no report has that id.
var ErrNoReport = gcs.ErrNoReport

// ErrBadReport: a report given to SaveIncidentWithReports cannot be
// stored (no id, no unit, another incident, an unknown kind…).
var ErrBadReport = errors.New("bad report")

// maxReportID bounds a report's id.
const maxReportID = 256

// reportColumns are a report's columns but its body, in scanReport's order.
const reportColumns = `id, unit, incident, version, kind, seq, created, status, attempts, last_error,
	next_attempt, delivered, acked, acked_by, content_type`

// undelivered is the SQL condition of reports not yet delivered; literal,
// so that SQLite uses the partial index reports_pending.
const undelivered = `status IN ('pending', 'failing')`

// SaveIncidentWithReports writes inc's new version (as
// Incidents.SaveIncident does, with its checks) and the reports about it
// in one transaction, and returns once it is on disk. Each new report
// gets its unit's next Seq, status pending (and Created now if zero); a
// report whose id is already stored is left as it is. On return
// reports[i] is the report as stored (Seq, Status, Created filled; for
// one already stored, the stored one). A report's Incident and Version
// may be left empty (they are inc's); others are refused (ErrBadReport).
func (o *Outbox) SaveIncidentWithReports(ctx context.Context, inc *gcs.Incident, reports []gcs.Report) error {
	body, err := incidentRow(inc)
	if err != nil {
		return err
	}
	now := o.s.now()
	for i := range reports {
		if err := prepareReport(&reports[i], inc, now); err != nil {
			return err
		}
	}
	err = o.s.writeSynced(ctx, func(tx *sql.Tx) error {
		if err := putIncident(ctx, tx, inc, body); err != nil {
			return err
		}
		for i := range reports {
			if err := putReport(ctx, tx, &reports[i]); err != nil {
				return fmt.Errorf("report %s: %w", reports[i].ID, err)
			}
		}
		return nil
	})
	return saveIncidentError(inc, err)
}

// prepareReport checks r and fills what SaveIncidentWithReports fills.
func prepareReport(r *gcs.Report, inc *gcs.Incident, now time.Time) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("outbox: %w: report %.40q about %s: %s", ErrBadReport, r.ID, inc.ID, fmt.Sprintf(format, a...))
	}
	if r.Incident == "" {
		r.Incident = inc.ID
	}
	if r.Version == 0 {
		r.Version = inc.Version
	}
	if r.Status == "" {
		r.Status = gcs.ReportPending
	}
	if r.Created.IsZero() {
		r.Created = now
	}
	switch {
	case r.ID == "" || len(r.ID) > maxReportID:
		return bad("the id is not one (1 to %d bytes)", maxReportID)
	case validUnitID(r.Unit) != nil:
		return bad("%v", validUnitID(r.Unit))
	case r.Incident != inc.ID:
		return bad("it is about incident %.40q", r.Incident)
	case r.Version != inc.Version:
		return bad("it is about version %d, the incident is at %d", r.Version, inc.Version)
	case r.Kind != gcs.ReportAlert && r.Kind != gcs.ReportUpdate && r.Kind != gcs.ReportCancel:
		return bad("%q is not a kind (Alert, Update, Cancel)", r.Kind)
	case r.Status != gcs.ReportPending:
		return bad("a new report is pending, not %q", r.Status)
	}
	return nil
}

// putReport stores r with its unit's next Seq unless its id is stored;
// r becomes the report as stored.
func putReport(ctx context.Context, tx *sql.Tx, r *gcs.Report) error {
	stored, err := scanReport(tx.QueryRowContext(ctx, `SELECT `+reportColumns+`, body FROM reports WHERE id = ?`, r.ID), true)
	switch {
	case err == nil:
		*r = stored
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO unit_seq (unit, seq) VALUES (?, 1)
		ON CONFLICT (unit) DO UPDATE SET seq = seq + 1 RETURNING seq`, string(r.Unit)).Scan(&r.Seq)
	if err != nil {
		return err
	}
	body := r.Body
	if body == nil {
		body = []byte{}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO reports (`+reportColumns+`, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, string(r.Unit), r.Incident, r.Version, string(r.Kind), r.Seq, dbTime(r.Created), string(r.Status),
		r.Attempts, r.LastError, nullTime(r.NextAttempt), nullTime(r.Delivered), nullTime(r.Acked), r.AckedBy,
		r.ContentType, body)
	return err
}

// nullTime is t as stored, NULL when zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dbTime(t)
}

// MarkAttempt records a failed or retried delivery of report id: its
// status (pending or failing), the error and when to try again (zero:
// whenever), and one more attempt. A report delivered meanwhile is left
// as it is.
func (o *Outbox) MarkAttempt(ctx context.Context, id string, status gcs.ReportStatus, lastError string, next time.Time) error {
	if status != gcs.ReportPending && status != gcs.ReportFailing {
		return fmt.Errorf("outbox: report %.40q: an attempt leaves it pending or failing, not %q", id, status)
	}
	return o.mark(ctx, id, false, `UPDATE reports SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt = ?
		WHERE id = ? AND `+undelivered, string(status), lastError, nullTime(next), id)
}

// MarkDelivered records that report id was delivered at at (its unit
// answered 2xx). A report delivered or acknowledged already is left as it
// is.
func (o *Outbox) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	return o.mark(ctx, id, false, `UPDATE reports SET status = 'delivered', delivered = ?, next_attempt = NULL
		WHERE id = ? AND `+undelivered, dbTime(at), id)
}

// MarkAcked records that report id's unit acknowledged it at at (by
// names who). A report not yet marked delivered becomes delivered at the
// same time: the unit has it even though the station did not hear so. A
// report acknowledged already keeps its first acknowledgement. The write
// is synced to disk before MarkAcked returns.
func (o *Outbox) MarkAcked(ctx context.Context, id string, at time.Time, by string) error {
	return o.mark(ctx, id, true, `UPDATE reports SET status = 'acknowledged', acked = ?, acked_by = ?,
		delivered = coalesce(delivered, ?), next_attempt = NULL
		WHERE id = ? AND status != 'acknowledged'`, dbTime(at), by, dbTime(at), id)
}

// mark runs the update q on report id; ErrNoReport when there is none.
func (o *Outbox) mark(ctx context.Context, id string, synced bool, q string, args ...any) error {
	write := o.s.write
	if synced {
		write = o.s.writeSynced
	}
	err := write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM reports WHERE id = ?`, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %.40q", ErrNoReport, id)
		}
		return err
	})
	if err != nil && !errors.Is(err, ErrNoReport) {
		return fmt.Errorf("outbox: report %.40q: %w", id, full(err))
	}
	return err
}
