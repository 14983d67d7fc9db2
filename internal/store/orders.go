package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"skerry/gcs"
)

// Orders is the order journal; it implements gcs.OrderJournal. It keeps
// the most recent MaxOrders orders; overridden ones are never pruned.
type Orders struct {
	s *Store
	// MaxOrders bounds the orders kept without an override (default
	// 100,000); older ones are pruned as new ones come.
	MaxOrders int
}

// Orders returns the order journal of the database.
func (s *Store) Orders() *Orders { return &Orders{s: s} }

var _ gcs.OrderJournal = (*Orders)(nil)

// Record appends one order, in its own transaction.
func (o *Orders) Record(ctx context.Context, r gcs.OrderRecord) error {
	cmd, err := json.Marshal(r.Command)
	if err != nil {
		return fmt.Errorf("order journal: %w", err)
	}
	var by, reason, overridden any
	if r.Override != nil {
		by, reason = r.Override.By, r.Override.Reason
		b, err := json.Marshal(r.Overridden)
		if err != nil {
			return fmt.Errorf("order journal: %w", err)
		}
		overridden = string(b)
	}
	return o.s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO orders (at, vehicle, kind, command, ok, error, override_by, override_reason, overridden)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.At.UTC().Format(timeFormat), string(r.Vehicle), string(r.Command.Kind), string(cmd), r.OK, r.Error, by, reason, overridden)
		if err != nil {
			return fmt.Errorf("order journal: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil || id%1000 != 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM orders WHERE id <= ? AND override_by IS NULL`, id-int64(o.max()))
		if err != nil {
			return fmt.Errorf("order journal: pruning: %w", err)
		}
		return nil
	})
}

func (o *Orders) max() int {
	if o.MaxOrders > 0 {
		return o.MaxOrders
	}
	return 100_000
}

// Recent returns up to n orders, newest first.
func (o *Orders) Recent(ctx context.Context, n int, onlyOverridden bool) ([]gcs.OrderRecord, error) {
	q := `SELECT at, vehicle, command, ok, error, override_by, override_reason, overridden FROM orders`
	if onlyOverridden {
		q += ` WHERE override_by IS NOT NULL`
	}
	rows, err := o.s.db.QueryContext(ctx, q+` ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("order journal: %w", err)
	}
	defer rows.Close()
	out := []gcs.OrderRecord{}
	for rows.Next() {
		var r gcs.OrderRecord
		var at, vehicle, cmd string
		var by, reason, overridden sql.NullString
		if err := rows.Scan(&at, &vehicle, &cmd, &r.OK, &r.Error, &by, &reason, &overridden); err != nil {
			return nil, fmt.Errorf("order journal: %w", err)
		}
		r.Vehicle = gcs.VehicleID(vehicle)
		if r.At, err = time.Parse(timeFormat, at); err != nil {
			return nil, fmt.Errorf("order journal: damaged record: %w", err)
		}
		if err := json.Unmarshal([]byte(cmd), &r.Command); err != nil {
			return nil, fmt.Errorf("order journal: damaged record: %w", err)
		}
		if by.Valid {
			r.Override = &gcs.Override{By: by.String, Reason: reason.String}
			if overridden.Valid {
				if err := json.Unmarshal([]byte(overridden.String), &r.Overridden); err != nil {
					return nil, fmt.Errorf("order journal: damaged record: %w", err)
				}
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("order journal: %w", err)
	}
	return out, nil
}
