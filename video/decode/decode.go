// Package decode turns encoded video (H.264, H.265 access units, JPEG
// images) into pictures for analysis.
//
// SKELETON: the API is fixed; the libavcodec child-process decoder is being
// written. MJPEG works (image/jpeg).
package decode

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"log/slog"
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
}

// Decoder decodes one stream's units in order. It is not safe for
// concurrent use.
type Decoder interface {
	// Decode feeds one unit; it returns a picture only when u.Want and the
	// unit produced one. ErrCrashed means the decoder is gone: make a new
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

// New returns a decoder for codec.
func New(codec Codec, log *slog.Logger) (Decoder, error) {
	switch codec {
	case MJPEG:
		return &jpegDecoder{}, nil
	}
	return nil, fmt.Errorf("%s: %w (skeleton)", codec, ErrUnsupported)
}

// Support says what this build decodes, for logs and stream health.
func Support() string { return "MJPEG only (skeleton)" }

// ChildMain serves as a decoder child process when this process was
// started as one, and then exits; otherwise it returns at once. Call it
// first in main and in TestMain of packages whose tests decode.
func ChildMain() {}

type jpegDecoder struct{}

func (d *jpegDecoder) Decode(_ context.Context, u Unit) (*Picture, error) {
	if !u.Want {
		return nil, nil
	}
	img, err := jpeg.Decode(bytes.NewReader(u.Data))
	if err != nil {
		return nil, fmt.Errorf("jpeg: %w", err)
	}
	y, ok := img.(*image.YCbCr)
	if !ok {
		return nil, fmt.Errorf("jpeg: %T is not YCbCr", img)
	}
	return &Picture{PTS: u.PTS, Image: y}, nil
}

func (d *jpegDecoder) Name() string { return "image/jpeg" }
func (d *jpegDecoder) Close() error { return nil }
