package stream

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var headerCases = []struct {
	name string
	h    Header
}{
	{"key h264", Header{Version: 1, Codec: CodecH264, Flags: FlagKey, Seq: 1, Captured: time.Date(2026, 12, 6, 17, 0, 0, 123456000, time.UTC).UnixMicro(), Width: 1920, Height: 1080}},
	{"resync h265", Header{Version: 1, Codec: CodecH265, Flags: FlagKey | FlagResync, Seq: 1 << 40, Captured: 0, Width: 0, Height: 0}},
	{"mjpeg max", Header{Version: 1, Codec: CodecMJPEG, Flags: FlagKey, Seq: ^uint64(0), Captured: -1, Width: 65535, Height: 65535}},
}

func TestHeaderRoundTrip(t *testing.T) {
	for _, ca := range headerCases {
		t.Run(ca.name, func(t *testing.T) {
			b := AppendHeader(nil, ca.h)
			require.Len(t, b, HeaderLen)
			b = append(b, 0xAA, 0xBB)
			got, payload, err := ParseHeader(b)
			require.NoError(t, err)
			require.Equal(t, ca.h, got)
			require.Equal(t, []byte{0xAA, 0xBB}, payload)
		})
	}
}

func TestHeaderLayout(t *testing.T) {
	b := AppendHeader(nil, Header{Codec: CodecH264, Flags: FlagKey, Seq: 0x0102030405060708, Captured: 0x1112131415161718, Width: 0x2122, Height: 0x3132})
	require.Equal(t, []byte{1, 1, 1, 24, 1, 2, 3, 4, 5, 6, 7, 8, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x21, 0x22, 0x31, 0x32}, b)
}

func TestParseHeaderRefuses(t *testing.T) {
	long := AppendHeader(nil, Header{})
	long[3] = 30 // a later version's longer header: its extra bytes skipped
	long = append(long, 1, 2, 3, 4, 5, 6, 9)
	_, p, err := ParseHeader(long)
	require.NoError(t, err)
	require.Equal(t, []byte{9}, p)
	for name, b := range map[string][]byte{
		"empty":         nil,
		"short":         {1, 1, 1},
		"version 2":     append([]byte{2}, make([]byte, 30)...),
		"length 10":     {1, 1, 1, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		"cut in header": AppendHeader(nil, Header{})[:20],
	} {
		_, _, err := ParseHeader(b)
		require.Error(t, err, name)
	}
}

func FuzzParseHeader(f *testing.F) {
	for _, ca := range headerCases {
		f.Add(AppendHeader(nil, ca.h))
	}
	f.Add([]byte{1, 1, 1, 200})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, p, err := ParseHeader(b)
		if err != nil {
			return
		}
		if len(p) > len(b)-HeaderLen {
			t.Fatalf("payload %d of a %d-byte message", len(p), len(b))
		}
		again, _, err := ParseHeader(append(AppendHeader(nil, h), p...))
		if err != nil || again != h {
			t.Fatalf("round trip: %+v, %v", again, err)
		}
	})
}

func TestCodecNames(t *testing.T) {
	for _, name := range []string{"h264", "h265", "mjpeg"} {
		require.Equal(t, name, CodecName(CodecNumber(name)))
	}
	require.Zero(t, CodecNumber("vp8"))
	require.Empty(t, CodecName(0))
}

func TestValidKeyAndID(t *testing.T) {
	for key, ok := range map[string]bool{"c100s1": true, "manual1": true, "a_b-C9": true, "": false, "a.b": false, "a/b": false, "ä": false} {
		require.Equal(t, ok, validKey(key), key)
	}
	for id, ok := range map[string]bool{"sim1-1": true, "radio 7": true, "": false, "a\x00": false, "\xff": false} {
		require.Equal(t, ok, validID(id), id)
	}
}
