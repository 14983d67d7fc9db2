package videotest

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"testing"

	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/pion/rtp"
)

// Options shape a clip server.
type Options struct {
	// StripParams leaves the parameter sets out of the stream (they are
	// only in the SDP): the client must put them before key frames.
	StripParams bool
}

// NewH264 serves ffmpeg's 1280x720 H.264 clip, looped, until t ends.
func NewH264(t testing.TB, o Options) *Server {
	t.Helper()
	return newClip(t, "h264", o)
}

// NewH265 serves ffmpeg's 640x360 H.265 clip, looped, until t ends.
func NewH265(t testing.TB, o Options) *Server {
	t.Helper()
	return newClip(t, "h265", o)
}

func newClip(t testing.TB, codec string, o Options) *Server {
	aus := Clip(t, codec)
	h265 := codec == "h265"
	sets := paramSets(aus[0], h265)
	if o.StripParams {
		aus = stripParams(aus, h265)
	}
	var encode func([][]byte) ([]*rtp.Packet, error)
	var garbageType byte
	s := &Server{}
	if h265 {
		f := &format.H265{PayloadTyp: 96, VPS: sets[32], SPS: sets[33], PPS: sets[34]}
		enc, err := f.CreateEncoder()
		if err != nil {
			t.Fatalf("videotest: %v", err)
		}
		s.format, encode, garbageType = f, enc.Encode, 1<<1 // TRAIL_R
	} else {
		f := &format.H264{PayloadTyp: 96, PacketizationMode: 1, SPS: sets[7], PPS: sets[8]}
		enc, err := f.CreateEncoder()
		if err != nil {
			t.Fatalf("videotest: %v", err)
		}
		s.format, encode, garbageType = f, enc.Encode, 0x41 // non-IDR slice
	}
	s.frame = func(i int, corrupt bool) ([]*rtp.Packet, error) {
		pkts, err := encode(aus[i%len(aus)])
		if err != nil || !corrupt {
			return pkts, err
		}
		// A garbage picture and a packet that claims more than it holds
		// (a STAP-A or an aggregation unit with a bad size).
		bad := []byte{garbageType, 1, 0xde, 0xad, 0xbe, 0xef, 0x13, 0x37}
		malformed := []byte{24, 0xff, 0xff, 0x01, 0x02}
		if h265 {
			malformed = []byte{48 << 1, 1, 0xff, 0xff, 0x01}
		}
		extra, err := encode([][]byte{bad})
		if err != nil {
			return nil, err
		}
		more, err := encode([][]byte{malformed})
		if err != nil {
			return nil, err
		}
		return append(append(extra, more...), pkts...), nil
	}
	s.start(t)
	return s
}

// paramSets finds the parameter sets in an access unit, by NAL type.
func paramSets(au [][]byte, h265 bool) map[int][]byte {
	out := map[int][]byte{}
	for _, n := range au {
		if h265 {
			out[int(n[0]>>1)&0x3f] = n
		} else {
			out[int(n[0]&0x1f)] = n
		}
	}
	return out
}

func stripParams(aus [][][]byte, h265 bool) [][][]byte {
	out := make([][][]byte, len(aus))
	for i, au := range aus {
		for _, n := range au {
			typ := int(n[0] & 0x1f)
			if h265 {
				typ = int(n[0]>>1) & 0x3f
			}
			if (!h265 && (typ == 7 || typ == 8)) || (h265 && typ >= 32 && typ <= 34) {
				continue
			}
			out[i] = append(out[i], n)
		}
	}
	return out
}

// MJPEGWidth and MJPEGHeight are the picture size of NewMJPEG's stream.
const MJPEGWidth, MJPEGHeight = 320, 240

// NewMJPEG serves MJPEG made with image/jpeg (a bar moving over a
// gradient), until t ends.
func NewMJPEG(t testing.TB) *Server {
	t.Helper()
	frames := make([][]byte, FPS)
	for i := range frames {
		frames[i] = testJPEG(i)
	}
	f := &format.MJPEG{}
	enc, err := f.CreateEncoder()
	if err != nil {
		t.Fatalf("videotest: %v", err)
	}
	s := &Server{format: f}
	s.frame = func(i int, corrupt bool) ([]*rtp.Packet, error) {
		pkts, err := enc.Encode(frames[i%len(frames)])
		if err != nil || !corrupt {
			return pkts, err
		}
		pkts[0].Payload[4] = 200 // an unknown JPEG type
		return pkts, nil
	}
	s.start(t)
	return s
}

func testJPEG(i int) []byte {
	img := image.NewYCbCr(image.Rect(0, 0, MJPEGWidth, MJPEGHeight), image.YCbCrSubsampleRatio420)
	for y := 0; y < MJPEGHeight; y++ {
		for x := 0; x < MJPEGWidth; x++ {
			yy := uint8(x * 255 / MJPEGWidth)
			if (x/8+i)%FPS == 0 {
				yy = 255
			}
			img.Y[img.YOffset(x, y)] = yy
		}
	}
	for j := range img.Cb {
		img.Cb[j], img.Cr[j] = 128, 128
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		panic(fmt.Sprintf("videotest: jpeg: %v", err))
	}
	return b.Bytes()
}
