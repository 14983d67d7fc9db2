package planfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// maxFileSize bounds what a reader reads: 64 MiB holds any real plan.
const maxFileSize = 64 << 20

// readAllLimited reads r up to maxFileSize and strips a UTF-8 BOM.
func readAllLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("input larger than %d bytes", maxFileSize)
	}
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
}

// num is a float64 that reads leniently from JSON: a number, a string
// holding a number (also "NaN", "Infinity"), or null (NaN). It writes NaN
// as null.
type num float64

// UnmarshalJSON implements json.Unmarshaler.
func (n *num) UnmarshalJSON(b []byte) error {
	f, err := parseNum(b)
	*n = num(f)
	return err
}

// MarshalJSON implements json.Marshaler: NaN and infinities as null.
func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if !finite(f) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// parseNum reads a lenient JSON number.
func parseNum(b []byte) (float64, error) {
	s := string(bytes.TrimSpace(b))
	if s == "null" {
		return math.NaN(), nil
	}
	if strings.HasPrefix(s, `"`) {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return 0, err
		}
		s = strings.TrimSpace(str)
	}
	switch s {
	case "true":
		return 1, nil
	case "false":
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return 0, fmt.Errorf("not a number: %.40q", s)
	}
	return f, nil
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// flag is a bool that reads leniently: true/false, 0/1, or those as
// strings.
type flag bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *flag) UnmarshalJSON(b []byte) error {
	x, err := parseNum(b)
	if err != nil || math.IsNaN(x) {
		return fmt.Errorf("not a boolean: %.40q", b)
	}
	*f = x != 0
	return nil
}

// intOf converts a lenient number to an int in [lo, hi].
func intOf(f float64, lo, hi int) (int, bool) {
	if !finite(f) || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return 0, false
	}
	return int(f), true
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
