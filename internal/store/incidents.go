package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"skerry/gcs"
)

// Incidents is the incidents' table and their evidence files beside the
// database (files.go); it implements gcs.IncidentStore.
//
// An incident is kept whole (as JSON, with its evidence references and
// history) beside the columns the filters read. Every save is one
// transaction synced to disk before SaveIncident returns; the files are
// synced before PutFile returns, so an incident saved after its files
// never refers to a file a crash lost.
type Incidents struct {
	s *Store
	// dir is where the evidence files are: <database>.files.
	dir string
	// writeFile writes data to a new file; tests replace it to fail.
	writeFile func(w io.Writer, data []byte) error
}

// Incidents returns the incidents of the database and their files.
func (s *Store) Incidents() *Incidents {
	return &Incidents{s: s, dir: s.path + ".files", writeFile: writeAll}
}

var _ gcs.IncidentStore = (*Incidents)(nil)

// maxIncidentID bounds an incident's id.
const maxIncidentID = 256

// stateRank orders the lifecycle's states (gcs.CheckIncidentStep's order).
var stateRank = map[gcs.IncidentState]int{gcs.IncidentNew: 0, gcs.IncidentAcknowledged: 1, gcs.IncidentDispatched: 2, gcs.IncidentClosed: 3}

// SaveIncident inserts or replaces the whole incident in one transaction
// and returns once it is on disk. It refuses (gcs.ErrIncidentState) a
// Version lower than the stored one, an unknown state and a state before
// the stored one; saving the same version again replaces it.
func (is *Incidents) SaveIncident(ctx context.Context, inc *gcs.Incident) error {
	body, err := incidentRow(inc)
	if err != nil {
		return err
	}
	err = is.s.writeSynced(ctx, func(tx *sql.Tx) error { return putIncident(ctx, tx, inc, body) })
	return saveIncidentError(inc, err)
}

// incidentRow checks inc and returns it as stored (JSON).
func incidentRow(inc *gcs.Incident) (string, error) {
	if err := checkIncident(inc); err != nil {
		return "", err
	}
	body, err := json.Marshal(inc)
	if err != nil {
		return "", fmt.Errorf("incident store: %s: %w", inc.ID, err)
	}
	return string(body), nil
}

// putIncident writes the incident's row (body from incidentRow) in tx,
// refusing (gcs.ErrIncidentState) an older version or an earlier state.
func putIncident(ctx context.Context, tx *sql.Tx, inc *gcs.Incident, body string) error {
	var version int
	var state string
	err := tx.QueryRowContext(ctx, `SELECT version, state FROM incidents WHERE id = ?`, inc.ID).Scan(&version, &state)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case inc.Version < version:
		return fmt.Errorf("%w: incident %s is at version %d, version %d is older", gcs.ErrIncidentState, inc.ID, version, inc.Version)
	case stateRank[inc.State] < stateRank[gcs.IncidentState(state)]:
		return fmt.Errorf("%w: incident %s is %s, it cannot become %s", gcs.ErrIncidentState, inc.ID, state, inc.State)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO incidents (id, type, severity, state, key, raised, updated, observed, lat, lon, version, incident)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET type = excluded.type, severity = excluded.severity, state = excluded.state,
			key = excluded.key, raised = excluded.raised, updated = excluded.updated, observed = excluded.observed,
			lat = excluded.lat, lon = excluded.lon, version = excluded.version, incident = excluded.incident`,
		inc.ID, string(inc.Type), string(inc.Severity), string(inc.State), inc.Key,
		dbTime(inc.Raised), dbTime(latest(inc.Updated, inc.Raised)), dbTime(inc.Observed), inc.Lat, inc.Lon, inc.Version, body)
	return err
}

// saveIncidentError is the error of a failed save of inc as callers see it.
func saveIncidentError(inc *gcs.Incident, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gcs.ErrIncidentState):
		return fmt.Errorf("incident store: %w", err)
	}
	return fmt.Errorf("incident store: saving %s version %d: %w", inc.ID, inc.Version, full(err))
}

// checkIncident says why inc cannot be stored.
func checkIncident(inc *gcs.Incident) error {
	switch {
	case inc == nil:
		return errors.New("incident store: no incident")
	case inc.ID == "" || len(inc.ID) > maxIncidentID:
		return fmt.Errorf("incident store: incident id %.40q is not one (1 to %d bytes)", inc.ID, maxIncidentID)
	case math.IsNaN(inc.Lat) || math.IsInf(inc.Lat, 0) || math.IsNaN(inc.Lon) || math.IsInf(inc.Lon, 0):
		return fmt.Errorf("incident store: incident %s: position %v,%v is not one", inc.ID, inc.Lat, inc.Lon)
	}
	if _, ok := stateRank[inc.State]; !ok {
		return fmt.Errorf("incident store: %w: incident %s: %q is not a state", gcs.ErrIncidentState, inc.ID, inc.State)
	}
	for _, e := range inc.Evidence {
		if e.File != "" && !ValidFileHash(e.File) {
			return fmt.Errorf("incident store: incident %s: evidence file %.80q is not a SHA-256 (64 lowercase hex digits)", inc.ID, e.File)
		}
	}
	return nil
}

// latest is the later of a and b.
func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// dbTime is t as stored: UTC text that sorts.
func dbTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// Incidents returns the incidents f selects, most recently updated first.
func (is *Incidents) Incidents(ctx context.Context, f gcs.IncidentFilter) ([]gcs.Incident, error) {
	if f.Limit < 0 {
		return nil, fmt.Errorf("incident store: limit %d is negative", f.Limit)
	}
	var where []string
	var args []any
	if f.State != "" {
		where, args = append(where, `state = ?`), append(args, string(f.State))
	}
	if f.Type != "" {
		where, args = append(where, `type = ?`), append(args, string(f.Type))
	}
	if !f.Since.IsZero() {
		// The updated column is never before raised (SaveIncident).
		where, args = append(where, `updated >= ?`), append(args, dbTime(f.Since))
	}
	return is.query(ctx, where, args, f.Limit)
}

// Open returns the incidents not closed, most recently updated first: the
// ones the rules go on updating after a restart.
func (is *Incidents) Open(ctx context.Context) ([]gcs.Incident, error) {
	return is.query(ctx, []string{`state IN (?, ?, ?)`},
		[]any{string(gcs.IncidentNew), string(gcs.IncidentAcknowledged), string(gcs.IncidentDispatched)}, 0)
}

func (is *Incidents) query(ctx context.Context, where []string, args []any, limit int) ([]gcs.Incident, error) {
	q := `SELECT incident FROM incidents`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY updated DESC, id`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := is.s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("incident store: %w", err)
	}
	defer rows.Close()
	out := []gcs.Incident{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("incident store: %w", err)
		}
		inc, err := decodeIncident(body)
		if err != nil {
			return nil, err
		}
		out = append(out, inc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("incident store: %w", err)
	}
	return out, nil
}

// Incident returns incident id; gcs.ErrNoIncident when there is none.
func (is *Incidents) Incident(ctx context.Context, id string) (gcs.Incident, error) {
	var body string
	err := is.s.db.QueryRowContext(ctx, `SELECT incident FROM incidents WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return gcs.Incident{}, fmt.Errorf("%w: %.40q", gcs.ErrNoIncident, id)
	}
	if err != nil {
		return gcs.Incident{}, fmt.Errorf("incident store: %w", err)
	}
	return decodeIncident(body)
}

// decodeIncident reads a stored incident; its lists are never nil.
func decodeIncident(body string) (gcs.Incident, error) {
	var inc gcs.Incident
	if err := json.Unmarshal([]byte(body), &inc); err != nil {
		return inc, fmt.Errorf("incident store: damaged incident: %w", err)
	}
	if inc.Vessels == nil {
		inc.Vessels = []gcs.IncidentVessel{}
	}
	if inc.History == nil {
		inc.History = []gcs.IncidentChange{}
	}
	return inc, nil
}
