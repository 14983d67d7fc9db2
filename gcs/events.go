package gcs

import (
	"crypto/rand"
	"encoding/hex"
)

// Event is one change the core announces on its event stream (Events):
// to the consoles' hub, and later to the store, the rules and the
// reports. The set is closed: VehicleEvent, AlertEvent, OrderEvent,
// OperationEvent, PlansEvent, VesselEvent, DetectionsEvent, AISEvent,
// TargetEvent, IncidentEvent, ReportEvent, InspectEvent and, made by the
// stream itself, SnapshotEvent.
type Event interface{ event() }

// VehicleEvent says that a vehicle changed; Vehicle is its latest state.
// States coalesce: a subscriber gets a vehicle once per read however
// often it changed meanwhile. The state is shared by every subscriber and
// never changes: read it, never modify it (copy it first).
type VehicleEvent struct{ Vehicle *Vehicle }

// AlertEvent is one alert raised, changed (acknowledged) or cleared, as it
// now is.
type AlertEvent struct{ Alert Alert }

// OrderEvent is the outcome of one order, from whichever front end gave
// it (console, command line, demo script, an automatic response).
type OrderEvent struct {
	ID      string // the order's request id, unique per order
	Kind    CommandKind
	Results []Result
}

// OperationEvent announces a new active operation.
type OperationEvent struct{ Operation *Operation }

// SnapshotEvent is the picture the stream's events have built: every
// vehicle's latest state, the active alerts and the most recent cleared
// ones, the active operation, the saved plans and the vessel contacts. A subscription starts
// with one (Lost 0). A subscriber that fell more than its bound behind
// gets one in place of the events it missed: Lost says how many were not
// delivered. The snapshot holds their effect on vehicles, alerts,
// operation and plans; the order results among them are lost to the
// subscriber (the order journal keeps every order). The snapshot replaces
// whatever the subscriber held; what follows it is newer.
//
// Its slices are shared and must not be modified.
type SnapshotEvent struct {
	Lost     int
	Vehicles []*Vehicle // sorted by ID
	// Alerts are the active alerts, newest raised first, then at most
	// Events.RecentAlerts cleared ones, most recently cleared first.
	Alerts    []Alert
	Operation *Operation   // nil: none announced
	Plans     []StoredPlan // the saved plans' summaries; nil: none announced
	// Vessels are the contacts announced, without tracks, most recently
	// seen first: at most the PictureVessels most recent (the Vessels use
	// case has the others). Detections are transient and not kept.
	Vessels []*Vessel
	// Targets are the maritime picture's vessels, most recently seen
	// first (at most PictureTargets); Incidents the open incidents and
	// the PictureClosed most recently closed, most recently updated
	// first. AIS vessels are in the targets, not kept apart.
	Targets   []*Target
	Incidents []*Incident
}

func (VehicleEvent) event()   {}
func (AlertEvent) event()     {}
func (OrderEvent) event()     {}
func (OperationEvent) event() {}
func (SnapshotEvent) event()  {}

// newOrderID returns a random request id of 16 hex digits.
func newOrderID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
