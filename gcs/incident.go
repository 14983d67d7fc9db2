package gcs

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// IncidentType names the cause of an incident: the rule that raised it,
// or IncidentManual for one an operator raised.
type IncidentType string

// Incident types.
const (
	IncidentDark            IncidentType = "dark_vessel"
	IncidentAISGap          IncidentType = "ais_gap"
	IncidentZoneEntry       IncidentType = "zone_entry"
	IncidentLoitering       IncidentType = "loitering"
	IncidentRendezvous      IncidentType = "rendezvous"
	IncidentFastApproach    IncidentType = "fast_approach"
	IncidentInconsistentAIS IncidentType = "ais_inconsistency"
	IncidentManual          IncidentType = "manual"
)

// IncidentSeverity ranks an incident (CAP maps low, medium, high to
// Minor, Moderate, Severe).
type IncidentSeverity string

// Incident severities, least first.
const (
	IncidentLow    IncidentSeverity = "low"
	IncidentMedium IncidentSeverity = "medium"
	IncidentHigh   IncidentSeverity = "high"
)

// IncidentState is where an incident is in its lifecycle: new →
// acknowledged → dispatched → closed. A state may be skipped (a new
// incident may be closed at once); none is gone back to.
type IncidentState string

// Incident states, in lifecycle order.
const (
	IncidentNew          IncidentState = "new"
	IncidentAcknowledged IncidentState = "acknowledged"
	IncidentDispatched   IncidentState = "dispatched"
	IncidentClosed       IncidentState = "closed"
)

// stateOrder ranks the states.
var stateOrder = map[IncidentState]int{IncidentNew: 0, IncidentAcknowledged: 1, IncidentDispatched: 2, IncidentClosed: 3}

// ErrNoIncident: no incident has that id.
var ErrNoIncident = errors.New("no such incident")

// ErrIncidentState: the change asked for does not follow the lifecycle.
var ErrIncidentState = errors.New("not a lifecycle step")

// CheckIncidentStep says why an incident in state from cannot go to to:
// an unknown state, the same state, or a step back.
func CheckIncidentStep(from, to IncidentState) error {
	f, ok1 := stateOrder[from]
	t, ok2 := stateOrder[to]
	switch {
	case !ok2:
		return fmt.Errorf("%w: %q is not a state (new, acknowledged, dispatched, closed)", ErrIncidentState, to)
	case !ok1:
		return fmt.Errorf("%w: the incident's state %q is unknown", ErrIncidentState, from)
	case t <= f:
		return fmt.Errorf("%w: an incident %s cannot become %s", ErrIncidentState, from, to)
	}
	return nil
}

// Incident is one thing operators must look at: what happened, where and
// when, the vessels involved, the evidence, and who did what about it.
type Incident struct {
	ID       string           `json:"id"`
	Type     IncidentType     `json:"type"`
	Severity IncidentSeverity `json:"severity"`
	State    IncidentState    `json:"state"`
	// Key names the cause (the rule and what it is about): while the cause
	// lasts, findings with the same key update this incident, never raise
	// another.
	Key string `json:"key"`
	// Aliases are other keys of the same cause merged into this incident
	// (the same boat seen as another camera contact): findings with them
	// update it too.
	Aliases []string `json:"aliases,omitempty"`
	// Title is one line; Summary says why the rule fired, with figures.
	Title   string  `json:"title"`
	Summary string  `json:"summary"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	// Area names the zone or place it is in ("" open sea).
	Area string `json:"area,omitempty"`
	// Raised is when it was raised; Observed when its cause was last
	// found; Updated when it last changed.
	Raised   time.Time        `json:"raised"`
	Observed time.Time        `json:"observed"`
	Updated  time.Time        `json:"updated"`
	Vessels  []IncidentVessel `json:"vessels"`
	Evidence []Evidence       `json:"evidence,omitempty"`
	History  []IncidentChange `json:"history"`
	// Version counts the changes; a store keeps the highest.
	Version int `json:"version"`
}

// IncidentVessel is one vessel involved, as the picture knew it.
type IncidentVessel struct {
	Target   VesselID     `json:"target"`
	Contact  VesselID     `json:"contact,omitempty"`
	MMSI     uint32       `json:"mmsi,omitempty"`
	Name     string       `json:"name,omitempty"`
	CallSign string       `json:"call_sign,omitempty"`
	ShipType uint8        `json:"ship_type,omitempty"`
	Status   TargetStatus `json:"status,omitempty"`
}

// Evidence kinds.
const (
	EvidenceSnapshot = "snapshot" // a JPEG of the vessel with its box drawn (File)
	EvidenceTrack    = "track"    // the vessel's track (Track)
	EvidenceAIS      = "ais"      // the AIS data at the time (AIS)
	EvidenceSensors  = "sensors"  // the drones and cameras that saw it (Sensors)
	EvidenceClip     = "clip"     // a short video clip (File)
	EvidenceNote     = "note"     // an operator's note (Note)
)

// Evidence is one piece of what supports an incident. A file (a snapshot,
// a clip) is kept beside the database and named by the SHA-256 of its
// bytes (File, hex).
type Evidence struct {
	Kind    string       `json:"kind"`
	At      time.Time    `json:"at"`
	Vessel  VesselID     `json:"vessel,omitempty"`
	File    string       `json:"file,omitempty"`
	MIME    string       `json:"mime,omitempty"`
	Track   []TrackPoint `json:"track,omitempty"`
	AIS     *AISVessel   `json:"ais,omitempty"`
	Sensors []Sighting   `json:"sensors,omitempty"`
	Note    string       `json:"note,omitempty"`
}

// IncidentChange is one step of an incident's history: raised, updated
// by its rule, or moved on by an operator.
type IncidentChange struct {
	At time.Time `json:"at"`
	// By is the operator, or "station" for the rules.
	By   string        `json:"by"`
	From IncidentState `json:"from,omitempty"`
	To   IncidentState `json:"to"`
	Note string        `json:"note,omitempty"`
}

// IncidentEvent announces an incident as it now is. States coalesce per
// ID.
type IncidentEvent struct{ Incident *Incident }

func (IncidentEvent) event() {}

// IncidentFilter selects incidents; zero fields select all.
type IncidentFilter struct {
	State IncidentState
	Type  IncidentType
	Since time.Time // raised or updated at or after
	Limit int       // most recently updated first; 0: no limit
}

// IncidentStore keeps incidents and their evidence durably (internal/store
// implements it). SaveIncident writes the whole incident in one
// transaction and returns once it is on disk; an older Version than the
// one stored is refused (ErrIncidentState). PutFile stores a file and
// returns its SHA-256 (hex); storing the same bytes twice keeps one file.
type IncidentStore interface {
	SaveIncident(ctx context.Context, inc *Incident) error
	Incidents(ctx context.Context, f IncidentFilter) ([]Incident, error)
	Incident(ctx context.Context, id string) (Incident, error)
	PutFile(ctx context.Context, data []byte) (string, error)
	File(ctx context.Context, hash string) ([]byte, error)
}

// ManualIncident is an incident an operator raises by hand, about a target
// of the picture (Target) or a place on the map (Lat, Lon).
type ManualIncident struct {
	Target   VesselID         `json:"target,omitempty"`
	Lat      *float64         `json:"lat,omitempty"`
	Lon      *float64         `json:"lon,omitempty"`
	Severity IncidentSeverity `json:"severity,omitempty"` // default medium
	Title    string           `json:"title"`
	Note     string           `json:"note,omitempty"`
	By       string           `json:"-"` // the operator, from the request's identity
}

// ErrNoClip: no video of that stream covers the time asked for.
var ErrNoClip = errors.New("no video of that stream for that time")

// Clipper cuts short video clips out of what the cameras sent recently,
// for evidence (video.Manager implements it). Clip returns a playable
// file (MP4) of the stream between from and to, as far as the video kept
// covers it (from a key frame at or before from); an error wrapping
// ErrNoClip when none of it is kept.
type Clipper interface {
	Clip(ctx context.Context, vehicle VehicleID, stream string, from, to time.Time) (data []byte, mime string, err error)
}
