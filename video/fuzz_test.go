package video

import (
	"bytes"
	"testing"

	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/pion/rtp"

	"skerry/video/videotest"
)

// FuzzAccessUnit feeds NAL units (an Annex B stream after a codec byte)
// to the parameter-set keeper: it never panics, and what it hands out is
// Annex B with no empty NAL unit.
func FuzzAccessUnit(f *testing.F) {
	for _, ca := range accessUnitCases {
		f.Add(append([]byte{0}, annexB(ca.in...)...))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		p := paramSets{h265: in[0]&1 == 1}
		nalus := videotest.SplitAnnexB(in[1:])
		for range 2 { // the second time with the sets of the first
			out, key := p.accessUnit(nalus)
			if len(out) == 0 {
				if key {
					t.Fatal("a key frame with no data")
				}
				continue
			}
			if !bytes.HasPrefix(out, startCode) {
				t.Fatalf("not Annex B: % x", out[:min(len(out), 8)])
			}
			for _, n := range bytes.Split(out[4:], startCode) {
				if len(n) == 0 {
					t.Fatal("an empty NAL unit")
				}
			}
		}
	})
}

// FuzzDepacketize feeds RTP payloads to each codec's depacketiser: the
// input is a codec byte, then packets as [length, marker, payload...].
// Nothing panics; bad packets are errors.
func FuzzDepacketize(f *testing.F) {
	f.Add([]byte{0, 6, 1, 0x65, 0x88, 0x84, 0x00, 0x33, 0x01})
	f.Add([]byte{0, 5, 1, 24, 0xff, 0xff, 0x01, 0x02})
	f.Add([]byte{0, 4, 0, 28, 0x85, 0x88, 0x84, 4, 1, 28, 0x45, 0x11, 0x22})
	f.Add([]byte{1, 4, 1, 42, 1, 0xaf, 0x01})
	f.Add([]byte{1, 5, 1, 96, 1, 0xff, 0xff, 0x01})
	f.Add([]byte{2, 12, 1, 0, 0, 0, 0, 1, 50, 8, 6, 0xff, 0xd9, 0, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		dep := fuzzDepacketizer(t, in[0]%3)
		in = in[1:]
		for seq := uint16(0); len(in) >= 2; seq++ {
			n := min(int(in[0]), len(in)-2)
			pkt := &rtp.Packet{Header: rtp.Header{Marker: in[1]&1 == 1, SequenceNumber: seq, Timestamp: uint32(seq / 2)},
				Payload: append([]byte(nil), in[2:2+n]...)}
			in = in[2+n:]
			data, key, err := dep.decode(pkt)
			if err != nil && data != nil {
				t.Fatal("data with an error")
			}
			if key && len(data) == 0 {
				t.Fatal("a key frame with no data")
			}
			dep.size()
		}
	})
}

func fuzzDepacketizer(t *testing.T, codec byte) depacketizer {
	var d depacketizer
	var err error
	switch codec {
	case 0:
		d, err = newH264(&format.H264{PayloadTyp: 96, PacketizationMode: 1})
	case 1:
		d, err = newH265(&format.H265{PayloadTyp: 96})
	default:
		d, err = newMJPEG(&format.MJPEG{})
	}
	if err != nil {
		t.Fatal(err)
	}
	return d
}
