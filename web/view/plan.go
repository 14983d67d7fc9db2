package view

import (
	"encoding/json"
	"time"

	"skerry/gcs"
)

// SavedPlan is a saved plan as /api/plans and the feed's snapshot and
// plans messages show it. Plan and Request are left out of lists (and
// the feed never carries them).
type SavedPlan struct {
	ID       string    `json:"id"`       // the store's id
	Name     string    `json:"name"`     // the pilots' name for it
	Kind     string    `json:"kind"`     // its planner ("coast", "survey"...), "drawn" or "imported"
	Version  int64     `json:"version"`  // counts saves, from 1
	Created  time.Time `json:"created"`  // first saved
	Modified time.Time `json:"modified"` // last saved
	Mission  int       `json:"mission"`  // mission items
	Fence    int       `json:"fence"`    // fence zones
	Rally    int       `json:"rally"`    // rally points
	// Lawful is the last check against the active operation: null when
	// there was no operation.
	Lawful     *bool           `json:"lawful"`
	Violations int             `json:"violations"`           // errors that check found
	Profile    string          `json:"profile,omitempty"`    // the profile it was checked under
	CheckedAt  *time.Time      `json:"checked_at,omitempty"` // when
	Plan       json.RawMessage `json:"plan,omitempty"`       // Skerry GeoJSON
	Request    json.RawMessage `json:"request,omitempty"`    // the planner request that made it
}

// SavedPlanOf shows sp, with its plan and request when sp has them.
func SavedPlanOf(sp gcs.StoredPlan) SavedPlan {
	out := SavedPlan{ID: sp.ID, Name: sp.Name, Kind: sp.Kind, Version: sp.Version, Created: sp.Created, Modified: sp.Modified,
		Mission: sp.Counts.Mission, Fence: sp.Counts.Fence, Rally: sp.Counts.Rally, Plan: sp.Plan, Request: sp.Request}
	if c := sp.Check; c != nil {
		lawful, at := c.Lawful, c.At
		out.Lawful, out.Violations, out.Profile, out.CheckedAt = &lawful, c.Violations, c.Profile, &at
	}
	return out
}
