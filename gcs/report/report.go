package report

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"skerry/gcs"
)

// Config says who sends the reports and where a unit can see more.
type Config struct {
	Sender  string // CAP sender, e.g. "skerry@algeciras.example" (default "skerry")
	BaseURL string // the station's URL for web links, e.g. "https://gcs.example/" ("" none)
	Status  string // CAP status: "Actual" (default), "Exercise", "Test"...
	// SenderName is the station's name for people (default "Skerry
	// ground-control station"); Contact how to reach its operators (a
	// phone, a VHF channel; default the Sender).
	SenderName string
	Contact    string
	// IncidentPage is the path under BaseURL of an incident's page, with
	// "{id}" for the incident's id (default "api/incidents/{id}").
	IncidentPage string
}

// Content types of the formats.
const (
	ContentTypeCAP     = "application/cap+xml"
	ContentTypeGeoJSON = "application/geo+json"
	ContentTypeJSON    = "application/json"
)

// ErrFormat: a unit asks for a format this package does not make.
var ErrFormat = errors.New("unknown report format")

// ErrIncident: the incident cannot be reported (no id, a position off the
// globe).
var ErrIncident = errors.New("incident cannot be reported")

// CheckFormat says whether a unit's format is one Build makes: "" (CAP),
// gcs.FormatCAP, gcs.FormatGeoJSON or gcs.FormatJSON.
func CheckFormat(format string) error {
	switch format {
	case "", gcs.FormatCAP, gcs.FormatGeoJSON, gcs.FormatJSON:
		return nil
	}
	return fmt.Errorf("%w %q (cap, geojson, json)", ErrFormat, format)
}

// withDefaults fills the Config's empty fields.
func (c Config) withDefaults() Config {
	if c.Sender == "" {
		c.Sender = "skerry"
	}
	if c.Status == "" {
		c.Status = "Actual"
	}
	if c.SenderName == "" {
		c.SenderName = "Skerry ground-control station"
	}
	if c.Contact == "" {
		c.Contact = c.Sender
	}
	if c.IncidentPage == "" {
		c.IncidentPage = "api/incidents/{id}"
	}
	return c
}

// link is BaseURL joined with path ("" when there is no BaseURL).
func (c Config) link(path string) string {
	if c.BaseURL == "" {
		return ""
	}
	return strings.TrimRight(c.BaseURL, "/") + "/" + strings.TrimLeft(path, "/")
}

// incidentLink is the web link of an incident's page.
func (c Config) incidentLink(id string) string {
	return c.link(strings.ReplaceAll(c.IncidentPage, "{id}", url.PathEscape(id)))
}

// fileLink is the URL of one of an incident's evidence files.
func (c Config) fileLink(id, hash string) string {
	return c.link("api/incidents/" + url.PathEscape(id) + "/files/" + url.PathEscape(hash))
}

// capTime formats t as CAP wants it: seconds, a numeric offset, never Z
// (2026-12-02T08:15:00+00:00).
func capTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05-07:00")
}

// checkIncident says why an incident cannot be reported.
func checkIncident(inc *gcs.Incident) error {
	switch {
	case inc == nil:
		return fmt.Errorf("%w: none given", ErrIncident)
	case inc.ID == "":
		return fmt.Errorf("%w: it has no id", ErrIncident)
	case !validPosition(inc.Lat, inc.Lon):
		return fmt.Errorf("%w: %s is at %v,%v, not a position on the globe", ErrIncident, inc.ID, inc.Lat, inc.Lon)
	}
	return nil
}
