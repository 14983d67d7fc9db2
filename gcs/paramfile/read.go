// Package paramfile reads and writes vehicle parameter files: Mission
// Planner's .param (and MAVProxy's .parm: "NAME,VALUE" or "NAME VALUE"
// lines, # comments) and QGroundControl's .params ("# ..." header, then
// tab-separated "sysid compid NAME VALUE TYPE" rows, TYPE being MAVLink's
// MAV_PARAM_TYPE). Reading is lenient: a line it cannot use is counted
// with the reason, never fatal. Writing is strict: what it writes reads
// back the same in either station. It does no I/O of its own.
package paramfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Format is a parameter file's format.
type Format string

// The formats read and written.
const (
	MissionPlanner Format = "mp"  // .param: NAME,VALUE
	QGroundControl Format = "qgc" // .params: sysid compid NAME VALUE TYPE
)

// Param is one parameter of a file. Type is the MAVLink type by name
// ("uint8" … "real64", the names gcs.ParamType uses), "" when the file does
// not say (Mission Planner files never do). SysID and CompID are those a
// QGroundControl row names (0 in Mission Planner files).
type Param struct {
	Name   string
	Value  float64
	Type   string
	SysID  int
	CompID int
	Line   int // where it was read, from 1
}

// Issue is a line that could not be used, or was used with a doubt.
type Issue struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// File is what a parameter file holds.
type File struct {
	Format Format
	Params []Param // in file order
	Issues []Issue
}

// MaxSize bounds a parameter file: ArduPilot's ~1,300 parameters take
// about 40 KB in either format.
const MaxSize = 4 << 20

// Errors of Read; errors.Is tells them apart.
var (
	ErrTooLarge = errors.New("parameter file too large")
	ErrNoParams = errors.New("no parameter in the file")
)

// Values returns the file's values by name; a name given twice keeps its
// last value (Read reported the repetition).
func (f *File) Values() map[string]float64 {
	m := make(map[string]float64, len(f.Params))
	for _, p := range f.Params {
		m[p.Name] = p.Value
	}
	return m
}

// Read reads a parameter file of either format, telling which. Lines it
// cannot use are reported in Issues; the error is for a file too large to
// be one, or one with no parameter at all.
func Read(r io.Reader) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%w (limit %d MiB)", ErrTooLarge, MaxSize>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
	f := &File{}
	seen := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		f.readLine(i+1, line, seen)
	}
	if f.Format == "" {
		f.Format = MissionPlanner
	}
	if len(f.Params) == 0 {
		return f, fmt.Errorf("%w (%d line(s) not understood)", ErrNoParams, len(f.Issues))
	}
	return f, nil
}

// readLine reads one line into f.
func (f *File) readLine(n int, line string, seen map[string]int) {
	line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
	if line == "" || line[0] == '#' {
		return
	}
	if i := strings.Index(line, "#"); i > 0 {
		line = strings.TrimSpace(line[:i]) // a comment after the value
	}
	var p Param
	var err error
	if fields := strings.Fields(line); len(fields) == 5 {
		p, err = qgcRow(fields)
		f.note(QGroundControl)
	} else {
		p, err = mpRow(line)
		f.note(MissionPlanner)
	}
	if err != nil {
		f.Issues = append(f.Issues, Issue{Line: n, Message: fmt.Sprintf("%s: %q", err, clip(line))})
		return
	}
	p.Line = n
	if first, dup := seen[p.Name]; dup {
		f.Issues = append(f.Issues, Issue{Line: n, Message: fmt.Sprintf("%s repeats line %d: this later value is the one used", p.Name, first)})
	}
	seen[p.Name] = n
	f.Params = append(f.Params, p)
}

// note sets the file's format from its first parameter line.
func (f *File) note(format Format) {
	if f.Format == "" {
		f.Format = format
	}
}

// mpRow reads "NAME,VALUE" or "NAME VALUE" (Mission Planner, MAVProxy).
func mpRow(line string) (Param, error) {
	name, value, ok := strings.Cut(line, ",")
	if !ok {
		fields := strings.Fields(line)
		if len(fields) != 2 {
			return Param{}, errors.New("not NAME,VALUE nor NAME VALUE")
		}
		name, value = fields[0], fields[1]
	}
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if strings.Contains(value, ",") {
		return Param{}, errors.New("more than one comma (a decimal comma? write 0.5, not 0,5)")
	}
	if err := checkName(name); err != nil {
		return Param{}, err
	}
	v, err := parseValue(value)
	if err != nil {
		return Param{}, err
	}
	return Param{Name: name, Value: v}, nil
}

// qgcRow reads "sysid compid NAME VALUE TYPE" (QGroundControl).
func qgcRow(fields []string) (Param, error) {
	sys, err1 := strconv.Atoi(fields[0])
	comp, err2 := strconv.Atoi(fields[1])
	if err1 != nil || err2 != nil || sys < 0 || sys > 255 || comp < 0 || comp > 255 {
		return Param{}, errors.New("vehicle and component ids must be 0 to 255")
	}
	if err := checkName(fields[2]); err != nil {
		return Param{}, err
	}
	v, err := parseValue(fields[3])
	if err != nil {
		return Param{}, err
	}
	code, err := strconv.Atoi(fields[4])
	if err != nil || code < 1 || code >= len(typeNames) {
		return Param{}, fmt.Errorf("type %q is not a MAV_PARAM_TYPE (1 to 10)", clip(fields[4]))
	}
	return Param{Name: fields[2], Value: v, Type: typeNames[code], SysID: sys, CompID: comp}, nil
}

// typeNames are MAV_PARAM_TYPE's values by number.
var typeNames = []string{1: "uint8", 2: "int8", 3: "uint16", 4: "int16", 5: "uint32", 6: "int32", 7: "uint64",
	8: "int64", 9: "real32", 10: "real64"}

// typeCode is the MAV_PARAM_TYPE of a type name; "" and unknown names are
// real32, what ArduPilot sends for floats.
func typeCode(name string) int {
	for code, n := range typeNames {
		if n != "" && n == name {
			return code
		}
	}
	return 9
}

// checkName checks a parameter name: 1 to 16 letters, digits or _.
func checkName(name string) error {
	if len(name) == 0 || len(name) > 16 {
		return fmt.Errorf("name %q has %d characters, 1 to 16 allowed", clip(name), len(name))
	}
	for _, c := range []byte(name) {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return fmt.Errorf("name %q: only letters, digits and _", clip(name))
		}
	}
	return nil
}

// parseValue reads a finite decimal number.
func parseValue(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("value %q is not a number", clip(s))
	}
	return v, nil
}

// clip shortens s for a message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	return s[:60] + "…"
}
