package maritime

import (
	"fmt"
	"time"

	"skerry/gcs"
)

// Track is one target as the rules see it: its fused state and its recent
// history.
type Track struct {
	// Target is the fused state; its Risk is not yet scored.
	Target gcs.Target
	// History is where it was, oldest first, thinned (about one point per
	// HistoryStep) and bounded to the last HistorySpan; the last point is
	// its current position. Positions from the cameras and from AIS
	// (dead-reckoned to nothing: as reported) are merged in time order.
	History []gcs.TrackPoint
}

// Identity names a target's vessel stably across the picture's changes:
// "mmsi:<MMSI>" when its AIS identity is known, else "contact:<id>" for
// a camera contact (a target's ID changes when an AIS-only target is
// seen by a camera, its identity does not). Finding keys are built from
// identities.
func (t *Track) Identity() string { return Identity(&t.Target) }

// Identity is Track.Identity for a target.
func Identity(t *gcs.Target) string {
	if t.MMSI != 0 {
		return fmt.Sprintf("mmsi:%d", t.MMSI)
	}
	if t.Contact != "" {
		return "contact:" + string(t.Contact)
	}
	return "target:" + string(t.ID)
}

// Situation is what the rules judge at one moment.
type Situation struct {
	Now    time.Time
	Tracks []*Track
	// Zones are the sea zones (restricted, protected, berths,
	// anchorages); nil: none.
	Zones *Zones
	// Land says how far a point is from the shore; nil: unknown (the fast
	// approach rule does not run).
	Land gcs.Surface
	// Watch says whether a position is inside the watched area (the
	// operation's area); nil: everywhere.
	Watch func(lat, lon float64) bool
}

// Finding is one rule's verdict about one cause: the engine raises an
// incident for a new Key and updates it while the Key keeps being found.
type Finding struct {
	Type gcs.IncidentType
	// Key is stable while the cause lasts: the rule and the identities
	// (sorted) and zone it is about, e.g. "rendezvous:mmsi:1|contact:v7".
	Key      string
	Severity gcs.IncidentSeverity
	// Targets are the target IDs involved (as in this Situation).
	Targets []gcs.VesselID
	Lat     float64
	Lon     float64
	// Area names the zone or place ("" open sea).
	Area string
	// Title is one line ("Rendezvous at sea: Lady M and a dark vessel");
	// Text says why, with the figures and the settings compared
	// ("within 38 m for 2m40s (rule: 100 m for 2m)").
	Title string
	Text  string
	// Since is when the cause began, as far as the history tells.
	Since time.Time
}
