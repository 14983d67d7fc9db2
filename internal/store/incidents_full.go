package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrFull: the disk (or the database's size limit) is full; the write
// was refused and nothing of it was kept. What was stored before is
// intact.
var ErrFull = errors.New("storage is full")

// full wraps err with ErrFull when it says the disk or the database is
// full, so that callers (and operators reading the log) see the cause.
func full(err error) error {
	if err == nil || errors.Is(err, ErrFull) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL {
		return fmt.Errorf("%w: %w", ErrFull, err)
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("%w: %w", ErrFull, err)
	}
	return err
}

// writeSynced runs fn in one transaction like write, with the WAL synced
// to disk at the commit (synchronous=FULL) so that a power cut after it
// returns loses nothing: the store's other writes (contacts, AIS history)
// keep the cheaper NORMAL, which a process crash cannot undo either.
func (s *Store) writeSynced(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		return err
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = NORMAL`); rerr != nil && err == nil {
			err = rerr
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
