package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"skerry/gcs"
)

// ReportID is a report's stable id: the same incident version to the same
// unit always has the same id. It is "r" and 24 hex digits of the SHA-256
// of the three (URL-safe, and fit for a CAP identifier).
func ReportID(unit gcs.UnitID, incident string, version int) string {
	h := sha256.New()
	// Lengths first, so that no two triples give the same input.
	fmt.Fprintf(h, "%d:%s|%d:%s|%d", len(unit), unit, len(incident), incident, version)
	return "r" + hex.EncodeToString(h.Sum(nil))[:24]
}

// Build returns the reports an incident's version makes: for each unit
// Route gives, and for each unit already sent a report about it (last
// holds the latest report per unit; such a unit keeps getting the updates
// even if it no longer matches), an Alert (first report), an Update
// (referencing the unit's earlier reports) or a Cancel (the incident
// closed; nothing for a unit never alerted). Body in the unit's format
// (default CAP). Status pending; Seq left 0 (the outbox assigns it).
//
// A unit already sent this version or a later one, or already sent the
// Cancel, gets nothing (Build is idempotent); a unit in last that is no
// longer among units (deleted) gets nothing. The reports are sorted by
// unit id. An error (a unit's unknown format, an incident with no id or
// off the globe) returns no reports.
func Build(inc *gcs.Incident, units []gcs.Unit, last map[gcs.UnitID]gcs.Report, now time.Time, cfg Config) ([]gcs.Report, error) {
	if err := checkIncident(inc); err != nil {
		return nil, err
	}
	closed := inc.State == gcs.IncidentClosed
	to := map[gcs.UnitID]gcs.Unit{}
	for _, u := range Route(units, inc) {
		to[u.ID] = u
	}
	for _, u := range units {
		if _, sent := last[u.ID]; sent {
			to[u.ID] = u
		}
	}
	ids := make([]gcs.UnitID, 0, len(to))
	for id := range to {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	var out []gcs.Report
	for _, id := range ids {
		u := to[id]
		prev, sent := last[id]
		var kind gcs.ReportKind
		var refs []gcs.Report
		switch {
		case sent && (prev.Version >= inc.Version || prev.Kind == gcs.ReportCancel):
			continue
		case closed && !sent:
			continue
		case closed:
			kind, refs = gcs.ReportCancel, []gcs.Report{prev}
		case sent:
			kind, refs = gcs.ReportUpdate, []gcs.Report{prev}
		default:
			kind = gcs.ReportAlert
		}
		rid := ReportID(id, inc.ID, inc.Version)
		body, ctype, err := Encode(u.Format, inc, kind, rid, now, refs, cfg)
		if err != nil {
			return nil, fmt.Errorf("report to unit %s: %w", id, err)
		}
		out = append(out, gcs.Report{
			ID: rid, Unit: id, Incident: inc.ID, Version: inc.Version, Kind: kind,
			Created: now, Status: gcs.ReportPending, ContentType: ctype, Body: body,
		})
	}
	return out, nil
}

// Encode makes a report's body in a format ("" is CAP) and returns it
// with its content type.
func Encode(format string, inc *gcs.Incident, kind gcs.ReportKind, id string, sent time.Time, refs []gcs.Report, cfg Config) ([]byte, string, error) {
	var body []byte
	var ctype string
	var err error
	switch format {
	case "", gcs.FormatCAP:
		body, err = CAP(inc, kind, id, sent, refs, cfg)
		ctype = ContentTypeCAP
	case gcs.FormatGeoJSON:
		body, err = GeoJSON(inc, kind, id, sent, refs, cfg)
		ctype = ContentTypeGeoJSON
	case gcs.FormatJSON:
		body, err = JSON(inc, kind, id, sent, refs, cfg)
		ctype = ContentTypeJSON
	default:
		err = CheckFormat(format)
	}
	if err != nil {
		return nil, "", err
	}
	return body, ctype, nil
}

// checkKind says whether kind is one of the report kinds.
func checkKind(kind gcs.ReportKind) error {
	switch kind {
	case gcs.ReportAlert, gcs.ReportUpdate, gcs.ReportCancel:
		return nil
	}
	return fmt.Errorf("%w: report kind %q (Alert, Update, Cancel)", ErrIncident, kind)
}

// capReference is one earlier report as CAP references it:
// "sender,identifier,sent" (sender already made fit for CAP).
func capReference(sender string, r gcs.Report) string {
	return sender + "," + capToken(r.ID) + "," + capTime(r.Created)
}

// capToken makes s fit a CAP identifier or sender: no spaces, commas,
// '<' or '&', and only characters XML carries.
func capToken(s string) string {
	s = xmlText(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', ',', '<', '&':
			return '_'
		}
		return r
	}, s)
}

// formatFloat writes x with at most prec decimals, trailing zeros cut.
func formatFloat(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
