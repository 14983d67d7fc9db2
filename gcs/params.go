package gcs

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ParamType is how a vehicle stores a parameter (MAVLink's MAV_PARAM_TYPE,
// by name). The vehicle says it with every value it sends.
type ParamType string

// The parameter types of MAVLink's parameter protocol.
const (
	ParamUint8  ParamType = "uint8"
	ParamInt8   ParamType = "int8"
	ParamUint16 ParamType = "uint16"
	ParamInt16  ParamType = "int16"
	ParamUint32 ParamType = "uint32"
	ParamInt32  ParamType = "int32"
	ParamUint64 ParamType = "uint64"
	ParamInt64  ParamType = "int64"
	ParamReal32 ParamType = "real32"
	ParamReal64 ParamType = "real64"
)

// Param is one parameter as the vehicle holds it.
type Param struct {
	Name  string    `json:"name"`
	Value float64   `json:"value"`
	Type  ParamType `json:"type"`
	// Index is the parameter's place in the vehicle's list (param_index),
	// -1 when the vehicle has not said.
	Index int `json:"index"`
}

// ParamProgress is how far a read of every parameter has come. Total is 0
// until the vehicle has said how many it has.
type ParamProgress struct {
	Received int `json:"received"`
	Total    int `json:"total"`
}

// ParamTable is a vehicle's parameters as the station last heard them, and
// the state of the read of all of them.
type ParamTable struct {
	Params []Param `json:"params"` // sorted by name
	// Count is how many parameters the vehicle says it has (0: not yet
	// said).
	Count int `json:"count"`
	// Reading is true while a read of every parameter is under way;
	// Received counts what it has received so far (or what the last read
	// received).
	Reading  bool `json:"reading"`
	Received int  `json:"received"`
	// ReadAt is when a read of every parameter last completed (zero:
	// never): only then is the table the vehicle's whole list.
	ReadAt time.Time `json:"read_at"`
	// Error says why the last read of every parameter failed.
	Error string `json:"error,omitempty"`
}

// Complete reports whether the table holds the vehicle's whole list.
func (t ParamTable) Complete() bool { return !t.ReadAt.IsZero() }

// Lookup returns the parameter called name.
func (t ParamTable) Lookup(name string) (Param, bool) {
	for _, p := range t.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// ParamLink reads and writes a vehicle's parameters in its autopilot's
// terms (MAVLink's parameter protocol). The MAVLink adapter (telemetry)
// implements it and keeps each vehicle's table.
type ParamLink interface {
	// ReadAllParams reads every parameter of vehicle id into its table,
	// or joins a read already under way, and returns when the read ends.
	// progress, if not nil, is called on the caller's goroutine as values
	// arrive (coalesced: not once per parameter). The read goes on to its
	// end if ctx ends first.
	ReadAllParams(ctx context.Context, id VehicleID, progress func(ParamProgress)) error
	// ParamTable returns the vehicle's table as it stands.
	ParamTable(ctx context.Context, id VehicleID) (ParamTable, error)
	// GetParam reads one parameter from the vehicle. A name the vehicle
	// does not know gives an error matching ErrUnknownParam.
	GetParam(ctx context.Context, id VehicleID, name string) (Param, error)
	// SetParam writes a parameter and returns it as the vehicle then keeps
	// it. When the vehicle keeps another value (rounded, clamped, read
	// only) the error is a *RejectedError and the Param says the value
	// kept.
	SetParam(ctx context.Context, id VehicleID, name string, value float64) (Param, error)
}

// Errors of parameter handling; callers branch with errors.Is.
var (
	// ErrParamName: not a parameter name (1 to 16 letters, digits or
	// underscores, MAVLink's param_id).
	ErrParamName = errors.New("not a parameter name")
	// ErrParamRange: the value is outside what the parameter's type or
	// its documented range allows, or not a number.
	ErrParamRange = errors.New("parameter value out of range")
	// ErrParamsNotRead: the vehicle's whole list has not been read yet,
	// so it cannot be compared with a file.
	ErrParamsNotRead = errors.New("the vehicle's parameters have not been read")
)

// ValidParamName checks a parameter name: 1 to 16 ASCII letters, digits or
// underscores (MAVLink carries 16 bytes; ArduPilot's and PX4's names use
// these characters only).
func ValidParamName(name string) error {
	if len(name) == 0 || len(name) > 16 {
		return fmt.Errorf("%w: %q has %d characters, 1 to 16 allowed", ErrParamName, clip(name, 40), len(name))
	}
	for _, c := range []byte(name) {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return fmt.Errorf("%w: %q: only letters, digits and _", ErrParamName, clip(name, 40))
		}
	}
	return nil
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
