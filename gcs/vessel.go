package gcs

import (
	"context"
	"errors"
	"time"
)

// VesselID identifies a vessel contact, URL-safe, stable for the contact's
// life (e.g. "v42").
type VesselID string

// Vessel is one contact: a boat the cameras see, as the tracker fused it
// across frames and drones.
type Vessel struct {
	ID  VesselID `json:"id"`
	Lat float64  `json:"lat"`
	Lon float64  `json:"lon"`
	// ErrorM is the position's estimated error (one sigma, metres): it
	// grows with range and with the attitude's uncertainty.
	ErrorM float64 `json:"error_m"`
	// Course is degrees true, Speed metres per second, over ground; both
	// unknown until the track is long enough.
	Course Reading `json:"course"`
	Speed  Reading `json:"speed"`
	// Length is the estimated length in metres (unknown when the view
	// cannot tell).
	Length    Reading   `json:"length"`
	Score     float64   `json:"score"` // the detector's confidence, 0..1
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// SeenBy lists the cameras that saw the contact, the latest sighting
	// of each.
	SeenBy []Sighting `json:"seen_by"`
	// Snapshot is the URL path of the best picture of it (a JPEG crop
	// with its box), "" before one exists.
	Snapshot string `json:"snapshot,omitempty"`
	// Track is the contact's history, oldest first; only in answers about
	// one contact (GET /api/vessels/{id}), not in lists or the live feed.
	Track []TrackPoint `json:"track,omitempty"`
}

// Sighting is one camera seeing a contact.
type Sighting struct {
	Vehicle VehicleID `json:"vehicle"`
	Stream  string    `json:"stream"`
	At      time.Time `json:"at"`
	// Box is the detection in that frame's pixels: x, y (top-left), w, h.
	Box [4]int `json:"box"`
}

// TrackPoint is where a contact was.
type TrackPoint struct {
	At     time.Time `json:"at"`
	Lat    float64   `json:"lat"`
	Lon    float64   `json:"lon"`
	ErrorM float64   `json:"error_m"`
}

// VesselUpdate is what the tracker reports of one contact: its new state
// and, when it has a better picture than before, the JPEG crop.
type VesselUpdate struct {
	Vessel   Vessel
	Snapshot []byte // JPEG; nil: keep the last one
}

// Detections are one analysed frame's boxes, for drawing over the video.
type Detections struct {
	Vehicle  VehicleID      `json:"vehicle"`
	Stream   string         `json:"stream"`
	Captured time.Time      `json:"captured"`
	Width    int            `json:"width"`
	Height   int            `json:"height"`
	Boxes    []DetectionBox `json:"boxes"`
}

// DetectionBox is one box in pixels (top-left origin) with its score and
// the contact it was assigned to ("" none yet).
type DetectionBox struct {
	X      int      `json:"x"`
	Y      int      `json:"y"`
	W      int      `json:"w"`
	H      int      `json:"h"`
	Score  float64  `json:"score"`
	Vessel VesselID `json:"vessel,omitempty"`
}

// VesselEvent announces a contact's new state (without its Track).
type VesselEvent struct{ Vessel *Vessel }

// DetectionsEvent announces one analysed frame's detections.
type DetectionsEvent struct{ Detections *Detections }

func (VesselEvent) event()     {}
func (DetectionsEvent) event() {}

// VesselStore keeps contacts and their history durably (internal/store
// implements it).
type VesselStore interface {
	SaveVessel(ctx context.Context, v Vessel, snapshot []byte) error
	Vessels(ctx context.Context) ([]Vessel, error)
	Vessel(ctx context.Context, id VesselID) (Vessel, error) // with its Track
	VesselSnapshot(ctx context.Context, id VesselID) ([]byte, error)
}

// VesselSink takes what the video side's tracker and detector find:
// contacts' new states and each analysed frame's boxes. *Vessels is one;
// neither method blocks for long.
type VesselSink interface {
	Update(VesselUpdate)
	Detected(Detections)
}

// VesselStoreSince is a VesselStore that can list only the contacts last
// seen at or after a time, most recently seen first, without tracks;
// Vessels uses it when its store has it, rather than reading every
// contact ever kept.
type VesselStoreSince interface {
	VesselsSince(ctx context.Context, since time.Time) ([]Vessel, error)
}

// ErrNoVessel: no such contact.
var ErrNoVessel = errors.New("no such vessel contact")
