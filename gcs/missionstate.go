package gcs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"skerry/mission"
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

// Transfer moves missions, fences and rally points to and from vehicles
// with the MAVLink mission protocol. The MAVLink adapter implements it.
// progress, if not nil, is called as items move (done of total).
type Transfer interface {
	Upload(ctx context.Context, id VehicleID, kind mission.MissionType, items []mission.MAVItem, progress func(done, total int)) error
	Download(ctx context.Context, id VehicleID, kind mission.MissionType, progress func(done, total int)) ([]mission.MAVItem, error)
	Clear(ctx context.Context, id VehicleID, kind mission.MissionType) error
}

// ErrTransfer is wrapped by every failed transfer; errors.As finds a
// *TransferError with the details.
var ErrTransfer = errors.New("mission transfer failed")

// TransferError says how a mission transfer failed and what it left on the
// vehicle.
type TransferError struct {
	Kind mission.MissionType
	Op   string // "upload", "download", "clear"
	// Result is the MAV_MISSION_RESULT the vehicle answered, -1 if none
	// (timeout, link lost).
	Result     int
	ResultName string // e.g. "MAV_MISSION_NO_SPACE"
	Done       int    // items moved before the failure
	Total      int
	// Partial is true when the vehicle may now hold a partly written plan
	// of this kind (ArduPilot writes mission items as they arrive).
	Partial bool
	Err     error // the cause: ErrTimeout, ErrLinkLost, context errors ...
}

// Error describes the failure, including what the vehicle holds now.
func (e *TransferError) Error() string {
	s := fmt.Sprintf("%s %s: %d of %d items", e.Kind.String(), e.Op, e.Done, e.Total)
	if e.ResultName != "" {
		s += fmt.Sprintf(": vehicle answered %s (%d)", e.ResultName, e.Result)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	if e.Partial {
		s += "; the vehicle may now hold a partial " + e.Kind.String() + ": upload again or clear it"
	}
	return s
}

// Unwrap lets errors.Is find ErrTransfer and the cause.
func (e *TransferError) Unwrap() []error { return []error{ErrTransfer, e.Err} }
