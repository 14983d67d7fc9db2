package bench

import (
	"errors"
	"fmt"
)

// wireInfo is what a benchmark client needs of one server message
// {"type":T,"seq":N,"data":D} (web/live/PROTOCOL.md). The byte slices point
// into the scanned message.
type wireInfo struct {
	typ      []byte
	seq      uint64
	id       []byte // data.id, for vehicle messages
	lastSeen []byte // data.last_seen (RFC 3339), for vehicle messages
}

// scanMessage picks type, seq, data.id and data.last_seen out of a server
// message without decoding the rest: 100 clients decoding every vehicle
// state in full would cost more CPU than the station they measure. Only
// top-level members of data count, so the last_seen of a link path is not
// taken for the vehicle's. Messages framed as the hub frames them take the
// short way (scanTail); anything else is scanned in full.
func scanMessage(b []byte) (wireInfo, error) {
	if m, ok := scanTail(b); ok {
		return m, nil
	}
	return scanFull(b)
}

// scanFull scans the whole message.
func scanFull(b []byte) (wireInfo, error) {
	var m wireInfo
	s := scanner{b: b}
	err := s.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "type":
			m.typ, err = s.str()
		case "seq":
			m.seq, err = s.uint()
		case "data":
			if s.peek() != '{' {
				return s.skip()
			}
			return s.object(func(k []byte) error {
				var err error
				switch string(k) {
				case "id":
					m.id, err = s.str()
				case "last_seen":
					m.lastSeen, err = s.str()
				default:
					err = s.skip()
				}
				return err
			})
		default:
			err = s.skip()
		}
		return err
	})
	return m, err
}

// scanner walks JSON text just far enough to find members and skip values.
type scanner struct {
	b []byte
	i int
}

var errEnd = errors.New("unexpected end of JSON")

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte (0 at the end).
func (s *scanner) peek() byte {
	s.ws()
	if s.i >= len(s.b) {
		return 0
	}
	return s.b[s.i]
}

func (s *scanner) expect(c byte) error {
	if got := s.peek(); got != c {
		if got == 0 {
			return errEnd
		}
		return fmt.Errorf("want %q at offset %d, found %q", c, s.i, got)
	}
	s.i++
	return nil
}

// object calls member for each key with the scanner at the key's value;
// member must consume the value.
func (s *scanner) object(member func(key []byte) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		key, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.expect('}')
		}
	}
}

// str returns a string's raw contents (escapes are left as they are).
func (s *scanner) str() ([]byte, error) {
	if err := s.expect('"'); err != nil {
		return nil, err
	}
	start := s.i
	end, ok := stringEnd(s.b, s.i)
	if !ok {
		return nil, errEnd
	}
	s.i = end + 1
	return s.b[start:end], nil
}

// stringEnd returns the index of the quote closing the string whose
// contents start at i.
func stringEnd(b []byte, i int) (int, bool) {
	for i < len(b) {
		for i < len(b) && !inString[b[i]] {
			i++
		}
		if i >= len(b) {
			break
		}
		if b[i] == '"' {
			return i, true
		}
		i += 2 // a backslash and the byte it escapes
	}
	return 0, false
}

// Bytes that end a run the scanner can pass over without looking: inside a
// string, a quote or a backslash; outside, a quote or a bracket.
var inString, structural [256]bool

func init() {
	inString['"'], inString['\\'] = true, true
	for _, c := range `"{}[]` {
		structural[c] = true
	}
}

// uint reads a non-negative integer.
func (s *scanner) uint() (uint64, error) {
	s.ws()
	start := s.i
	var n uint64
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		n = n*10 + uint64(s.b[s.i]-'0')
		s.i++
	}
	if s.i == start {
		return 0, fmt.Errorf("want a number at offset %d", s.i)
	}
	return n, nil
}

// skip passes over one value of any kind.
func (s *scanner) skip() error {
	switch s.peek() {
	case 0:
		return errEnd
	case '"':
		_, err := s.str()
		return err
	case '{', '[':
		return s.skipNested()
	}
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return nil
		}
		s.i++
	}
	return nil
}

// skipNested passes over an object or array, strings included: this is
// where a client spends its time, so runs of plain bytes are passed in a
// tight loop.
func (s *scanner) skipNested() error {
	depth := 0
	b := s.b
	for i := s.i; i < len(b); i++ {
		for i < len(b) && !structural[b[i]] {
			i++
		}
		if i >= len(b) {
			break
		}
		switch b[i] {
		case '"':
			end, ok := stringEnd(b, i+1)
			if !ok {
				return errEnd
			}
			i = end
		case '{', '[':
			depth++
		default: // '}', ']'
			if depth--; depth == 0 {
				s.i = i + 1
				return nil
			}
		}
	}
	return errEnd
}
