package gcs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Reading is a value a vehicle reports that may be unknown. MAVLink marks
// unknown values in-band (UINT16_MAX, -1, INT32_MAX, NaN); adapters turn
// each marker into Unknown, and the station shows it as unknown, never as
// a number. Unknown, and anything else that is not a finite number, is
// JSON null, so that no report from a vehicle can make a state
// unencodable. Comparisons with an unknown Reading are false: test Known
// first, or use Or.
type Reading float64

// Unknown is the Reading of a value not known.
var Unknown = Reading(math.NaN())

// Known reports whether r is a finite number.
func (r Reading) Known() bool {
	f := float64(r)
	return !math.IsNaN(f) && !math.IsInf(f, 0)
}

// Or returns r, or def when r is unknown.
func (r Reading) Or(def float64) float64 {
	if r.Known() {
		return float64(r)
	}
	return def
}

// String formats r as %g, or "unknown".
func (r Reading) String() string {
	if !r.Known() {
		return "unknown"
	}
	return strconv.FormatFloat(float64(r), 'g', -1, 64)
}

// Format formats r with a fmt verb such as %.1f; unknown prints "?".
func (r Reading) Format(f fmt.State, verb rune) {
	if !r.Known() {
		fmt.Fprint(f, "?")
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), float64(r))
}

var null = []byte("null")

// MarshalJSON writes r as encoding/json writes a float64, or null when it
// is unknown.
func (r Reading) MarshalJSON() ([]byte, error) {
	return r.AppendJSON(make([]byte, 0, 24)), nil
}

// AppendJSON appends r's JSON to b: the bytes encoding/json writes for the
// same float64 (shortest form, exponent only below 1e-6 and from 1e21),
// or null.
func (r Reading) AppendJSON(b []byte) []byte {
	if !r.Known() {
		return append(b, null...)
	}
	f := float64(r)
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // e-09 to e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// UnmarshalJSON reads a number, or null as Unknown.
func (r *Reading) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), null) {
		*r = Unknown
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("reading: %w", err)
	}
	*r = Reading(f)
	return nil
}
