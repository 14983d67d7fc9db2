package gcs

import (
	"errors"
	"time"
)

// MissionState is a vehicle's progress through its mission, as the
// autopilot reports it (MISSION_CURRENT, MISSION_ITEM_REACHED).
type MissionState struct {
	Current int    `json:"current"` // MAVLink seq of the current item, -1 unknown
	Total   int    `json:"total"`   // items on the vehicle, -1 unknown
	Reached int    `json:"reached"` // last seq reached, -1 none yet
	State   string `json:"state"`   // "unknown", "no_mission", "not_started", "active", "paused", "complete"
	// Opaque ids the autopilot gives its stored mission, fence and rally
	// points (0 = none or not supported); they change when the plan does.
	MissionID uint32 `json:"mission_id"`
	FenceID   uint32 `json:"fence_id"`
	RallyID   uint32 `json:"rally_id"`
}

// FenceState is the autopilot's own fence report (FENCE_STATUS).
type FenceState struct {
	Breached bool      `json:"breached"`
	Count    int       `json:"count"`
	Type     string    `json:"type"` // "none", "min_alt", "max_alt", "boundary"
	At       time.Time `json:"at"`   // when the autopilot says the last breach began
}

// MissionProgress reports MISSION_CURRENT.
type MissionProgress struct {
	Current, Total              int
	State                       string
	MissionID, FenceID, RallyID uint32
}

func (u MissionProgress) apply(v *Vehicle) {
	m := &v.Mission
	m.Current, m.Total, m.State = u.Current, u.Total, u.State
	m.MissionID, m.FenceID, m.RallyID = u.MissionID, u.FenceID, u.RallyID
}

// ItemReached reports MISSION_ITEM_REACHED.
type ItemReached struct{ Seq int }

func (u ItemReached) apply(v *Vehicle) { v.Mission.Reached = u.Seq }

// FenceStatus reports FENCE_STATUS.
type FenceStatus struct{ Fence FenceState }

func (u FenceStatus) apply(v *Vehicle) { v.Fence = u.Fence }

// ErrTransfer is wrapped by every failed transfer of a plan to or from a
// vehicle; the link's own error type beside it says what failed.
var ErrTransfer = errors.New("mission transfer failed")
