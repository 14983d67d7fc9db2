package sim

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// annexB joins NAL units with 4-byte start codes.
func annexB(nalus ...[]byte) []byte {
	var b []byte
	for _, n := range nalus {
		b = append(b, 0, 0, 0, 1)
		b = append(b, n...)
	}
	return b
}

var (
	tAUD   = []byte{0x09, 0xf0}
	tSPS   = []byte{0x67, 0x42, 0xc0, 0x1f}
	tPPS   = []byte{0x68, 0xce, 0x3c, 0x80}
	tIDR   = []byte{0x65, 0x88, 0x84, 0x00, 0x00, 0x03, 0x01}
	tSlice = []byte{0x41, 0x9a, 0x02}
)

// splitAll feeds data in chunks of size n (0 = at once) and returns the
// access units.
func splitAll(data []byte, n int) ([][][]byte, int) {
	var s auSplitter
	var aus [][][]byte
	emit := func(au [][]byte) { aus = append(aus, au) }
	if n <= 0 {
		n = len(data) + 1
	}
	for len(data) > 0 {
		k := min(n, len(data))
		s.write(data[:k], emit)
		data = data[k:]
	}
	s.end(emit)
	return aus, s.errors
}

func TestAUSplitter(t *testing.T) {
	stream := annexB(tAUD, tSPS, tPPS, tIDR, tAUD, tSlice, tAUD, tSlice)
	want := [][][]byte{{tSPS, tPPS, tIDR}, {tSlice}, {tSlice}}
	cases := []struct {
		name  string
		data  []byte
		chunk int
		want  [][][]byte
	}{
		{"whole", stream, 0, want},
		{"byte by byte", stream, 1, want},
		{"chunks of 3", stream, 3, want},
		{"3-byte start codes", bytes.ReplaceAll(stream, []byte{0, 0, 0, 1}, []byte{0, 0, 1}), 2, want},
		{"junk before the first start code", append([]byte{0xde, 0xad}, stream...), 0, want},
		{"no AUD: one unit at the end", annexB(tSPS, tIDR), 0, [][][]byte{{tSPS, tIDR}}},
		{"empty", nil, 0, nil},
		{"trailing zeros", append(annexB(tAUD, tSlice), 0, 0), 0, [][][]byte{{tSlice}}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			got, errs := splitAll(ca.data, ca.chunk)
			require.Equal(t, ca.want, got)
			require.Zero(t, errs)
		})
	}
}

func TestAUSplitterDropsOversizedInput(t *testing.T) {
	big := make([]byte, maxAUBytes+10)
	for i := range big {
		big[i] = 0xff
	}
	got, errs := splitAll(append(annexB(tAUD, tSlice), big...), 1<<16)
	require.Empty(t, got)
	require.Positive(t, errs)
}

func TestParamSets(t *testing.T) {
	sps, pps := paramSets([][]byte{tSPS, tPPS, tIDR})
	require.Equal(t, tSPS, sps)
	require.Equal(t, tPPS, pps)
	sps, pps = paramSets([][]byte{tSlice})
	require.Nil(t, sps)
	require.Nil(t, pps)
}

// FuzzAUSplitter: any input, cut anywhere, splits the same way, never
// panics, and no NAL unit holds a start code or is empty.
func FuzzAUSplitter(f *testing.F) {
	f.Add(annexB(tAUD, tSPS, tPPS, tIDR, tAUD, tSlice), 3)
	f.Add([]byte{0, 0, 1, 9, 0, 0, 1}, 1)
	f.Add([]byte{0, 0, 0, 0, 0, 1, 0x65, 0, 0, 1, 9}, 2)
	f.Fuzz(func(t *testing.T, data []byte, chunk int) {
		whole, _ := splitAll(data, 0)
		parts, _ := splitAll(data, chunk%64)
		require.Equal(t, whole, parts)
		for _, au := range whole {
			require.NotEmpty(t, au)
			for _, n := range au {
				require.NotEmpty(t, n)
				require.NotEqual(t, byte(naluAUD), n[0]&0x1f)
				require.False(t, bytes.Contains(n, startCode), "%x", n)
			}
		}
	})
}
