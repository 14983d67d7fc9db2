package report

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"skerry/gcs"
)

// Reference is an earlier report as the JSON and GeoJSON formats name it.
type Reference struct {
	ID   string    `json:"id"`
	Sent time.Time `json:"sent"`
}

// JSONReport is the JSON format: the incident as the API gives it, with
// the report's id, kind, sending time and references.
type JSONReport struct {
	*gcs.Incident
	ReportID   string         `json:"report_id"`
	Kind       gcs.ReportKind `json:"kind"`
	Sent       time.Time      `json:"sent"`
	References []Reference    `json:"references,omitempty"`
	Web        string         `json:"web,omitempty"`
}

// references lists refs for JSON.
func references(refs []gcs.Report) []Reference {
	var out []Reference
	for _, r := range refs {
		out = append(out, Reference{ID: r.ID, Sent: r.Created.UTC()})
	}
	return out
}

// JSON encodes one report as the incident in JSON with the report's id,
// kind and references.
func JSON(inc *gcs.Incident, kind gcs.ReportKind, id string, sent time.Time, refs []gcs.Report, cfg Config) ([]byte, error) {
	if err := checkIncident(inc); err != nil {
		return nil, err
	}
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	b, err := json.Marshal(JSONReport{Incident: inc, ReportID: id, Kind: kind, Sent: sent.UTC(),
		References: references(refs), Web: cfg.incidentLink(inc.ID)})
	if err != nil {
		return nil, fmt.Errorf("encoding JSON for incident %s: %w", inc.ID, err)
	}
	return b, nil
}

// GeoJSON encodes one report as a GeoJSON FeatureCollection: the incident
// as a Point feature at its position (properties: the report's id, kind,
// sent, references, and the incident's id, type, severity, state, title,
// summary, area, times, vessels, CAP's event, urgency, certainty,
// instruction, web and file links), and each vessel's track as a
// LineString feature (properties: vessel, target, incident).
func GeoJSON(inc *gcs.Incident, kind gcs.ReportKind, id string, sent time.Time, refs []gcs.Report, cfg Config) ([]byte, error) {
	if err := checkIncident(inc); err != nil {
		return nil, err
	}
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	ti := describe(inc.Type)
	certainty := "Likely"
	if seenByCamera(inc) {
		certainty = "Observed"
	}
	urgency, instruction := ti.urgency, ti.instruction
	if kind == gcs.ReportCancel {
		urgency, instruction = "Past", "No further action: the station closed the incident."
	}
	var files []string
	for _, r := range resources(inc, cfg) {
		if r.URI != "" {
			files = append(files, r.URI)
		}
	}
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.Point{inc.Lon, inc.Lat})
	f.ID = id
	f.Properties = geojson.Properties{
		"report_id": id, "kind": kind, "sent": sent.UTC(), "references": references(refs),
		"incident": inc.ID, "type": inc.Type, "severity": inc.Severity, "state": inc.State,
		"title": inc.Title, "summary": inc.Summary, "area": inc.Area, "version": inc.Version,
		"raised": inc.Raised, "observed": inc.Observed, "updated": inc.Updated, "vessels": inc.Vessels,
		"event": ti.event, "category": ti.category, "urgency": urgency, "certainty": certainty,
		"cap_severity": capSeverity(inc.Severity), "instruction": instruction,
		"web": cfg.incidentLink(inc.ID), "files": files,
	}
	fc.Append(f)
	for _, e := range inc.Evidence {
		if e.Kind != gcs.EvidenceTrack {
			continue
		}
		var ls orb.LineString
		for _, p := range e.Track {
			if validPosition(p.Lat, p.Lon) {
				ls = append(ls, orb.Point{p.Lon, p.Lat})
			}
		}
		if len(ls) < 2 {
			continue
		}
		tf := geojson.NewFeature(ls)
		tf.Properties = geojson.Properties{"incident": inc.ID, "vessel": e.Vessel, "at": e.At.UTC(), "kind": "track"}
		fc.Append(tf)
	}
	b, err := json.Marshal(fc)
	if err != nil {
		return nil, fmt.Errorf("encoding GeoJSON for incident %s: %w", inc.ID, err)
	}
	return b, nil
}
