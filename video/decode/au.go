package decode

// SplitAccessUnits cuts an H.264 or H.265 Annex B byte stream (a raw
// .h264/.h265 file, as ffmpeg writes with -f h264) into access units, each
// still in Annex B form with its start codes, and says which are key
// frames (IDR, or for H.265 any IRAP picture). A new access unit starts at
// an access unit delimiter, a parameter set or a prefix SEI that follows a
// picture's slices, or at a slice that is the first of its picture.
func SplitAccessUnits(codec Codec, stream []byte) (units [][]byte, keys []bool) {
	starts := nalStarts(stream)
	auStart, hasVCL, key := -1, false, false
	flush := func(end int) {
		if auStart >= 0 && hasVCL {
			units = append(units, stream[auStart:end])
			keys = append(keys, key)
		}
		auStart, hasVCL, key = -1, false, false
	}
	for i, s := range starts {
		end := len(stream)
		if i+1 < len(starts) {
			end = starts[i+1].at
		}
		nal := stream[s.payload:end]
		if len(nal) == 0 {
			continue
		}
		vcl, first, isKey, opens := classify(codec, nal)
		if hasVCL && (opens || vcl && first) {
			flush(s.at)
		}
		if auStart < 0 {
			auStart = s.at
		}
		if vcl {
			hasVCL = true
			key = key || isKey
		}
	}
	flush(len(stream))
	return units, keys
}

// nalStart is where one NAL unit's start code begins (at, counting a
// fourth leading zero byte) and where its header begins (payload).
type nalStart struct{ at, payload int }

// nalStarts finds the start codes (00 00 01) of an Annex B stream.
func nalStarts(b []byte) []nalStart {
	var out []nalStart
	for i := 0; i+2 < len(b); i++ {
		if b[i] != 0 || b[i+1] != 0 || b[i+2] != 1 {
			continue
		}
		at := i
		if i > 0 && b[i-1] == 0 {
			at = i - 1
		}
		out = append(out, nalStart{at: at, payload: i + 3})
		i += 2
	}
	return out
}

// classify says whether nal is a slice (vcl), the first slice of its
// picture, of a key picture, or a NAL unit that opens an access unit.
func classify(codec Codec, nal []byte) (vcl, first, key, opens bool) {
	if codec == H265 {
		if len(nal) < 2 {
			return false, false, false, false
		}
		t := nal[0] >> 1 & 0x3f
		switch {
		case t <= 31:
			return true, len(nal) > 2 && nal[2]&0x80 != 0, t >= 16 && t <= 23, false
		case t >= 32 && t <= 35, t == 39, t >= 41 && t <= 44, t >= 48 && t <= 55:
			return false, false, false, true
		}
		return false, false, false, false
	}
	t := nal[0] & 0x1f
	switch {
	case t >= 1 && t <= 5:
		// first_mb_in_slice is ue(v) and 0 is the single bit "1".
		return true, len(nal) > 1 && nal[1]&0x80 != 0, t == 5, false
	case t >= 6 && t <= 9, t >= 14 && t <= 18:
		return false, false, false, true
	}
	return false, false, false, false
}
