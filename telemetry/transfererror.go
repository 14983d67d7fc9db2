package telemetry

import (
	"fmt"

	"skerry/gcs"
	"skerry/mission/mavlink"
)

// TransferError says how a mission transfer failed and what it left on the
// vehicle.
type TransferError struct {
	Kind mavlink.MissionType
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
func (e *TransferError) Unwrap() []error { return []error{gcs.ErrTransfer, e.Err} }
