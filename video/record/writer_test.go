package record

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"skerry/video/videotest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestNewWritesTheSameFile records the same frames with Create and New:
// the bytes New hands its writer are the file Create writes, and read
// back with ffprobe.
func TestNewWritesTheSameFile(t *testing.T) {
	videotest.NeedTools(t, "ffmpeg", "ffprobe")
	frames := h26xClip(t, "h264", 320, 240, 60)[5:]
	path := filepath.Join(t.TempDir(), "rec.mp4")
	f, err := Create(path, Track{Codec: "h264"})
	require.NoError(t, err)
	var buf bytes.Buffer
	w, err := New(&buf, Track{Codec: "h264"})
	require.NoError(t, err)
	require.Empty(t, w.Path())
	t0 := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	for i, fr := range frames {
		at := t0.Add(time.Duration(i) * 40 * time.Millisecond)
		require.NoError(t, f.Write(fr.data, fr.key, at))
		require.NoError(t, w.Write(fr.data, fr.key, at))
	}
	require.NoError(t, f.Close())
	require.NoError(t, w.Close())
	require.NoError(t, w.Close(), "a second Close does nothing")
	file, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, file, buf.Bytes())
	require.Equal(t, int64(buf.Len()), w.Bytes())
	p := videotest.FFprobe(t, path)
	require.Equal(t, "h264", p.Codec)
	require.Equal(t, len(frames)-w.Skipped(), p.Frames)
}

// TestNewBadInput: a nil writer, an unknown codec and a recording that
// never saw a key frame are refused, with nothing written.
func TestNewBadInput(t *testing.T) {
	_, err := New(nil, Track{Codec: "h264"})
	require.Error(t, err)
	_, err = New(&bytes.Buffer{}, Track{Codec: "vp8"})
	require.ErrorContains(t, err, "unknown codec")

	var buf bytes.Buffer
	w, err := New(&buf, Track{Codec: "h264"})
	require.NoError(t, err)
	require.NoError(t, w.Write(annexB([]byte{0x41, 1, 2, 3}), false, time.Now()))
	require.True(t, errors.Is(w.Close(), ErrNothingRecorded))
	require.Zero(t, buf.Len())
	require.Error(t, w.Write(annexB([]byte{0x41, 1, 2, 3}), false, time.Now()), "closed")
}
