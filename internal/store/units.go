package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"

	"skerry/gcs"
)

// Units is the maritime units' table; it implements gcs.UnitStore.
//
// A unit is kept whole as JSON, its webhook secret and pull token
// included, in clear: the station needs them to sign its reports and to
// check the units' requests. The database file is private to the user
// who runs the station (internal/station creates its data directory
// 0700; SQLite creates the file with the umask's mode); anyone who
// can read it can act as the station towards the units.
type Units struct{ s *Store }

// Units returns the database's maritime units.
func (s *Store) Units() *Units { return &Units{s: s} }

var _ gcs.UnitStore = (*Units)(nil)

// ErrBadUnit: a unit cannot be stored as it is (its id, name, webhook,
// area, format or types); the error says which and why.
var ErrBadUnit = gcs.ErrBadUnit

// Limits of a unit.
const (
	maxUnitID      = 64
	maxUnitName    = 200
	maxUnitRadiusM = 1_000_000 // 1000 km
	maxUnitPolygon = 10_000    // points
)

// incidentTypes are the incident types a unit may take.
var incidentTypes = []gcs.IncidentType{gcs.IncidentDark, gcs.IncidentAISGap, gcs.IncidentZoneEntry, gcs.IncidentLoitering,
	gcs.IncidentRendezvous, gcs.IncidentFastApproach, gcs.IncidentInconsistentAIS, gcs.IncidentManual}

// Units returns the units sorted by id.
func (us *Units) Units(ctx context.Context) ([]gcs.Unit, error) {
	rows, err := us.s.db.QueryContext(ctx, `SELECT unit FROM units ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("unit store: %w", err)
	}
	defer rows.Close()
	out := []gcs.Unit{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("unit store: %w", err)
		}
		var u gcs.Unit
		if err := json.Unmarshal([]byte(body), &u); err != nil {
			return nil, fmt.Errorf("unit store: damaged unit: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unit store: %w", err)
	}
	return out, nil
}

// PutUnit inserts or replaces unit u (whole: an empty Secret or Token
// replaces the stored one) after checking it (ErrBadUnit).
func (us *Units) PutUnit(ctx context.Context, u gcs.Unit) error {
	if err := CheckUnit(u); err != nil {
		return err
	}
	body, err := json.Marshal(u)
	if err != nil {
		return fmt.Errorf("unit store: %s: %w", u.ID, err)
	}
	err = us.s.writeSynced(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO units (id, unit) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET unit = excluded.unit`, string(u.ID), string(body))
		return err
	})
	if err != nil {
		return fmt.Errorf("unit store: saving %s: %w", u.ID, full(err))
	}
	return nil
}

// DeleteUnit removes unit id (its reports stay, and its Seq goes on
// should a unit of that id come back); gcs.ErrNoUnit when there is none.
func (us *Units) DeleteUnit(ctx context.Context, id gcs.UnitID) error {
	err := us.s.writeSynced(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM units WHERE id = ?`, string(id))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		return fmt.Errorf("%w: %.40q", gcs.ErrNoUnit, id)
	})
	if err != nil && !errors.Is(err, gcs.ErrNoUnit) {
		return fmt.Errorf("unit store: deleting %.40q: %w", id, full(err))
	}
	return err
}

// CheckUnit says why u cannot be stored (wrapping ErrBadUnit), or nil.
func CheckUnit(u gcs.Unit) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("unit store: %w: unit %.64q: %s", ErrBadUnit, u.ID, fmt.Sprintf(format, a...))
	}
	if err := validUnitID(u.ID); err != nil {
		return fmt.Errorf("unit store: %w: %w", ErrBadUnit, err)
	}
	switch {
	case u.Name == "":
		return bad("a name is required")
	case len(u.Name) > maxUnitName:
		return bad("the name is longer than %d bytes", maxUnitName)
	}
	if u.Webhook != "" {
		w, err := url.Parse(u.Webhook)
		if err != nil || (w.Scheme != "http" && w.Scheme != "https") || w.Host == "" {
			return bad("webhook %.120q is not an absolute http or https URL", u.Webhook)
		}
	}
	if err := checkArea(u.Area); err != nil {
		return bad("area: %v", err)
	}
	switch u.Format {
	case "", gcs.FormatCAP, gcs.FormatGeoJSON, gcs.FormatJSON:
	default:
		return bad("format %.40q is not one of %s, %s, %s", u.Format, gcs.FormatCAP, gcs.FormatGeoJSON, gcs.FormatJSON)
	}
	for _, t := range u.Types {
		if !slices.Contains(incidentTypes, t) {
			return bad("%.40q is not an incident type (%v)", t, incidentTypes)
		}
	}
	switch u.MinSeverity {
	case "", gcs.IncidentLow, gcs.IncidentMedium, gcs.IncidentHigh:
	default:
		return bad("minimum severity %.40q is not low, medium or high", u.MinSeverity)
	}
	return nil
}

// validUnitID says why id is not a unit's id: 1 to 64 URL-safe
// characters (letters, digits, '-', '_', '.', '~').
func validUnitID(id gcs.UnitID) error {
	if id == "" || len(id) > maxUnitID {
		return fmt.Errorf("unit id %.80q is not 1 to %d characters", id, maxUnitID)
	}
	for _, c := range []byte(id) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
		if !ok {
			return fmt.Errorf("unit id %.80q has %q: only letters, digits, '-', '_', '.' and '~'", id, c)
		}
	}
	return nil
}

// checkArea says why a is not an area: a polygon of at least 3 finite
// [lon, lat] points, or a circle with a finite centre and a radius in
// (0, 1000 km]; not both.
func checkArea(a *gcs.UnitArea) error {
	if a == nil {
		return nil
	}
	if len(a.Polygon) > 0 {
		if a.RadiusM != 0 || a.Lat != 0 || a.Lon != 0 {
			return errors.New("a polygon or a circle, not both")
		}
		if len(a.Polygon) < 3 || len(a.Polygon) > maxUnitPolygon {
			return fmt.Errorf("a polygon has 3 to %d points, not %d", maxUnitPolygon, len(a.Polygon))
		}
		for i, p := range a.Polygon {
			if !validLonLat(p[0], p[1]) {
				return fmt.Errorf("polygon point %d [%v, %v] is not a [longitude, latitude]", i, p[0], p[1])
			}
		}
		return nil
	}
	if !validLonLat(a.Lon, a.Lat) {
		return fmt.Errorf("circle centre %v,%v is not a latitude, longitude", a.Lat, a.Lon)
	}
	if !(a.RadiusM > 0 && a.RadiusM <= maxUnitRadiusM) {
		return fmt.Errorf("circle radius %v m is not in (0, %d]", a.RadiusM, maxUnitRadiusM)
	}
	return nil
}

// validLonLat: finite, on Earth.
func validLonLat(lon, lat float64) bool {
	return !math.IsNaN(lon) && !math.IsNaN(lat) && math.Abs(lon) <= 180 && math.Abs(lat) <= 90
}
