package bench

// scanTail reads a message framed as the hub frames it, data last:
// {"type":T,"seq":N,"data":{"id":...,...,"last_seen":"...",...}}. Type and
// seq come from the front, data.id is data's first member, and
// data.last_seen is found by walking back from the end of data over its
// last members (a vehicle's status texts), so a 2 KB vehicle state costs a
// few hundred bytes of scanning. ok is false when the message is not
// framed that way (or the member is not where it is looked for); the
// caller then scans it in full.
func scanTail(b []byte) (m wireInfo, ok bool) {
	s := scanner{b: b}
	if s.expect('{') != nil {
		return m, false
	}
	for {
		key, err := s.str()
		if err != nil || s.expect(':') != nil {
			return m, false
		}
		switch string(key) {
		case "type":
			m.typ, err = s.str()
		case "seq":
			m.seq, err = s.uint()
		case "data":
			return m, m.typ != nil && s.tailData(&m)
		default:
			err = s.skip()
		}
		if err != nil || s.expect(',') != nil {
			return m, false
		}
	}
}

// tailData reads data, the frame's last member, from the scanner's
// position.
func (s *scanner) tailData(m *wireInfo) bool {
	if s.peek() != '{' {
		return false
	}
	start := s.i
	end := lastNonSpace(s.b, len(s.b)-1) // the frame's closing brace
	if end < 0 || s.b[end] != '}' {
		return false
	}
	end = lastNonSpace(s.b, end-1) // data's
	if end <= start || s.b[end] != '}' {
		return false
	}
	if t := string(m.typ); t != "vehicle" && t != "vehicle_delta" {
		return true
	}
	d := scanner{b: s.b[:end], i: start + 1}
	key, err := d.str()
	if err != nil || string(key) != "id" || d.expect(':') != nil {
		return false
	}
	if m.id, err = d.str(); err != nil {
		return false
	}
	m.lastSeen = memberFromEnd(s.b, start, end, "last_seen")
	return m.lastSeen != nil
}

// memberFromEnd returns the string value of the last member named key of
// the object b[start:end+1], walking back from its closing brace.
func memberFromEnd(b []byte, start, end int, key string) []byte {
	depth := 0
	for i := end - 1; i > start; i-- {
		switch b[i] {
		case '}', ']':
			depth++
		case '{', '[':
			if depth--; depth < 0 {
				return nil
			}
		case '"':
			open := openingQuote(b, start, i)
			if open < 0 {
				return nil
			}
			if depth == 0 && string(b[open+1:i]) == key {
				v := scanner{b: b[:end], i: i + 1}
				if v.expect(':') == nil {
					val, err := v.str()
					if err != nil {
						return nil
					}
					return val
				}
			}
			i = open
		}
	}
	return nil
}

// openingQuote returns the index of the quote opening the string that the
// quote at close ends (-1 if none after lo): the nearest quote before it
// not escaped by an odd number of backslashes.
func openingQuote(b []byte, lo, close int) int {
	for j := close - 1; j > lo; j-- {
		if b[j] != '"' {
			continue
		}
		k := j - 1
		for k > lo && b[k] == '\\' {
			k--
		}
		if (j-1-k)%2 == 0 {
			return j
		}
	}
	return -1
}

// lastNonSpace returns the index of the last byte at or before i that is
// not JSON white space (-1 if none).
func lastNonSpace(b []byte, i int) int {
	for ; i >= 0; i-- {
		switch b[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return i
		}
	}
	return -1
}
