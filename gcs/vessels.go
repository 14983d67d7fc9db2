package gcs

import (
	"context"
	"log/slog"
	"time"
)

// Vessels keeps the vessel contacts the tracker reports: their latest
// state, their history (through Store) and their best pictures, and
// announces them on the event stream.
//
// SKELETON: the API is fixed; the implementation is being written.
type Vessels struct {
	Events *Events
	// Store keeps contacts durably; nil keeps them in memory only.
	Store VesselStore
	Log   *slog.Logger
	Now   func() time.Time
}

// Initialize starts the owner goroutine.
func (vs *Vessels) Initialize() error { return nil }

// Close stops it.
func (vs *Vessels) Close() {}

// Update takes a contact's new state from the tracker. It does not block
// for long: the owner goroutine applies it.
func (vs *Vessels) Update(u VesselUpdate) {}

// Detected announces one analysed frame's detections (for the consoles).
func (vs *Vessels) Detected(d Detections) {}

// List returns every contact, newest seen first, without tracks.
func (vs *Vessels) List(ctx context.Context) ([]Vessel, error) { return nil, nil }

// Get returns one contact with its track.
func (vs *Vessels) Get(ctx context.Context, id VesselID) (Vessel, error) {
	return Vessel{}, ErrNoVessel
}

// Snapshot returns a contact's best picture (JPEG).
func (vs *Vessels) Snapshot(ctx context.Context, id VesselID) ([]byte, error) {
	return nil, ErrNoVessel
}
