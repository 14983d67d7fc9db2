// Package record writes a stream's encoded frames, without re-encoding, to
// fragmented MP4 files for evidence.
//
// SKELETON: the API is fixed; the writer is being written.
package record

import (
	"errors"
	"time"
)

// Track describes what is recorded.
type Track struct {
	Codec string // "h264", "h265" or "mjpeg"
	// Width and Height are needed for MJPEG (H.264/H.265 carry them in
	// their parameter sets).
	Width, Height int
}

// Recorder writes one fragmented MP4 file. Units before the first key
// frame are skipped. It is not safe for concurrent use.
type Recorder struct {
	path string
}

// Create starts a recording at path.
func Create(path string, t Track) (*Recorder, error) {
	return nil, errors.New("record: skeleton")
}

// Write appends one encoded frame (Annex B access unit or JPEG) captured at
// captured.
func (r *Recorder) Write(data []byte, key bool, captured time.Time) error {
	return errors.New("record: skeleton")
}

// Bytes is the file's size so far.
func (r *Recorder) Bytes() int64 { return 0 }

// Path is the file's path.
func (r *Recorder) Path() string { return r.path }

// Close flushes and closes the file; it stays readable by ffprobe.
func (r *Recorder) Close() error { return nil }
