package paramfile

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"time"
)

// Meta is what a written file says about where its parameters come from.
type Meta struct {
	Vehicle string    // the station's id of the vehicle, e.g. "sim1-2"
	SysID   int       // its MAVLink system id (QGroundControl's Vehicle-Id; default 1)
	CompID  int       // its autopilot's component id (default 1)
	At      time.Time // when they were read (zero: not said)
}

// Write writes params in format, sorted by name as both stations sort
// them. Every name must be a parameter name and every value finite: a
// file that would not read back the same is an error, and nothing is
// written then. Integer types are written as whole numbers, floats in the
// shortest decimal that reads back to the same float32 (float64 for
// real64), never in exponent form.
func Write(w io.Writer, format Format, params []Param, meta Meta) error {
	if format != MissionPlanner && format != QGroundControl {
		return fmt.Errorf("paramfile: format %q: want %q or %q", format, MissionPlanner, QGroundControl)
	}
	ps := append([]Param(nil), params...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	for _, p := range ps {
		if err := checkName(p.Name); err != nil {
			return fmt.Errorf("paramfile: %w", err)
		}
		if err := checkValue(p); err != nil {
			return fmt.Errorf("paramfile: %s: %w", p.Name, err)
		}
	}
	if meta.SysID <= 0 || meta.SysID > 255 {
		meta.SysID = 1
	}
	if meta.CompID <= 0 || meta.CompID > 255 {
		meta.CompID = 1
	}
	bw := bufio.NewWriter(w)
	header(bw, format, meta)
	for _, p := range ps {
		if format == MissionPlanner {
			fmt.Fprintf(bw, "%s,%s\n", p.Name, FormatValue(p.Value, p.Type))
		} else {
			fmt.Fprintf(bw, "%d\t%d\t%s\t%s\t%d\n", meta.SysID, meta.CompID, p.Name, FormatValue(p.Value, p.Type), typeCode(p.Type))
		}
	}
	return bw.Flush()
}

// checkValue refuses a value its type cannot keep: not a number, a
// fraction for an integer type, beyond float32 for real32.
func checkValue(p Param) error {
	code := typeCode(p.Type)
	switch {
	case math.IsNaN(p.Value) || math.IsInf(p.Value, 0):
		return fmt.Errorf("%v is not a number a file can keep", p.Value)
	case code <= 8 && p.Value != math.Trunc(p.Value):
		return fmt.Errorf("%s is a %s: a whole number", strconv.FormatFloat(p.Value, 'g', -1, 64), p.Type)
	case code == 9 && math.Abs(p.Value) > math.MaxFloat32:
		return fmt.Errorf("%g is beyond what a real32 keeps", p.Value)
	}
	return nil
}

// header writes the comment lines a file starts with.
func header(w io.Writer, format Format, meta Meta) {
	from := ""
	if meta.Vehicle != "" {
		from = " of " + meta.Vehicle
	}
	if !meta.At.IsZero() {
		from += ", read " + meta.At.UTC().Format(time.RFC3339)
	}
	if format == MissionPlanner {
		fmt.Fprintf(w, "# Skerry: parameters%s\n", from)
		return
	}
	fmt.Fprintf(w, "# Onboard parameters for Vehicle %d\n#\n# Skerry: parameters%s\n#\n# Vehicle-Id Component-Id Name Value Type\n", meta.SysID, from)
}

// FormatValue writes a value as its type keeps it: whole numbers for
// integer types, the shortest float32 (real64: float64) decimal otherwise.
func FormatValue(v float64, typ string) string {
	switch code := typeCode(typ); {
	case code <= 8:
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	case code == 10:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 32)
}
