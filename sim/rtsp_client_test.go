package sim

import (
	"bytes"
	"image"
	"image/jpeg"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/bluenviron/gortsplib/v4/pkg/description"
	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/stretchr/testify/require"

	"skerry/sim/scene"
)

// rxFrame is one frame received by the test RTSP client: a JPEG image or an
// H.264 access unit, with the capture time RTCP maps its RTP time to.
type rxFrame struct {
	jpeg  []byte
	au    [][]byte
	ntp   time.Time
	ntpOK bool
}

// playCamera plays url with a gortsplib client and hands every frame to
// the returned channel (dropping frames when the test falls behind: the
// library's callback never blocks).
func playCamera(t *testing.T, url string) <-chan rxFrame {
	u, err := base.ParseURL(url)
	require.NoError(t, err)
	c := &gortsplib.Client{Scheme: u.Scheme, Host: u.Host}
	require.NoError(t, c.Start2())
	t.Cleanup(c.Close)
	desc, _, err := c.Describe(u)
	require.NoError(t, err)
	require.Len(t, desc.Medias, 1)
	medi := desc.Medias[0]
	_, err = c.Setup(desc.BaseURL, medi, 0, 0)
	require.NoError(t, err)
	out := make(chan rxFrame, 64)
	var sr atomic.Pointer[rtcp.SenderReport]
	c.OnPacketRTCP(medi, func(p rtcp.Packet) {
		if r, ok := p.(*rtcp.SenderReport); ok {
			sr.Store(r)
		}
	})
	send := func(f rxFrame, medi *description.Media, pkt *rtp.Packet) {
		if r := sr.Load(); r != nil {
			f.ntp, f.ntpOK = rfcNTP(r.NTPTime).Add(time.Duration(int32(pkt.Timestamp-r.RTPTime))*time.Second/90000), true
		}
		select {
		case out <- f:
		default:
		}
	}
	switch f := medi.Formats[0].(type) {
	case *format.MJPEG:
		dec, err := f.CreateDecoder()
		require.NoError(t, err)
		c.OnPacketRTP(medi, f, func(pkt *rtp.Packet) {
			if img, err := dec.Decode(pkt); err == nil {
				send(rxFrame{jpeg: img}, medi, pkt)
			}
		})
	case *format.H264:
		require.NotEmpty(t, f.SPS, "SPS in the SDP")
		require.NotEmpty(t, f.PPS, "PPS in the SDP")
		dec, err := f.CreateDecoder()
		require.NoError(t, err)
		c.OnPacketRTP(medi, f, func(pkt *rtp.Packet) {
			if au, err := dec.Decode(pkt); err == nil {
				send(rxFrame{au: au}, medi, pkt)
			}
		})
	default:
		t.Fatalf("unexpected format %T", f)
	}
	_, err = c.Play(nil)
	require.NoError(t, err)
	return out
}

// rfcNTP reads an RTCP NTP timestamp as RFC 3550 §4 defines it (as a
// standard receiver such as GStreamer or ffmpeg does).
func rfcNTP(v uint64) time.Time {
	return time.Unix(int64(v>>32)-2208988800, int64((v&0xFFFFFFFF)*1_000_000_000>>32))
}

// nextFrame returns the next received frame.
func nextFrame(t *testing.T, ch <-chan rxFrame) rxFrame {
	t.Helper()
	select {
	case f := <-ch:
		return f
	case <-time.After(5 * time.Second):
		t.Fatal("no frame for 5 s")
		return rxFrame{}
	}
}

func TestStampMatchesRTCPCaptureTime(t *testing.T) {
	var truths atomic.Int64
	s := startSim(t, Config{Vehicles: 1, Cameras: 1, Camera: CameraConfig{Codec: CodecMJPEG, Width: 640, Height: 360},
		OnTruth: func(FrameTruth) { truths.Add(1) }})
	_, ok := s.Truth(0)
	require.False(t, ok, "nothing rendered before a reader plays")
	ch := playCamera(t, s.Cameras()[0].URL)
	checked := 0
	for i := 0; checked < 10; i++ {
		f := nextFrame(t, ch)
		if i < srFrames && !f.ntpOK {
			continue
		}
		require.True(t, f.ntpOK, "a sender report comes with the first frames")
		img, err := jpeg.Decode(bytes.NewReader(f.jpeg))
		require.NoError(t, err)
		require.Equal(t, image.Rect(0, 0, 640, 360), img.Bounds())
		ycc, ok := img.(*image.YCbCr)
		require.True(t, ok, "%T", img)
		stamp, ok := scene.ReadStamp(ycc)
		require.True(t, ok, "no stamp in the frame")
		require.InDelta(t, 0, f.ntp.Sub(stamp).Seconds(), 0.002, "stamp %v, RTCP capture time %v", stamp, f.ntp)
		checked++
	}
	ft, ok := s.Truth(0)
	require.True(t, ok)
	require.Equal(t, 640, ft.Width)
	require.WithinDuration(t, time.Now(), ft.Captured, time.Second)
	require.Greater(t, truths.Load(), int64(10))
}

func TestH264EncoderRestartsAfterDying(t *testing.T) {
	needTool(t, "ffmpeg")
	s, c := startCameraSim(t, CameraConfig{Codec: CodecH264, Width: 320, Height: 240})
	require.Equal(t, CodecH264, s.Cameras()[0].Codec)
	ch := playCamera(t, s.Cameras()[0].URL)
	f := nextFrame(t, ch)
	require.True(t, hasNALU(f.au, naluIDR), "the stream starts with an IDR")
	require.True(t, hasNALU(f.au, naluSPS), "SPS in band before the IDR")
	for i := range 5 + srFrames {
		f = nextFrame(t, ch)
		if i < srFrames && !f.ntpOK {
			continue
		}
		require.True(t, f.ntpOK)
		require.WithinDuration(t, time.Now(), f.ntp, time.Second)
	}
	pid := int(c.stats.pid.Load())
	require.NotZero(t, pid)
	require.NoError(t, syscall.Kill(pid, syscall.SIGKILL))
	require.Eventually(t, func() bool {
		p := c.stats.pid.Load()
		return c.stats.restarts.Load() >= 1 && p != 0 && int(p) != pid
	}, 5*time.Second, 10*time.Millisecond, "ffmpeg restarted")
	sawIDR := false
	for range 10 {
		f = nextFrame(t, ch)
		sawIDR = sawIDR || hasNALU(f.au, naluIDR)
	}
	require.True(t, sawIDR, "the new encoder starts with an IDR")
}

// hasNALU reports whether an access unit holds a NAL unit of type typ.
func hasNALU(au [][]byte, typ byte) bool {
	for _, n := range au {
		if len(n) > 0 && n[0]&0x1f == typ {
			return true
		}
	}
	return false
}
