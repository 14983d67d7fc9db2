package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"skerry/gcs"
)

// AISHistory is the AIS vessels' position history: one row per vessel and
// time, kept until pruned.
//
// Sizing: the caller thins what it adds (at most a point per vessel every
// few seconds) and adds in batches, one transaction each: a station
// hearing 1,000 reports/s from 5,000 vessels, thinned to a point per
// vessel per 10 s, adds 500 points/s, some 43 million rows (about 2.5 GB
// with the time index) a day, which is why Prune exists and the station's
// retention setting matters.
type AISHistory struct{ s *Store }

// AISHistory returns the AIS position history of the database.
func (s *Store) AISHistory() *AISHistory { return &AISHistory{s: s} }

// AISPoint is where an AIS vessel was at a time.
type AISPoint struct {
	MMSI uint32    `json:"mmsi"`
	At   time.Time `json:"at"`
	Lat  float64   `json:"lat"`
	Lon  float64   `json:"lon"`
	// SOG (knots) and COG (degrees) are nil when not reported.
	SOG *float64 `json:"sog_kn,omitempty"`
	COG *float64 `json:"cog_deg,omitempty"`
}

// AISPointOf is the vessel's latest position as a history point: at the
// position's time, or when it was last heard if that is unknown; false
// when it has no position.
func AISPointOf(v *gcs.AISVessel) (AISPoint, bool) {
	if v == nil || v.Position == nil {
		return AISPoint{}, false
	}
	at := v.Position.Time
	if at.IsZero() {
		at = v.LastHeard
	}
	return AISPoint{MMSI: v.MMSI, At: at, Lat: v.Position.Lat, Lon: v.Position.Lon, SOG: v.SOG, COG: v.COG}, true
}

// Times the history can hold (Unix nanoseconds in 64 bits).
var (
	minAISTime = time.Unix(0, 0)
	maxAISTime = time.Unix(0, math.MaxInt64)
)

// checkAISPoint says whether p can be kept.
func checkAISPoint(p *AISPoint) bool {
	finite := func(f *float64) bool { return f == nil || (!math.IsNaN(*f) && !math.IsInf(*f, 0)) }
	return p.MMSI != 0 && p.MMSI <= gcs.MaxMMSI &&
		p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180 &&
		!p.At.Before(minAISTime) && !p.At.After(maxAISTime) && finite(p.SOG) && finite(p.COG)
}

// aisBatch is how many rows one INSERT writes (6 parameters each).
const aisBatch = 128

// Add keeps the points in one transaction and returns how many it added.
// A point at a time already kept for its vessel is ignored; a point that
// is not one (MMSI 0 or over gcs.MaxMMSI, off the globe, a time before
// 1970, a NaN speed) is skipped: len(points) minus the count is what was
// skipped or already there.
func (h *AISHistory) Add(ctx context.Context, points []AISPoint) (int, error) {
	args := make([]any, 0, aisBatch*6)
	var added int64
	err := h.s.write(ctx, func(tx *sql.Tx) error {
		var stmt *sql.Stmt
		flush := func() error {
			n := len(args) / 6
			if n == 0 {
				return nil
			}
			var res sql.Result
			var err error
			if n == aisBatch {
				if stmt == nil {
					if stmt, err = tx.PrepareContext(ctx, aisInsert(aisBatch)); err != nil {
						return err
					}
				}
				res, err = stmt.ExecContext(ctx, args...)
			} else {
				res, err = tx.ExecContext(ctx, aisInsert(n), args...)
			}
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			added += k
			args = args[:0]
			return err
		}
		defer func() {
			if stmt != nil {
				stmt.Close()
			}
		}()
		for i := range points {
			p := &points[i]
			if !checkAISPoint(p) {
				continue
			}
			args = append(args, int64(p.MMSI), p.At.UnixNano(), p.Lat, p.Lon, nullFloat(p.SOG), nullFloat(p.COG))
			if len(args) == aisBatch*6 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
	if err != nil {
		return 0, fmt.Errorf("AIS history: adding %d points: %w", len(points), full(err))
	}
	return int(added), nil
}

// aisInsert is the INSERT of n rows.
func aisInsert(n int) string {
	return `INSERT OR IGNORE INTO ais_track (mmsi, at, lat, lon, sog, cog) VALUES ` +
		strings.TrimSuffix(strings.Repeat(`(?, ?, ?, ?, ?, ?), `, n), `, `)
}

// nullFloat is f as an SQL value: NULL when nil.
func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// Points returns the vessel's points at or after since, oldest first.
func (h *AISHistory) Points(ctx context.Context, mmsi uint32, since time.Time) ([]AISPoint, error) {
	from := int64(0)
	if since.After(minAISTime) {
		from = since.UnixNano()
		if since.After(maxAISTime) {
			from = math.MaxInt64
		}
	}
	rows, err := h.s.db.QueryContext(ctx, `SELECT at, lat, lon, sog, cog FROM ais_track WHERE mmsi = ? AND at >= ? ORDER BY at`, int64(mmsi), from)
	if err != nil {
		return nil, fmt.Errorf("AIS history: %d: %w", mmsi, err)
	}
	defer rows.Close()
	out := []AISPoint{}
	for rows.Next() {
		p := AISPoint{MMSI: mmsi}
		var at int64
		var sog, cog sql.NullFloat64
		if err := rows.Scan(&at, &p.Lat, &p.Lon, &sog, &cog); err != nil {
			return nil, fmt.Errorf("AIS history: %d: %w", mmsi, err)
		}
		p.At = time.Unix(0, at).UTC()
		if sog.Valid {
			p.SOG = &sog.Float64
		}
		if cog.Valid {
			p.COG = &cog.Float64
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("AIS history: %d: %w", mmsi, err)
	}
	return out, nil
}

// Track returns the vessel's positions at or after since, oldest first
// (ErrorM 0: AIS gives no error estimate).
func (h *AISHistory) Track(ctx context.Context, mmsi uint32, since time.Time) ([]gcs.TrackPoint, error) {
	ps, err := h.Points(ctx, mmsi, since)
	if err != nil {
		return nil, err
	}
	out := make([]gcs.TrackPoint, len(ps))
	for i, p := range ps {
		out[i] = gcs.TrackPoint{At: p.At, Lat: p.Lat, Lon: p.Lon}
	}
	return out, nil
}

// pruneBatch bounds the rows one pruning transaction deletes, so that the
// writers waiting behind it wait little.
const pruneBatch = 10_000

// Prune deletes the points older than before, a transaction per
// pruneBatch rows, and returns how many.
func (h *AISHistory) Prune(ctx context.Context, before time.Time) (int, error) {
	if !before.After(minAISTime) {
		return 0, nil
	}
	cut := int64(math.MaxInt64)
	if !before.After(maxAISTime) {
		cut = before.UnixNano()
	}
	total := 0
	for {
		var n int64
		err := h.s.write(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM ais_track WHERE (mmsi, at) IN
				(SELECT mmsi, at FROM ais_track WHERE at < ? ORDER BY at LIMIT ?)`, cut, pruneBatch)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return total, fmt.Errorf("AIS history: pruning: %w", full(err))
		}
		total += int(n)
		if n < pruneBatch {
			return total, nil
		}
	}
}

// PruneHistory deletes the vessel history older than before (the
// retention setting): the AIS points and the visual contacts last seen
// before it, with their tracks and pictures. It returns how many points
// and contacts it deleted.
func (s *Store) PruneHistory(ctx context.Context, before time.Time) (points, contacts int, err error) {
	if points, err = s.AISHistory().Prune(ctx, before); err != nil {
		return points, 0, err
	}
	contacts, err = s.Vessels().Prune(ctx, before)
	return points, contacts, err
}
