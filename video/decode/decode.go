// Package decode turns encoded video (H.264, H.265 access units, JPEG
// images) into pictures for analysis.
//
// H.264 and H.265 decode with libavcodec (cgo) in a child process per
// stream: the station's own executable re-run as a decoder (ChildMain), so
// a hostile stream or a libavcodec bug kills only that child, and the
// stream gets ErrCrashed. MJPEG decodes in process with image/jpeg. A
// build with -tags nolibav (or without cgo) decodes MJPEG only.
//
// Wiring: the station's entry point (internal/cli, since main.go imports
// nothing else) and the TestMain of every package whose tests decode must
// call ChildMain before anything else; a re-run process that does not
// refuses to start decoders of its own rather than recurse.
//
// The child: libavcodec with one thread per stream (one stream is one
// core's share on a small station; frame threads would add a frame of
// latency each and slice threads help only multi-slice streams), units
// in and replies out over pipes (proto.go), pictures back through shared
// memory on Linux (shm_linux.go). A unit that libavcodec logs an error
// for, or whose picture it flags as corrupt, gives an error and no
// picture; the next key frame decodes cleanly. A child that dies, hangs
// past UnitTimeout or the caller's context, or answers nonsense is killed.
package decode

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"os"
	"time"
)

// Codec names an encoding: "h264", "h265" or "mjpeg".
type Codec string

// The codecs the station knows.
const (
	H264  Codec = "h264"
	H265  Codec = "h265"
	MJPEG Codec = "mjpeg"
)

// Unit is one encoded frame.
type Unit struct {
	// Data is an H.264/H.265 access unit in Annex B form (parameter sets
	// in band before key frames) or one JPEG image.
	Data []byte
	Key  bool
	// PTS is any monotonic stream time; it comes back with the picture.
	PTS time.Duration
	// Want asks for the picture of this unit; other units are decoded
	// for reference only and return no picture.
	Want bool
}

// Picture is a decoded frame.
type Picture struct {
	PTS   time.Duration
	Image *image.YCbCr
	// FullRange: the samples span 0–255 (JFIF, what image/color and
	// image/jpeg assume: MJPEG, full-range streams). Otherwise they are
	// video range, Y 16–235 and chroma 16–240, as most cameras' H.264 and
	// H.265: see JFIF before treating them as image/color does.
	FullRange bool
}

// Decoder decodes one stream's units in order. It is not safe for
// concurrent use.
type Decoder interface {
	// Decode feeds one unit; it returns a picture only when u.Want and the
	// unit produced one (a decoder that reorders frames hands a wanted
	// picture out with a later unit: its PTS says whose). ErrCrashed means the decoder is gone: make a new
	// one and feed it from the next key frame.
	Decode(ctx context.Context, u Unit) (*Picture, error)
	// Name says what decodes, e.g. "libavcodec h264 (child process)".
	Name() string
	Close() error
}

// Errors.
var (
	// ErrUnsupported: this build cannot decode the codec (the error says why).
	ErrUnsupported = errors.New("codec not supported")
	// ErrCrashed: the decoder process died; the stream must restart it.
	ErrCrashed = errors.New("decoder crashed")
)

// New returns a decoder for codec: MJPEG decodes in this process (pure
// Go); H.264 and H.265 decode with libavcodec in a child process (see
// ChildMain), so that a decoder crash never takes the station down.
func New(codec Codec, log *slog.Logger) (Decoder, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	switch codec {
	case MJPEG:
		return &jpegDecoder{}, nil
	case H264, H265:
		if !libavAvailable {
			return nil, fmt.Errorf("%s %s: %w", codec.title(), noLibavReason, ErrUnsupported)
		}
		return startChild(codec, log)
	}
	return nil, fmt.Errorf("decode: unknown codec %q: %w", codec, ErrUnsupported)
}

// noLibavReason says why a build without libavcodec cannot decode.
const noLibavReason = "needs libavcodec: this build has MJPEG only (built with -tags nolibav)"

// Support says what this build decodes, for logs and stream health.
func Support() string {
	if !libavAvailable {
		return "MJPEG ONLY: H.264 and H.265 cannot be decoded, this build has no libavcodec (built with -tags nolibav or without cgo; install libavcodec-dev libswscale-dev and rebuild)"
	}
	return "H.264, H.265 (" + libavVersion() + ", one child process per stream) and MJPEG (image/jpeg)"
}

// ChildMain serves as a decoder child process when this process was
// started as one, and then exits; otherwise it returns at once. Call it
// first in main and in TestMain of packages whose tests decode.
func ChildMain() {
	codec := os.Getenv(childEnv)
	if codec == "" {
		return
	}
	os.Exit(serveChild(Codec(codec), os.Stdin, os.Stdout))
}

// title is the codec's usual written name.
func (c Codec) title() string {
	switch c {
	case H264:
		return "H.264"
	case H265:
		return "H.265"
	case MJPEG:
		return "MJPEG"
	}
	return string(c)
}
