package record

import (
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h265"
	"github.com/bluenviron/mediacommon/v2/pkg/formats/mp4"
)

// ErrBadFrame: a frame could not be recorded (not Annex B, a key frame
// without its parameter sets, not a JPEG...). The recording goes on.
var ErrBadFrame = errors.New("record: bad frame")

// initCodec makes the MP4 sample entry from the first key frame: the
// parameter sets of an H.264/H.265 access unit, a JPEG's size.
func initCodec(t Track, key []byte) (mp4.Codec, error) {
	switch t.Codec {
	case "h264":
		au, err := nalus(key)
		if err != nil {
			return nil, err
		}
		var sps, pps []byte
		for _, n := range au {
			switch h264.NALUType(n[0] & 0x1f) {
			case h264.NALUTypeSPS:
				sps = n
			case h264.NALUTypePPS:
				pps = n
			}
		}
		if sps == nil || pps == nil {
			return nil, fmt.Errorf("%w: an H.264 key frame without SPS and PPS in band", ErrBadFrame)
		}
		var s h264.SPS
		if err := s.Unmarshal(sps); err != nil {
			return nil, fmt.Errorf("%w: H.264 SPS: %w", ErrBadFrame, err)
		}
		return &mp4.CodecH264{SPS: sps, PPS: pps}, nil
	case "h265":
		au, err := nalus(key)
		if err != nil {
			return nil, err
		}
		var vps, sps, pps []byte
		for _, n := range au {
			if len(n) < 2 {
				continue
			}
			switch h265.NALUType(n[0] >> 1 & 0x3f) {
			case h265.NALUType_VPS_NUT:
				vps = n
			case h265.NALUType_SPS_NUT:
				sps = n
			case h265.NALUType_PPS_NUT:
				pps = n
			}
		}
		if vps == nil || sps == nil || pps == nil {
			return nil, fmt.Errorf("%w: an H.265 key frame without VPS, SPS and PPS in band", ErrBadFrame)
		}
		var s h265.SPS
		if err := s.Unmarshal(sps); err != nil {
			return nil, fmt.Errorf("%w: H.265 SPS: %w", ErrBadFrame, err)
		}
		return &mp4.CodecH265{VPS: vps, SPS: sps, PPS: pps}, nil
	case "mjpeg":
		w, h := t.Width, t.Height
		if w <= 0 || h <= 0 {
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(key))
			if err != nil {
				return nil, fmt.Errorf("%w: JPEG: %w", ErrBadFrame, err)
			}
			w, h = cfg.Width, cfg.Height
		}
		return &mp4.CodecMJPEG{Width: w, Height: h}, nil
	}
	return nil, fmt.Errorf("record: unknown codec %q", t.Codec)
}

// payload is a frame as an MP4 sample holds it: H.264/H.265 NAL units
// length-prefixed (AVCC), a JPEG as it is (copied: the caller's buffer is
// shared).
func payload(codec string, data []byte) ([]byte, error) {
	if codec == "mjpeg" {
		if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
			return nil, fmt.Errorf("%w: not a JPEG", ErrBadFrame)
		}
		return bytes.Clone(data), nil
	}
	au, err := nalus(data)
	if err != nil {
		return nil, err
	}
	b, err := h264.AVCC(au).Marshal() // the same length-prefixed form for H.265
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadFrame, err)
	}
	return b, nil
}

// nalus splits an Annex B access unit into its NAL units.
func nalus(data []byte) ([][]byte, error) {
	var au h264.AnnexB
	if err := au.Unmarshal(data); err != nil {
		return nil, fmt.Errorf("%w: not an Annex B access unit: %w", ErrBadFrame, err)
	}
	out := au[:0]
	for _, n := range au {
		if len(n) > 0 {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: an access unit without NAL units", ErrBadFrame)
	}
	return out, nil
}
