package gcs

import (
	"context"
	"errors"
	"time"
)

// UnitID names a maritime unit, URL-safe ("cutter-rio-tinto").
type UnitID string

// Unit is a maritime unit that receives incident reports: a patrol boat,
// a coast-guard cutter, an operations centre. Each incident goes to the
// units whose area contains it and that take its type and severity, and
// to the default units.
type Unit struct {
	ID   UnitID `json:"id"`
	Name string `json:"name"`
	// Webhook is where reports are POSTed (https or http URL); "" for a
	// unit that pulls its reports through the API.
	Webhook string `json:"webhook,omitempty"`
	// Secret signs the reports POSTed to it (HMAC-SHA256); never sent
	// back by the API.
	Secret string `json:"secret,omitempty"`
	// Token lets a pulling unit read its reports and acknowledge them;
	// never sent back by the API.
	Token string `json:"token,omitempty"`
	// Area is its area of responsibility: a polygon or a circle; nil
	// means none (it gets reports only as a default unit).
	Area *UnitArea `json:"area,omitempty"`
	// Types are the incident types it takes (empty: all); MinSeverity the
	// least severity ("": all).
	Types       []IncidentType   `json:"types,omitempty"`
	MinSeverity IncidentSeverity `json:"min_severity,omitempty"`
	// Default units get every incident they take, wherever it is.
	Default bool `json:"default,omitempty"`
	// Format of the reports POSTed: FormatCAP (default), FormatGeoJSON
	// or FormatJSON.
	Format string `json:"format,omitempty"`
}

// Report formats.
const (
	FormatCAP     = "cap"     // OASIS CAP 1.2 XML
	FormatGeoJSON = "geojson" // a GeoJSON Feature
	FormatJSON    = "json"    // the incident as the API gives it
)

// UnitArea is a unit's area of responsibility: Polygon ([lon, lat]
// pairs, closed or not) or a circle (Lat, Lon, RadiusM).
type UnitArea struct {
	Polygon [][2]float64 `json:"polygon,omitempty"`
	Lat     float64      `json:"lat,omitempty"`
	Lon     float64      `json:"lon,omitempty"`
	RadiusM float64      `json:"radius_m,omitempty"`
}

// ErrNoUnit: no unit has that id.
var ErrNoUnit = errors.New("no such unit")

// ReportKind says what a report is to the incident's earlier reports
// (CAP's msgType).
type ReportKind string

// Report kinds.
const (
	ReportAlert  ReportKind = "Alert"  // the first report of an incident
	ReportUpdate ReportKind = "Update" // a change (references the report before)
	ReportCancel ReportKind = "Cancel" // the incident closed
)

// ReportStatus is where a report's delivery is.
type ReportStatus string

// Report statuses.
const (
	ReportPending      ReportStatus = "pending"
	ReportDelivered    ReportStatus = "delivered"
	ReportFailing      ReportStatus = "failing"
	ReportAcknowledged ReportStatus = "acknowledged"
)

// Report is one message to one unit about one incident version, kept in
// the outbox until delivered. Its ID is stable (the same report keeps its
// id across retries and restarts) and travels as the Idempotency-Key.
type Report struct {
	ID       string     `json:"id"`
	Unit     UnitID     `json:"unit"`
	Incident string     `json:"incident"`
	Version  int        `json:"version"`
	Kind     ReportKind `json:"kind"`
	// Seq orders a unit's reports: they are delivered in Seq order.
	Seq         int64        `json:"seq"`
	Created     time.Time    `json:"created"`
	Status      ReportStatus `json:"status"`
	Attempts    int          `json:"attempts"`
	LastError   string       `json:"last_error,omitempty"`
	NextAttempt time.Time    `json:"next_attempt,omitzero"`
	Delivered   time.Time    `json:"delivered,omitzero"`
	Acked       time.Time    `json:"acked,omitzero"`
	AckedBy     string       `json:"acked_by,omitempty"`
	// ContentType and Body are the report as sent.
	ContentType string `json:"content_type"`
	Body        []byte `json:"-"`
}

// ReportEvent announces a report's new delivery state (without its body).
// States coalesce per report id.
type ReportEvent struct{ Report *Report }

func (ReportEvent) event() {}

// Outbox keeps the reports durably (internal/store implements it).
// SaveIncidentWithReports writes the incident's new version (as
// IncidentStore.SaveIncident does) and its reports in one transaction, so
// that no stored change lacks its reports; it assigns each report its
// unit's next Seq. A report id already stored is kept as it is (a retry
// after a crash does not send it twice). Pending returns a unit's reports
// not yet delivered, oldest Seq first, whatever their next attempt;
// Latest the latest report to each unit about an incident.
type Outbox interface {
	Latest(ctx context.Context, incident string) (map[UnitID]Report, error)
	SaveIncidentWithReports(ctx context.Context, inc *Incident, reports []Report) error
	Pending(ctx context.Context, unit UnitID, limit int) ([]Report, error) // oldest Seq first, not yet delivered
	MarkAttempt(ctx context.Context, id string, status ReportStatus, lastError string, next time.Time) error
	MarkDelivered(ctx context.Context, id string, at time.Time) error
	MarkAcked(ctx context.Context, id string, at time.Time, by string) error
	Reports(ctx context.Context, unit UnitID, incident string, limit int) ([]Report, error)
}

// UnitStore keeps the units (internal/store implements it).
type UnitStore interface {
	Units(ctx context.Context) ([]Unit, error)
	PutUnit(ctx context.Context, u Unit) error
	DeleteUnit(ctx context.Context, id UnitID) error // wraps ErrNoUnit
}
