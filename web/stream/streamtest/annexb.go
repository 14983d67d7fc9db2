package streamtest

// NALUnits splits an H.264 Annex B byte stream at its start codes (00 00 01
// or 00 00 00 01) and returns the NAL units without them. Bytes before the
// first start code are skipped; empty units are left out.
func NALUnits(stream []byte) [][]byte {
	var out [][]byte
	start := -1 // first byte of the current unit
	for i := 0; i+2 < len(stream); {
		if stream[i] != 0 || stream[i+1] != 0 || stream[i+2] != 1 {
			i++
			continue
		}
		if start >= 0 {
			end := i
			for end > start && stream[end-1] == 0 { // trailing zero of a 4-byte start code
				end--
			}
			if end > start {
				out = append(out, stream[start:end])
			}
		}
		i += 3
		start = i
	}
	if start >= 0 && start < len(stream) {
		out = append(out, stream[start:])
	}
	return out
}

// AccessUnit is one frame of an H.264 stream in Annex B form.
type AccessUnit struct {
	Data []byte // the frame's NAL units, each behind 00 00 00 01
	Key  bool   // holds an IDR slice
}

// AccessUnits groups NAL units into access units (H.264 7.4.1.2.3): an
// access unit delimiter, SEI, SPS or PPS after a slice, or a slice whose
// first_mb_in_slice is 0 after a slice, begins the next one. Units before
// the first slice (parameter sets) belong to the first access unit.
func AccessUnits(nalus [][]byte) []AccessUnit {
	var out []AccessUnit
	var cur AccessUnit
	hasSlice := false
	flush := func() {
		if hasSlice {
			out = append(out, cur)
		}
		cur, hasSlice = AccessUnit{}, false
	}
	for _, n := range nalus {
		if len(n) == 0 {
			continue
		}
		typ := n[0] & 0x1f
		switch {
		case typ == 6 || typ == 7 || typ == 8 || typ == 9:
			if hasSlice {
				flush()
			}
		case typ == 1 || typ == 5:
			firstMB0 := len(n) > 1 && n[1]&0x80 != 0 // ue(v) 0 is the single bit 1
			if hasSlice && firstMB0 {
				flush()
			}
			hasSlice = true
			if typ == 5 {
				cur.Key = true
			}
		}
		cur.Data = append(cur.Data, 0, 0, 0, 1)
		cur.Data = append(cur.Data, n...)
	}
	flush()
	return out
}
