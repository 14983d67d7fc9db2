package gcs

import (
	"errors"
	"time"
)

// TargetStatus says what the sensors make of a vessel in the maritime
// picture.
type TargetStatus string

// Target statuses.
const (
	// TargetIdentified: the cameras see it and its AIS agrees.
	TargetIdentified TargetStatus = "identified"
	// TargetDark: the cameras see it and no AIS matches it.
	TargetDark TargetStatus = "dark"
	// TargetAIS: only AIS reports it (no camera sees it now).
	TargetAIS TargetStatus = "ais"
	// TargetInconsistent: its AIS contradicts what the cameras see (one
	// identity in two places, or a position far from the boat seen):
	// possible spoofing.
	TargetInconsistent TargetStatus = "inconsistent"
)

// Sources of a target.
const (
	SourceCamera = "camera"
	SourceAIS    = "ais"
)

// Target is one vessel of the maritime picture: a visual contact and the
// AIS track fused with it, either alone. Its ID is the visual contact's
// ("v42") when the cameras see it, else "ais-" and the MMSI.
type Target struct {
	ID     VesselID     `json:"id"`
	Status TargetStatus `json:"status"`
	// Sources lists what reports it: SourceCamera, SourceAIS.
	Sources []string `json:"sources"`
	// Lat, Lon and ErrorM (one sigma, metres) are the best position: the
	// cameras' when they see it, else AIS dead-reckoned to At.
	Lat    float64   `json:"lat"`
	Lon    float64   `json:"lon"`
	ErrorM float64   `json:"error_m"`
	At     time.Time `json:"at"`
	// Course (degrees true) and Speed (m/s) over ground.
	Course Reading `json:"course"`
	Speed  Reading `json:"speed"`
	Length Reading `json:"length"`
	// Contact is the visual contact's id; "" when no camera sees it.
	Contact VesselID `json:"contact,omitempty"`
	// MMSI and AIS are its AIS identity and latest AIS data; 0 and nil
	// when no AIS is matched.
	MMSI uint32     `json:"mmsi,omitempty"`
	AIS  *AISVessel `json:"ais,omitempty"`
	// Inconsistency says why the status is TargetInconsistent.
	Inconsistency string `json:"inconsistency,omitempty"`
	// Snapshot is the URL path of the cameras' best picture of it.
	Snapshot string     `json:"snapshot,omitempty"`
	SeenBy   []Sighting `json:"seen_by,omitempty"`
	// Zones names the sea zones it is in.
	Zones []string `json:"zones,omitempty"`
	Risk  Risk     `json:"risk"`
	// FirstSeen is when a sensor first reported it, LastSeen the latest.
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// Risk is a target's risk score, 0..100, with every contribution listed
// so that an operator sees why it ranks where it does.
type Risk struct {
	Score   float64      `json:"score"`
	Reasons []RiskReason `json:"reasons,omitempty"`
}

// RiskReason is one contribution to a risk score.
type RiskReason struct {
	// Factor names it: a rule ("dark_vessel"), "zone", "ais_history",
	// "past_incidents", "type", "flag".
	Factor string  `json:"factor"`
	Points float64 `json:"points"`
	Text   string  `json:"text"`
}

// TargetEvent announces a target's new state; Target nil says that the
// target ID left the picture. States coalesce per ID.
type TargetEvent struct {
	ID     VesselID
	Target *Target
}

// AISEvent announces an AIS vessel's new state; Vessel nil says that the
// vessel MMSI left the AIS picture (unheard for its retention). States
// coalesce per MMSI.
type AISEvent struct {
	MMSI   uint32
	Vessel *AISVessel
}

func (TargetEvent) event() {}
func (AISEvent) event()    {}

// ErrNoTarget: no target of the maritime picture has that id.
var ErrNoTarget = errors.New("no such target")
