package record

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The SPS and PPS of a real 160×90 constrained-baseline stream (x264,
// video/decode/testdata/clip_160x90.h264), where only the parameter sets
// matter.
var (
	sps = []byte{0x67, 0x42, 0xc0, 0x0b, 0xda, 0x0a, 0x37, 0xe4, 0xc0, 0x44, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xca, 0x3c, 0x50, 0xaa, 0x80}
	pps = []byte{0x68, 0xce, 0x0f, 0xc8}
)

func annexB(nalus ...[]byte) []byte {
	var b []byte
	for _, n := range nalus {
		b = append(append(b, 0, 0, 0, 1), n...)
	}
	return b
}

// TestBadInput: bad frames give clear errors, never a panic, and the
// recording goes on.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	r, err := Create(filepath.Join(dir, "a.mp4"), Track{Codec: "h264"})
	require.NoError(t, err)
	require.NoError(t, r.Write([]byte("garbage"), false, now), "skipped before the first key frame")
	err = r.Write([]byte("garbage"), true, now)
	require.ErrorIs(t, err, ErrBadFrame)
	err = r.Write(annexB([]byte{0x65, 0x88, 0x84}), true, now)
	require.ErrorIs(t, err, ErrBadFrame)
	require.Contains(t, err.Error(), "without SPS")
	err = r.Write(annexB([]byte{0x67, 0xff}, pps, []byte{0x65, 0x88}), true, now)
	require.ErrorIs(t, err, ErrBadFrame)
	require.Contains(t, err.Error(), "SPS")
	require.NoError(t, r.Write(annexB(sps, pps, []byte{0x65, 0x88, 0x84}), true, now))
	require.ErrorIs(t, r.Write(nil, false, now.Add(time.Second)), ErrBadFrame)
	require.ErrorIs(t, r.Write([]byte{1, 2, 3}, false, now.Add(time.Second)), ErrBadFrame)
	require.NoError(t, r.Write(annexB([]byte{0x41, 0x9a}), false, now.Add(-time.Hour)), "a clock that steps back")
	require.NoError(t, r.Close())
	require.NoError(t, r.Close(), "twice")
	require.Error(t, r.Write(annexB([]byte{0x41, 0x9a}), false, now))

	_, err = Create(filepath.Join(dir, "a.mp4"), Track{Codec: "h264"})
	require.ErrorIs(t, err, os.ErrExist, "never overwrites a recording")
	_, err = Create(filepath.Join(dir, "b.mp4"), Track{Codec: "vp8"})
	require.Error(t, err)

	r, err = Create(filepath.Join(dir, "c.mp4"), Track{Codec: "mjpeg"})
	require.NoError(t, err)
	require.ErrorIs(t, r.Write([]byte("not a jpeg"), true, now), ErrBadFrame)
	require.ErrorIs(t, r.Close(), ErrNothingRecorded)
	_, err = os.Stat(filepath.Join(dir, "c.mp4"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// FuzzWrite: any bytes, as key or other frames, are recorded or refused
// with an error; never a panic.
func FuzzWrite(f *testing.F) {
	f.Add([]byte("h264"), annexB(sps, pps, []byte{0x65, 0x88, 0x84}), annexB([]byte{0x41, 0x9a}))
	f.Add([]byte("h265"), annexB([]byte{0x40, 0x01, 0x0c}, []byte{0x42, 0x01, 0x01}, []byte{0x44, 0x01}), []byte{0, 0, 1})
	f.Add([]byte("mjpeg"), []byte{0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0, 16, 0, 16, 3}, []byte{0xff, 0xd8, 0xff, 0xd9})
	codecs := []string{"h264", "h265", "mjpeg"}
	f.Fuzz(func(t *testing.T, sel, first, second []byte) {
		codec := codecs[0]
		if len(sel) > 0 {
			codec = codecs[int(sel[0])%len(codecs)]
		}
		r, err := Create(filepath.Join(t.TempDir(), "f.mp4"), Track{Codec: codec})
		require.NoError(t, err)
		now := time.Now()
		_ = r.Write(first, true, now)
		_ = r.Write(second, false, now.Add(40*time.Millisecond))
		_ = r.Write(first, true, now.Add(2*time.Second))
		_ = r.Close()
	})
}
