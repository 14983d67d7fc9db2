package sim

import "bytes"

// H.264 NAL unit types used here.
const (
	naluIDR = 5
	naluSPS = 7
	naluPPS = 8
	naluAUD = 9
)

// Bounds on what the splitter buffers: anything larger is bad input,
// dropped and counted.
const (
	maxAUBytes = 4 << 20
	maxAUNALUs = 256
)

// auSplitter splits a stream of H.264 Annex B bytes into access units.
// x264 runs with aud=1, so an access unit ends where the next access unit
// delimiter starts; the splitter therefore hands out an access unit one
// frame late, when the next one begins (or at the end of the stream).
// Access unit delimiters are dropped. It is not safe for concurrent use.
type auSplitter struct {
	buf    []byte // bytes after the last start code: an unfinished NAL unit
	scan   int    // where to resume looking for a start code in buf
	synced bool   // a start code has been seen
	au     [][]byte
	size   int
	errors int // NAL units or access units dropped as oversized
}

var startCode = []byte{0, 0, 1}

// write consumes p and calls emit with each complete access unit (emit
// may keep the slices).
func (s *auSplitter) write(p []byte, emit func([][]byte)) {
	s.buf = append(s.buf, p...)
	for {
		i := bytes.Index(s.buf[s.scan:], startCode)
		if i < 0 {
			s.scan = max(0, len(s.buf)-2)
			break
		}
		i += s.scan
		if s.synced {
			s.nalu(s.buf[:i], emit)
		}
		s.synced = true
		s.buf = s.buf[i+3:]
		s.scan = 0
	}
	if len(s.buf) > maxAUBytes {
		s.errors++
		s.buf, s.scan, s.synced = nil, 0, false
		s.au, s.size = nil, 0
	}
}

// end flushes the last NAL unit and access unit at the end of the stream.
func (s *auSplitter) end(emit func([][]byte)) {
	if s.synced {
		s.nalu(s.buf, emit)
	}
	s.flush(emit)
	s.buf, s.scan, s.synced = nil, 0, false
}

// nalu adds one NAL unit (trailing zero bytes belong to the next start
// code or are padding, and are dropped).
func (s *auSplitter) nalu(n []byte, emit func([][]byte)) {
	n = bytes.TrimRight(n, "\x00")
	if len(n) == 0 {
		return
	}
	if n[0]&0x1f == naluAUD {
		s.flush(emit)
		return
	}
	if len(s.au) >= maxAUNALUs || s.size+len(n) > maxAUBytes {
		s.errors++
		s.au, s.size = nil, 0
		return
	}
	s.au = append(s.au, bytes.Clone(n))
	s.size += len(n)
}

// flush emits the access unit gathered so far.
func (s *auSplitter) flush(emit func([][]byte)) {
	if len(s.au) > 0 {
		emit(s.au)
	}
	s.au, s.size = nil, 0
}

// paramSets returns the SPS and PPS of an access unit, if it has them.
func paramSets(au [][]byte) (sps, pps []byte) {
	for _, n := range au {
		switch n[0] & 0x1f {
		case naluSPS:
			sps = n
		case naluPPS:
			pps = n
		}
	}
	return sps, pps
}
