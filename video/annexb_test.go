package video

import (
	"testing"

	"github.com/stretchr/testify/require"
)

var (
	sps264 = []byte{0x67, 0x42, 0xc0, 0x1e, 0xd9, 0x00, 0xa0, 0x47, 0xfe, 0xc8}
	pps264 = []byte{0x68, 0xce, 0x38, 0x80}
	idr264 = []byte{0x65, 0x88, 0x84, 0x00, 0x33}
	sli264 = []byte{0x41, 0x9a, 0x21}
	aud264 = []byte{0x09, 0xf0}
)

func annexB(nalus ...[]byte) []byte {
	var b []byte
	for _, n := range nalus {
		b = append(append(b, 0, 0, 0, 1), n...)
	}
	return b
}

// accessUnitCases seed FuzzAccessUnit too.
var accessUnitCases = []struct {
	name  string
	known [][]byte // parameter sets known before (from the SDP)
	in    [][]byte
	out   []byte
	key   bool
}{
	{"non-key passes", nil, [][]byte{sli264}, annexB(sli264), false},
	{"key gets the SDP's sets", [][]byte{sps264, pps264}, [][]byte{idr264}, annexB(sps264, pps264, idr264), true},
	{"key keeps its own sets", nil, [][]byte{sps264, pps264, idr264}, annexB(sps264, pps264, idr264), true},
	{"sets after the delimiter", [][]byte{sps264, pps264}, [][]byte{aud264, idr264}, annexB(aud264, sps264, pps264, idr264), true},
	{"newest set wins", [][]byte{{0x67, 1}, pps264}, [][]byte{sps264, idr264}, annexB(sps264, pps264, idr264), true},
	{"key with no sets known", nil, [][]byte{idr264}, annexB(idr264), true},
	{"empty units dropped", nil, [][]byte{{}, sli264, nil}, annexB(sli264), false},
	{"nothing", nil, [][]byte{{}}, nil, false},
}

func TestAccessUnit(t *testing.T) {
	for _, ca := range accessUnitCases {
		t.Run(ca.name, func(t *testing.T) {
			var p paramSets
			p.accessUnit(ca.known)
			out, key := p.accessUnit(ca.in)
			require.Equal(t, ca.out, out)
			require.Equal(t, ca.key, key)
		})
	}
}

func TestAccessUnitH265(t *testing.T) {
	vps, sps, pps := []byte{32 << 1, 1, 0xc}, []byte{33 << 1, 1, 0xd}, []byte{34 << 1, 1, 0xe}
	cra, trail := []byte{21 << 1, 1, 0xaf}, []byte{1 << 1, 1, 0xd0}
	p := paramSets{h265: true}
	p.accessUnit([][]byte{vps, sps, pps})
	out, key := p.accessUnit([][]byte{cra})
	require.True(t, key)
	require.Equal(t, annexB(vps, sps, pps, cra), out)
	out, key = p.accessUnit([][]byte{trail})
	require.False(t, key)
	require.Equal(t, annexB(trail), out)
}

func TestJPEGSize(t *testing.T) {
	w, h := jpegSize(testJPEG(t, 64, 48))
	require.Equal(t, 64, w)
	require.Equal(t, 48, h)
	w, h = jpegSize([]byte{0xff, 0xd8, 0xff})
	require.Zero(t, w+h)
}
