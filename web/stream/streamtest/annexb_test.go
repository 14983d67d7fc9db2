package streamtest

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

var (
	sps   = []byte{0x67, 0x42, 0xc0, 0x1e, 0xd9}
	pps   = []byte{0x68, 0xce, 0x3c, 0x80}
	idr0  = []byte{0x65, 0x88, 0x84} // first_mb_in_slice 0
	idr1  = []byte{0x65, 0x40, 0x11} // a later slice of the same frame
	p0    = []byte{0x41, 0x9a, 0x02}
	p1    = []byte{0x41, 0x40, 0x03}
	aud   = []byte{0x09, 0xf0}
	sc4   = []byte{0, 0, 0, 1}
	sc3   = []byte{0, 0, 1}
	annex = func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
)

func TestNALUnits(t *testing.T) {
	cases := []struct {
		name   string
		stream []byte
		want   [][]byte
	}{
		{"empty", nil, nil},
		{"no start code", []byte{1, 2, 3}, nil},
		{"4-byte and 3-byte", annex(sc4, sps, sc3, pps, sc4, idr0), [][]byte{sps, pps, idr0}},
		{"junk before", annex([]byte{7, 7}, sc3, sps), [][]byte{sps}},
		{"empty unit", annex(sc3, sc3, sps), [][]byte{sps}},
		{"start code at the end", annex(sc3, sps, sc4), [][]byte{sps}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.want, NALUnits(ca.stream))
		})
	}
}

func TestAccessUnits(t *testing.T) {
	nal := func(units ...[]byte) []byte {
		var b []byte
		for _, u := range units {
			b = append(append(b, sc4...), u...)
		}
		return b
	}
	got := AccessUnits([][]byte{sps, pps, idr0, idr1, p0, p1, aud, p0, sps, pps, idr0, {}})
	require.Equal(t, []AccessUnit{
		{Data: nal(sps, pps, idr0, idr1), Key: true},
		{Data: nal(p0, p1)},
		{Data: nal(aud, p0)},
		{Data: nal(sps, pps, idr0), Key: true},
	}, got)
	require.Empty(t, AccessUnits([][]byte{sps, pps}), "no slice, no frame")
}

func FuzzAccessUnits(f *testing.F) {
	f.Add(annex(sc4, sps, sc4, pps, sc4, idr0, sc4, p0))
	f.Add(annex(sc3, idr1, sc3, p1, sc3, aud))
	f.Add([]byte{0, 0, 1, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		total := 0
		for _, n := range NALUnits(b) {
			if len(n) == 0 {
				t.Fatal("an empty NAL unit")
			}
			total += len(n)
		}
		if total > len(b) {
			t.Fatalf("%d bytes of units from %d", total, len(b))
		}
		for _, au := range AccessUnits(NALUnits(b)) {
			if !bytes.HasPrefix(au.Data, sc4) {
				t.Fatal("an access unit not in Annex B form")
			}
		}
	})
}

func TestJPEGs(t *testing.T) {
	a := []byte{0xff, 0xd8, 1, 0xff, 0x00, 2, 0xff, 0xd9}
	b := []byte{0xff, 0xd8, 3, 0xff, 0xd9}
	require.Equal(t, [][]byte{a, b}, JPEGs(annex([]byte{9}, a, b, []byte{0xff, 0xd8, 4})))
	require.Empty(t, JPEGs(nil))
}

func TestClips(t *testing.T) {
	h := H264Units(t)
	require.Len(t, h, 3*ClipFPS)
	keys := 0
	for _, u := range h {
		if u.Key {
			keys++
		}
	}
	require.Equal(t, 3, keys, "a key frame a second")
	m := MJPEGUnits(t)
	require.Len(t, m, 20)
}
