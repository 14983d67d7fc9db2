package stream

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// Version is the version of the frame header written.
const Version = 1

// HeaderLen is the length of a version 1 frame header. A reader skips
// header bytes beyond the ones it knows (the header says its length).
const HeaderLen = 24

// Codec numbers in the header.
const (
	CodecH264  = 1
	CodecH265  = 2
	CodecMJPEG = 3
)

// Header flags.
const (
	// FlagKey marks a key frame (an IDR access unit, or any JPEG).
	FlagKey = 1 << 0
	// FlagResync marks the first frame after frames this viewer lost:
	// the station skipped to this key frame.
	FlagResync = 1 << 1
)

// Header is the fixed header in front of every frame. See PROTOCOL.md.
type Header struct {
	Version  uint8
	Codec    uint8
	Flags    uint8
	Seq      uint64
	Captured int64 // Unix microseconds; 0 unknown
	Width    uint16
	Height   uint16
}

// codecNumbers maps gcs.VideoUnit.Codec to the header's codec number.
var codecNumbers = map[string]uint8{"h264": CodecH264, "h265": CodecH265, "mjpeg": CodecMJPEG}

// CodecNumber returns the header number of a codec name, 0 when unknown.
func CodecNumber(name string) uint8 { return codecNumbers[name] }

// CodecName returns the name of a header codec number, "" when unknown.
func CodecName(n uint8) string {
	for name, c := range codecNumbers {
		if c == n {
			return name
		}
	}
	return ""
}

// microseconds is t in Unix microseconds, 0 for the zero time.
func microseconds(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// clampDimension fits a width or height into the header's 16 bits (0 when
// out of range: unknown).
func clampDimension(n int) uint16 {
	if n < 0 || n > 0xffff {
		return 0
	}
	return uint16(n)
}

// AppendHeader appends h, as version 1 of HeaderLen bytes, to b.
func AppendHeader(b []byte, h Header) []byte {
	b = append(b, Version, h.Codec, h.Flags, HeaderLen)
	b = binary.BigEndian.AppendUint64(b, h.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(h.Captured))
	b = binary.BigEndian.AppendUint16(b, h.Width)
	return binary.BigEndian.AppendUint16(b, h.Height)
}

// Errors of ParseHeader.
var (
	ErrShort   = errors.New("frame shorter than its header")
	ErrVersion = errors.New("unknown frame header version")
)

// ParseHeader reads a frame's header and returns it with the payload (a
// slice of msg).
func ParseHeader(msg []byte) (Header, []byte, error) {
	if len(msg) < 4 {
		return Header{}, nil, ErrShort
	}
	if msg[0] != Version {
		return Header{}, nil, fmt.Errorf("%w %d (this reader knows %d)", ErrVersion, msg[0], Version)
	}
	n := int(msg[3])
	if n < HeaderLen || len(msg) < n {
		return Header{}, nil, fmt.Errorf("%w: header length %d, message %d bytes", ErrShort, n, len(msg))
	}
	h := Header{
		Version:  msg[0],
		Codec:    msg[1],
		Flags:    msg[2],
		Seq:      binary.BigEndian.Uint64(msg[4:]),
		Captured: int64(binary.BigEndian.Uint64(msg[12:])),
		Width:    binary.BigEndian.Uint16(msg[20:]),
		Height:   binary.BigEndian.Uint16(msg[22:]),
	}
	return h, msg[n:], nil
}
