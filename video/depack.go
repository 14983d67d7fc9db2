package video

import (
	"errors"
	"fmt"

	"github.com/bluenviron/gortsplib/v4/pkg/description"
	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/bluenviron/gortsplib/v4/pkg/format/rtph264"
	"github.com/bluenviron/gortsplib/v4/pkg/format/rtph265"
	"github.com/bluenviron/gortsplib/v4/pkg/format/rtpmjpeg"
	"github.com/pion/rtp"
)

// depacketizer turns one stream's RTP packets into whole frames: Annex B
// access units (parameter sets before key frames) or JPEG images. It runs
// in gortsplib's packet callback and belongs to it.
type depacketizer interface {
	// decode takes one packet; it returns a frame when the packet
	// completed one, (nil, false, nil) while more packets are needed, and
	// an error for a packet it refused.
	decode(pkt *rtp.Packet) (data []byte, key bool, err error)
	// size is the picture size known from the stream (0 unknown).
	size() (w, h int)
}

// errUnsupportedCodec: the session has video, but in no codec ingest
// takes.
var errUnsupportedCodec = errors.New("unsupported codec")

// errNoVideo: the session has no video track.
var errNoVideo = errors.New("no video track")

// pickVideo finds the stream's video media in a format ingest takes
// (H.264, H.265, MJPEG, in that order) and makes its depacketiser.
func pickVideo(desc *description.Session) (*description.Media, format.Format, string, depacketizer, error) {
	var f264 *format.H264
	if m := desc.FindFormat(&f264); m != nil {
		d, err := newH264(f264)
		return m, f264, "h264", d, err
	}
	var f265 *format.H265
	if m := desc.FindFormat(&f265); m != nil {
		d, err := newH265(f265)
		return m, f265, "h265", d, err
	}
	var fj *format.MJPEG
	if m := desc.FindFormat(&fj); m != nil {
		d, err := newMJPEG(fj)
		return m, fj, "mjpeg", d, err
	}
	for _, m := range desc.Medias {
		if m.Type == description.MediaTypeVideo && len(m.Formats) > 0 {
			return nil, nil, "", nil, fmt.Errorf("%w %s: ingest takes H.264, H.265 and MJPEG", errUnsupportedCodec, m.Formats[0].Codec())
		}
	}
	return nil, nil, "", nil, errNoVideo
}

// nalDepacketizer depacketises H.264 or H.265.
type nalDepacketizer struct {
	dec interface {
		Decode(*rtp.Packet) ([][]byte, error)
	}
	more, noPrev error // the decoder's "not an error" errors
	ps           paramSets
}

func newH264(f *format.H264) (*nalDepacketizer, error) {
	dec, err := f.CreateDecoder()
	if err != nil {
		return nil, fmt.Errorf("h264 depacketiser: %w", err)
	}
	d := &nalDepacketizer{dec: dec, more: rtph264.ErrMorePacketsNeeded, noPrev: rtph264.ErrNonStartingPacketAndNoPrevious}
	sps, pps := f.SafeParams()
	d.ps.accessUnit([][]byte{sps, pps})
	return d, nil
}

func newH265(f *format.H265) (*nalDepacketizer, error) {
	dec, err := f.CreateDecoder()
	if err != nil {
		return nil, fmt.Errorf("h265 depacketiser: %w", err)
	}
	d := &nalDepacketizer{dec: dec, more: rtph265.ErrMorePacketsNeeded, noPrev: rtph265.ErrNonStartingPacketAndNoPrevious}
	d.ps.h265 = true
	vps, sps, pps := f.SafeParams()
	d.ps.accessUnit([][]byte{vps, sps, pps})
	return d, nil
}

func (d *nalDepacketizer) decode(pkt *rtp.Packet) ([]byte, bool, error) {
	nalus, err := d.dec.Decode(pkt)
	if errors.Is(err, d.more) || errors.Is(err, d.noPrev) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	data, key := d.ps.accessUnit(nalus)
	return data, key, nil
}

func (d *nalDepacketizer) size() (int, int) { return d.ps.width, d.ps.height }

// jpegDepacketizer depacketises RFC 2435 MJPEG.
type jpegDepacketizer struct {
	dec  *rtpmjpeg.Decoder
	w, h int
}

func newMJPEG(f *format.MJPEG) (*jpegDepacketizer, error) {
	dec, err := f.CreateDecoder()
	if err != nil {
		return nil, fmt.Errorf("mjpeg depacketiser: %w", err)
	}
	return &jpegDepacketizer{dec: dec}, nil
}

func (d *jpegDepacketizer) decode(pkt *rtp.Packet) ([]byte, bool, error) {
	img, err := d.dec.Decode(pkt)
	if errors.Is(err, rtpmjpeg.ErrMorePacketsNeeded) || errors.Is(err, rtpmjpeg.ErrNonStartingPacketAndNoPrevious) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	d.w, d.h = jpegSize(img)
	return img, true, nil
}

func (d *jpegDepacketizer) size() (int, int) { return d.w, d.h }

// jpegSize reads a JPEG's size from its first start-of-frame marker
// (0, 0 when there is none).
func jpegSize(b []byte) (int, int) {
	for i := 2; i+9 <= len(b); {
		if b[i] != 0xff {
			return 0, 0
		}
		marker := b[i+1]
		if marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7) {
			i += 2
			continue
		}
		if marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc {
			return int(b[i+7])<<8 | int(b[i+8]), int(b[i+5])<<8 | int(b[i+6])
		}
		i += 2 + (int(b[i+2])<<8 | int(b[i+3]))
	}
	return 0, 0
}
