package bench

import (
	"bytes"
	"time"
)

// stampParser parses the RFC 3339 times of last_seen as time.Parse does,
// but a whole second at a time: the date and time of day change once a
// second, so it keeps the last one parsed and reads only the fraction
// after it. A hundred benchmark clients parse hundreds of thousands of
// stamps a second on the machine whose station they measure.
type stampParser struct {
	prefix []byte    // "2006-01-02T15:04:05" of base
	base   time.Time // prefix parsed, in UTC
}

// parse parses an RFC 3339 time; stamps in UTC ("Z") with at most nine
// fractional digits take the short way, anything else goes to time.Parse.
func (p *stampParser) parse(b []byte) (time.Time, error) {
	const secs = len("2006-01-02T15:04:05")
	if len(b) > secs && b[len(b)-1] == 'Z' {
		if !bytes.Equal(b[:secs], p.prefix) {
			t, err := time.Parse("2006-01-02T15:04:05", string(b[:secs]))
			if err != nil {
				return time.Parse(time.RFC3339Nano, string(b))
			}
			p.prefix, p.base = append(p.prefix[:0], b[:secs]...), t
		}
		frac := b[secs : len(b)-1]
		switch {
		case len(frac) == 0:
			return p.base, nil
		case frac[0] == '.' && len(frac) >= 2 && len(frac) <= 10:
			ns, scale := 0, 1_000_000_000
			for _, c := range frac[1:] {
				if c < '0' || c > '9' {
					return time.Parse(time.RFC3339Nano, string(b))
				}
				scale /= 10
				ns += int(c-'0') * scale
			}
			return p.base.Add(time.Duration(ns)), nil
		}
	}
	return time.Parse(time.RFC3339Nano, string(b))
}
