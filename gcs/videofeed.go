package gcs

import (
	"context"
	"errors"
	"time"
)

// VideoUnit is one encoded frame of a stream as a viewer gets it: an H.264
// or H.265 access unit in Annex B form (parameter sets in band before every
// key frame, so a decoder may start at any key frame) or one JPEG image.
type VideoUnit struct {
	Codec string // "h264", "h265" or "mjpeg"
	Key   bool   // a key frame (IDR); every JPEG is one
	Data  []byte // shared between viewers: never modify
	// Captured is when the camera took the frame (see StreamHealth.Clock).
	Captured time.Time
	Width    int // 0 when not known yet
	Height   int
	// Seq counts the stream's frames; a jump tells a viewer it lost some.
	Seq uint64
}

// VideoFeed gives live video and recordings to the front ends. The video
// adapter implements it.
type VideoFeed interface {
	// Watch subscribes to one stream's encoded frames, from its next key
	// frame. A viewer that does not keep up loses frames up to the next key
	// frame (never stalls the stream or other viewers). The channel closes
	// when ctx ends or the stream goes away.
	Watch(ctx context.Context, id VehicleID, key string) (<-chan VideoUnit, error)
	// Snapshot returns the newest decoded frame analysis saw, as a JPEG,
	// and when it was captured.
	Snapshot(ctx context.Context, id VehicleID, key string) ([]byte, time.Time, error)
	// StartRecording records the stream, without re-encoding, to a
	// fragmented MP4 file in the data directory.
	StartRecording(ctx context.Context, id VehicleID, key string) (Recording, error)
	// StopRecording ends a recording and returns it, complete.
	StopRecording(ctx context.Context, id VehicleID, key string) (Recording, error)
}

// Errors a VideoFeed returns.
var (
	ErrNoStream     = errors.New("no such video stream")
	ErrNoFrame      = errors.New("no frame yet")
	ErrNotRecording = errors.New("not recording")
	ErrRecording    = errors.New("already recording")
)
