package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"skerry/gcs"
)

// Vessels is the vessel contacts' table and their tracks; it implements
// gcs.VesselStore.
//
// Retention: every contact, its whole track (gcs.Vessels thins it to a
// point per 2 s) and its best picture are kept until Prune removes the
// contacts last seen before a time: the next issue's rules and incidents
// read the history. A contact followed for an hour is about 1,800 track
// rows (some 100 kB) and one picture (tens of kB); the station does not
// prune by itself yet.
type Vessels struct{ s *Store }

// Vessels returns the vessel contacts of the database.
func (s *Store) Vessels() *Vessels { return &Vessels{s: s} }

var (
	_ gcs.VesselStore      = (*Vessels)(nil)
	_ gcs.VesselStoreSince = (*Vessels)(nil)
)

// SaveVessel upserts v's latest state, appends v.Track's points to its
// stored track (a point at a time already stored is left as it is) and,
// when snapshot is not nil, replaces its picture; one transaction.
func (vt *Vessels) SaveVessel(ctx context.Context, v gcs.Vessel, snapshot []byte) error {
	if !gcs.ValidVesselID(v.ID) {
		return fmt.Errorf("vessel store: contact id %q is not one", v.ID)
	}
	points := v.Track
	v.Track, v.Snapshot = nil, ""
	state, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("vessel store: %w", err)
	}
	return vt.s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO vessels (id, first_seen, last_seen, lat, lon, error_m, state, snapshot)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = excluded.last_seen,
				lat = excluded.lat, lon = excluded.lon, error_m = excluded.error_m, state = excluded.state,
				snapshot = coalesce(excluded.snapshot, snapshot)`,
			string(v.ID), v.FirstSeen.UTC().Format(timeFormat), v.LastSeen.UTC().Format(timeFormat),
			v.Lat, v.Lon, v.ErrorM, string(state), blob(snapshot))
		if err != nil {
			return fmt.Errorf("vessel store: saving %s: %w", v.ID, err)
		}
		for _, p := range points {
			_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO vessel_track (vessel, at, lat, lon, error_m) VALUES (?, ?, ?, ?, ?)`,
				string(v.ID), p.At.UTC().Format(timeFormat), p.Lat, p.Lon, p.ErrorM)
			if err != nil {
				return fmt.Errorf("vessel store: track of %s: %w", v.ID, err)
			}
		}
		return nil
	})
}

// blob is snapshot as an SQL value: NULL when nil.
func blob(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

// Vessels returns every contact without its track, most recently seen
// first.
func (vt *Vessels) Vessels(ctx context.Context) ([]gcs.Vessel, error) {
	return vt.list(ctx, time.Time{})
}

// VesselsSince returns the contacts last seen at or after since, most
// recently seen first, without tracks (gcs.VesselStoreSince).
func (vt *Vessels) VesselsSince(ctx context.Context, since time.Time) ([]gcs.Vessel, error) {
	return vt.list(ctx, since)
}

func (vt *Vessels) list(ctx context.Context, since time.Time) ([]gcs.Vessel, error) {
	rows, err := vt.s.db.QueryContext(ctx, `SELECT state, first_seen, last_seen, snapshot IS NOT NULL FROM vessels
		WHERE last_seen >= ? ORDER BY last_seen DESC, id`, since.UTC().Format(timeFormat))
	if err != nil {
		return nil, fmt.Errorf("vessel store: %w", err)
	}
	defer rows.Close()
	out := []gcs.Vessel{}
	for rows.Next() {
		v, err := scanVessel(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("vessel store: %w", err)
	}
	return out, nil
}

// scanVessel reads a row of state, first_seen, last_seen, has-picture.
func scanVessel(scan func(...any) error) (gcs.Vessel, error) {
	var (
		v                  gcs.Vessel
		state, first, last string
		pic                bool
	)
	if err := scan(&state, &first, &last, &pic); err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(state), &v); err != nil {
		return v, fmt.Errorf("vessel store: damaged contact: %w", err)
	}
	var err error
	if v.FirstSeen, err = time.Parse(timeFormat, first); err != nil {
		return v, fmt.Errorf("vessel store: damaged contact %s: %w", v.ID, err)
	}
	if v.LastSeen, err = time.Parse(timeFormat, last); err != nil {
		return v, fmt.Errorf("vessel store: damaged contact %s: %w", v.ID, err)
	}
	if pic {
		v.Snapshot = gcs.SnapshotPath(v.ID)
	}
	return v, nil
}

// Vessel returns contact id with its whole track, oldest first;
// gcs.ErrNoVessel when there is none.
func (vt *Vessels) Vessel(ctx context.Context, id gcs.VesselID) (gcs.Vessel, error) {
	row := vt.s.db.QueryRowContext(ctx, `SELECT state, first_seen, last_seen, snapshot IS NOT NULL FROM vessels WHERE id = ?`, string(id))
	v, err := scanVessel(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("%w: %q", gcs.ErrNoVessel, id)
	}
	if err != nil {
		return v, fmt.Errorf("vessel store: %w", err)
	}
	rows, err := vt.s.db.QueryContext(ctx, `SELECT at, lat, lon, error_m FROM vessel_track WHERE vessel = ? ORDER BY at`, string(id))
	if err != nil {
		return v, fmt.Errorf("vessel store: %w", err)
	}
	defer rows.Close()
	v.Track = []gcs.TrackPoint{}
	for rows.Next() {
		var p gcs.TrackPoint
		var at string
		if err := rows.Scan(&at, &p.Lat, &p.Lon, &p.ErrorM); err != nil {
			return v, fmt.Errorf("vessel store: %w", err)
		}
		if p.At, err = time.Parse(timeFormat, at); err != nil {
			return v, fmt.Errorf("vessel store: damaged track of %s: %w", id, err)
		}
		v.Track = append(v.Track, p)
	}
	if err := rows.Err(); err != nil {
		return v, fmt.Errorf("vessel store: %w", err)
	}
	return v, nil
}

// VesselSnapshot returns contact id's picture; gcs.ErrNoVessel when there
// is no such contact or no picture of it.
func (vt *Vessels) VesselSnapshot(ctx context.Context, id gcs.VesselID) ([]byte, error) {
	var b []byte
	err := vt.s.db.QueryRowContext(ctx, `SELECT snapshot FROM vessels WHERE id = ? AND snapshot IS NOT NULL`, string(id)).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: no picture of %q", gcs.ErrNoVessel, id)
	}
	if err != nil {
		return nil, fmt.Errorf("vessel store: %w", err)
	}
	return b, nil
}

// Prune deletes the contacts last seen before before, with their tracks
// and pictures; it returns how many.
func (vt *Vessels) Prune(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := vt.s.write(ctx, func(tx *sql.Tx) error {
		cut := before.UTC().Format(timeFormat)
		if _, err := tx.ExecContext(ctx, `DELETE FROM vessel_track WHERE vessel IN (SELECT id FROM vessels WHERE last_seen < ?)`, cut); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM vessels WHERE last_seen < ?`, cut)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("vessel store: pruning: %w", err)
	}
	return int(n), nil
}
