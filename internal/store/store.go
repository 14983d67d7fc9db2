// Package store keeps the station's durable data in one SQLite file (pure
// Go, modernc.org/sqlite): the plans pilots saved, behind gcs.PlanStore,
// the journal of every order given, behind gcs.OrderJournal, and the
// vessel contacts the cameras saw with their tracks and pictures, behind
// gcs.VesselStore, the incidents and their evidence files, behind
// gcs.IncidentStore, the rules' settings with who changed them, the AIS
// vessels' position history, pruned by time like the contacts', the
// maritime units, behind gcs.UnitStore, and the reports to them with
// their delivery state, behind gcs.Outbox.
// The file is in WAL mode, every write is one transaction, and a schema
// version table migrates older files forward. A file that is not a Skerry
// database (another format, another application's SQLite, a damaged or
// newer one) is refused with a clear error and left as it is; a full disk
// fails the write with ErrFull and keeps what was stored before.
// Incidents, their files and the settings are synced to disk before their
// writes return, so that nothing acknowledged is lost by a crash.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// applicationID marks a Skerry database in the SQLite header ("Skry").
const applicationID = 0x536b7279

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// migrations bring the schema from version i to i+1, each in one
// transaction. Append only: a released migration never changes.
var migrations = []string{
	`CREATE TABLE plans (
		id               TEXT PRIMARY KEY,
		name             TEXT NOT NULL,
		kind             TEXT NOT NULL,
		plan             TEXT NOT NULL,
		request          TEXT,
		created          TEXT NOT NULL,
		modified         TEXT NOT NULL,
		version          INTEGER NOT NULL,
		mission_items    INTEGER NOT NULL,
		fence_zones      INTEGER NOT NULL,
		rally_points     INTEGER NOT NULL,
		check_lawful     INTEGER,
		check_violations INTEGER,
		check_profile    TEXT,
		check_at         TEXT
	) STRICT;
	CREATE INDEX plans_modified ON plans (modified);`,
	`CREATE TABLE orders (
		id              INTEGER PRIMARY KEY,
		at              TEXT NOT NULL,
		vehicle         TEXT NOT NULL,
		kind            TEXT NOT NULL,
		command         TEXT NOT NULL,
		ok              INTEGER NOT NULL,
		error           TEXT NOT NULL,
		override_by     TEXT,
		override_reason TEXT,
		overridden      TEXT
	) STRICT;
	CREATE INDEX orders_overridden ON orders (override_by) WHERE override_by IS NOT NULL;`,
	// Vessel contacts (vessels.go): the latest state of each, its best
	// picture and its track, kept until pruned.
	`CREATE TABLE vessels (
		id         TEXT PRIMARY KEY,
		first_seen TEXT NOT NULL,
		last_seen  TEXT NOT NULL,
		lat        REAL NOT NULL,
		lon        REAL NOT NULL,
		error_m    REAL NOT NULL,
		state      TEXT NOT NULL,
		snapshot   BLOB
	) STRICT;
	CREATE INDEX vessels_last_seen ON vessels (last_seen);
	CREATE TABLE vessel_track (
		vessel  TEXT NOT NULL REFERENCES vessels (id) ON DELETE CASCADE,
		at      TEXT NOT NULL,
		lat     REAL NOT NULL,
		lon     REAL NOT NULL,
		error_m REAL NOT NULL,
		PRIMARY KEY (vessel, at)
	) STRICT, WITHOUT ROWID;`,
	// Incidents (incidents.go): the columns filters use, and the whole
	// incident as JSON. Evidence files are beside the database (files.go).
	`CREATE TABLE incidents (
		id       TEXT PRIMARY KEY,
		type     TEXT NOT NULL,
		severity TEXT NOT NULL,
		state    TEXT NOT NULL,
		key      TEXT NOT NULL,
		raised   TEXT NOT NULL,
		updated  TEXT NOT NULL,
		observed TEXT NOT NULL,
		lat      REAL NOT NULL,
		lon      REAL NOT NULL,
		version  INTEGER NOT NULL,
		incident TEXT NOT NULL
	) STRICT;
	CREATE INDEX incidents_state_updated ON incidents (state, updated);
	CREATE INDEX incidents_updated ON incidents (updated);`,
	// The rules' settings (settings.go) and who changed them when.
	`CREATE TABLE settings (
		name  TEXT PRIMARY KEY,
		value TEXT NOT NULL,
		by    TEXT NOT NULL,
		at    TEXT NOT NULL
	) STRICT;
	CREATE TABLE settings_history (
		id    INTEGER PRIMARY KEY,
		name  TEXT NOT NULL,
		value TEXT NOT NULL,
		by    TEXT NOT NULL,
		at    TEXT NOT NULL
	) STRICT;
	CREATE INDEX settings_history_name ON settings_history (name, id);`,
	// AIS position history (aishistory.go): compact rows (times are Unix
	// nanoseconds), one per vessel and time, pruned by time.
	`CREATE TABLE ais_track (
		mmsi INTEGER NOT NULL,
		at   INTEGER NOT NULL,
		lat  REAL NOT NULL,
		lon  REAL NOT NULL,
		sog  REAL,
		cog  REAL,
		PRIMARY KEY (mmsi, at)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX ais_track_at ON ais_track (at);`,
	// Maritime units (units.go), each whole as JSON with its secret and
	// token; the outbox of reports to them (outbox.go) and each unit's
	// last report sequence number, which only grows.
	`CREATE TABLE units (
		id   TEXT PRIMARY KEY,
		unit TEXT NOT NULL
	) STRICT;
	CREATE TABLE unit_seq (
		unit TEXT PRIMARY KEY,
		seq  INTEGER NOT NULL
	) STRICT;
	CREATE TABLE reports (
		id           TEXT PRIMARY KEY,
		unit         TEXT NOT NULL,
		incident     TEXT NOT NULL,
		version      INTEGER NOT NULL,
		kind         TEXT NOT NULL,
		seq          INTEGER NOT NULL,
		created      TEXT NOT NULL,
		status       TEXT NOT NULL,
		attempts     INTEGER NOT NULL,
		last_error   TEXT NOT NULL,
		next_attempt TEXT,
		delivered    TEXT,
		acked        TEXT,
		acked_by     TEXT NOT NULL,
		content_type TEXT NOT NULL,
		body         BLOB NOT NULL
	) STRICT;
	CREATE UNIQUE INDEX reports_unit_seq ON reports (unit, seq);
	CREATE INDEX reports_pending ON reports (unit, seq) WHERE status IN ('pending', 'failing');
	CREATE INDEX reports_incident ON reports (incident, unit, seq);
	CREATE INDEX reports_created ON reports (created, unit, seq);`,
}

// ErrNotSkerryDB: the file exists but is not a Skerry database (not
// SQLite, damaged, another application's, or made by a newer Skerry). The
// file is left untouched.
var ErrNotSkerryDB = errors.New("not a Skerry database")

// Store is an open Skerry database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
}

// Open opens the database at path, creating the file (not its directory)
// when it does not exist, and migrates its schema to the current version.
func Open(path string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("database path %q: must be a file name without '?' or '#'", path)
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	// WAL is set once the file is known to be Skerry's: the pragma
	// converts the file.
	dsn := path + "?_busy_timeout=10000&_synchronous=NORMAL&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	// One connection: the store's writes are serialised in the process,
	// and SQLite's locks (with the busy timeout) order it with others.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path, now: time.Now}
	if err := s.prepare(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkHeader refuses an existing file that is not SQLite before SQLite
// sees it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("database %s is a directory", path)
	}
	head := make([]byte, len(sqliteMagic))
	n, err := io.ReadFull(f, head)
	switch {
	case n == 0 && (err == io.EOF || err == nil):
		return nil // an empty file is a new database
	case n < len(head) || !bytes.Equal(head, []byte(sqliteMagic)):
		return fmt.Errorf("%w: %s is not an SQLite file (it starts %q); it was left untouched: move it away or choose another --data directory", ErrNotSkerryDB, path, head[:n])
	}
	return nil
}

// prepare checks the file's integrity and owner, then migrates it.
func (s *Store) prepare(ctx context.Context) error {
	var check string
	if err := s.db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil {
		return s.damaged(err)
	}
	if check != "ok" {
		return s.damaged(errors.New(check))
	}
	var appID, tables int
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return s.damaged(err)
	}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return s.damaged(err)
	}
	switch {
	case appID == 0 && tables == 0: // new
		if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return fmt.Errorf("database %s: %w", s.path, err)
		}
	case appID != applicationID:
		return fmt.Errorf("%w: %s is an SQLite database of another application (application id %#x); it was left untouched", ErrNotSkerryDB, s.path, appID)
	}
	if err := s.checkSchemaVersion(ctx); err != nil {
		return err
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return fmt.Errorf("database %s: WAL mode: %w", s.path, err)
	}
	return s.migrate(ctx)
}

func (s *Store) damaged(err error) error {
	return fmt.Errorf("%w: %s is damaged or not a database (%v); it was left untouched: restore a backup or move it away", ErrNotSkerryDB, s.path, err)
}

// checkSchemaVersion refuses a file a newer Skerry made, before anything
// writes to it.
func (s *Store) checkSchemaVersion(ctx context.Context) error {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'schema_version'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	v, err := s.version(ctx)
	if err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("%w: %s has schema version %d, this Skerry knows up to %d: use a newer Skerry", ErrNotSkerryDB, s.path, v, len(migrations))
	}
	return nil
}

// migrate applies the migrations the file lacks, each in a transaction
// that also records the new version.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("database %s: %w", s.path, err)
	}
	v, err := s.version(ctx)
	if err != nil {
		return err
	}
	for ; v < len(migrations); v++ {
		err := s.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (?)`, v+1)
			return err
		})
		if err != nil {
			return fmt.Errorf("database %s: migrating to schema version %d: %w", s.path, v+1, err)
		}
	}
	return nil
}

// version reads the schema version; 0 for a new file.
func (s *Store) version(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("database %s: schema version: %w", s.path, err)
	}
	return v, nil
}

// write runs fn in one transaction, committed if fn returns nil.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }
