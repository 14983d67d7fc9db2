package video

import (
	"bytes"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h265"
)

// startCode begins every NAL unit of the Annex B units ingest hands out.
var startCode = []byte{0, 0, 0, 1}

// paramSets keeps an H.264 or H.265 stream's parameter sets, from the SDP
// and in band, and makes every key frame self-contained: a viewer or
// decoder may start at any key frame. It belongs to the goroutine that
// depacketises.
type paramSets struct {
	h265 bool
	// sets holds the newest VPS (H.265 only), SPS and PPS, by kind.
	sets [3][]byte
	// width and height come from the newest SPS that parsed (0 unknown).
	width, height int
}

// Indexes into paramSets.sets.
const (
	psVPS = iota
	psSPS
	psPPS
)

// kind says what a NAL unit is: a parameter set (psVPS...), an access
// unit delimiter, a key (IDR/IRAP) picture; -1 for other kinds.
func (p *paramSets) kind(nalu []byte) (set int, aud, key bool) {
	if p.h265 {
		if len(nalu) < 2 {
			return -1, false, false
		}
		switch t := h265.NALUType((nalu[0] >> 1) & 0x3f); {
		case t == h265.NALUType_VPS_NUT:
			return psVPS, false, false
		case t == h265.NALUType_SPS_NUT:
			return psSPS, false, false
		case t == h265.NALUType_PPS_NUT:
			return psPPS, false, false
		case t == h265.NALUType_AUD_NUT:
			return -1, true, false
		case t >= h265.NALUType_BLA_W_LP && t <= h265.NALUType_CRA_NUT:
			return -1, false, true
		}
		return -1, false, false
	}
	if len(nalu) < 1 {
		return -1, false, false
	}
	switch h264.NALUType(nalu[0] & 0x1f) {
	case h264.NALUTypeSPS:
		return psSPS, false, false
	case h264.NALUTypePPS:
		return psPPS, false, false
	case h264.NALUTypeAccessUnitDelimiter:
		return -1, true, false
	case h264.NALUTypeIDR:
		return -1, false, true
	}
	return -1, false, false
}

// store keeps a parameter set (a copy) and reads the picture size from an
// SPS.
func (p *paramSets) store(set int, nalu []byte) {
	if bytes.Equal(p.sets[set], nalu) {
		return
	}
	p.sets[set] = append([]byte(nil), nalu...)
	if set != psSPS {
		return
	}
	if p.h265 {
		var s h265.SPS
		if s.Unmarshal(nalu) == nil {
			p.width, p.height = s.Width(), s.Height()
		}
		return
	}
	var s h264.SPS
	if s.Unmarshal(nalu) == nil {
		p.width, p.height = s.Width(), s.Height()
	}
}

// accessUnit turns one depacketised access unit into Annex B form. A key
// frame carries the newest parameter sets (after a delimiter, if any)
// whether or not the camera sent them with it. Empty NAL units are
// dropped; nil comes back when nothing is left.
func (p *paramSets) accessUnit(nalus [][]byte) (data []byte, key bool) {
	size := 0
	for _, n := range nalus {
		if len(n) == 0 {
			continue
		}
		size += len(startCode) + len(n)
		set, _, k := p.kind(n)
		if set >= 0 {
			p.store(set, n)
		}
		key = key || k
	}
	if size == 0 {
		return nil, false
	}
	if key {
		for _, s := range p.sets {
			size += len(startCode) + len(s)
		}
	}
	data = make([]byte, 0, size)
	wrote := !key // parameter sets written (or not needed)
	for _, n := range nalus {
		if len(n) == 0 {
			continue
		}
		set, aud, _ := p.kind(n)
		if key && set >= 0 {
			continue // written together, newest, below
		}
		if !wrote && !aud {
			data = p.appendSets(data)
			wrote = true
		}
		data = append(append(data, startCode...), n...)
	}
	if !wrote {
		data = p.appendSets(data)
	}
	return data, key
}

func (p *paramSets) appendSets(data []byte) []byte {
	for _, s := range p.sets {
		if len(s) > 0 {
			data = append(append(data, startCode...), s...)
		}
	}
	return data
}
