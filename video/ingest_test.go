package video

import (
	"bytes"
	"context"
	"image/jpeg"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/decode"
	"skerry/video/videotest"
)

// TestIngest plays each kind of source through the whole path: RTSP,
// depacketising, fan-out, health, and decoding where this build can.
func TestIngest(t *testing.T) {
	cases := []struct {
		name      string
		source    func(t *testing.T) string
		transport string
		codec     string
		width     int // expected from the stream's headers (0: skip)
	}{
		{"h264 tcp", func(t *testing.T) string { return videotest.NewH264(t, videotest.Options{}).URL }, TransportTCP, "h264", 1280},
		{"h264 udp", func(t *testing.T) string { return videotest.NewH264(t, videotest.Options{}).URL }, TransportUDP, "h264", 1280},
		{"h264 params in the SDP only", func(t *testing.T) string {
			return videotest.NewH264(t, videotest.Options{StripParams: true}).URL
		}, TransportTCP, "h264", 1280},
		{"h265 auto", func(t *testing.T) string { return videotest.NewH265(t, videotest.Options{}).URL }, TransportAuto, "h265", 640},
		{"mjpeg auto", func(t *testing.T) string { return videotest.NewMJPEG(t).URL }, TransportAuto, "mjpeg", videotest.MJPEGWidth},
		{"gstreamer h264", func(t *testing.T) string { return videotest.NewGStreamer(t, videotest.GstH264) }, TransportTCP, "h264", 640},
		{"gstreamer mjpeg", func(t *testing.T) string { return videotest.NewGStreamer(t, videotest.GstMJPEG) }, TransportAuto, "mjpeg", 640},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			url := ca.source(t)
			r := newRig(t, map[gcs.VehicleID][]string{"v1": {url}}, func(m *Manager) { m.Transport = ca.transport })
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ch := r.watch(ctx, "v1", "manual1")
			h := r.playing("v1", "manual1", 20)
			require.Equal(t, ca.codec, h.Codec)
			if ca.transport != TransportAuto {
				require.Equal(t, ca.transport, h.Transport)
			} else {
				require.Contains(t, []string{TransportUDP, TransportTCP}, h.Transport)
			}
			checkUnits(t, ch, ca.codec, ca.width)
			if !decodes(t, decode.Codec(ca.codec)) {
				return
			}
			h = r.waitHealth("v1", "manual1", 10*time.Second, "sampled pictures", func(h gcs.StreamHealth) bool {
				return h.Sampled >= 3 && h.Width > 0 && h.SampleFPS > 0
			})
			require.Equal(t, ca.width, h.Width)
			require.NotEmpty(t, h.Decoder)
			pic, at, err := r.m.Snapshot(ctx, "v1", "manual1")
			require.NoError(t, err)
			require.WithinDuration(t, time.Now(), at, 5*time.Second)
			img, err := jpeg.Decode(bytes.NewReader(pic))
			require.NoError(t, err)
			require.Equal(t, ca.width, img.Bounds().Dx())
		})
	}
}

// checkUnits reads a viewer's first units: it starts at a key frame that
// carries its parameter sets, sequence numbers rise, capture times never
// go back and stay near the wall clock.
func checkUnits(t *testing.T, ch <-chan gcs.VideoUnit, codec string, width int) {
	t.Helper()
	var last gcs.VideoUnit
	back := 0
	for i := 0; i < 30; i++ {
		var u gcs.VideoUnit
		select {
		case u = <-ch:
		case <-time.After(10 * time.Second):
			t.Fatalf("unit %d did not come", i)
		}
		require.Equal(t, codec, u.Codec)
		if i == 0 {
			require.True(t, u.Key, "a viewer starts at a key frame")
			if codec != "mjpeg" {
				require.Equal(t, []byte{0, 0, 0, 1}, u.Data[:4])
				require.True(t, hasParams(u.Data, codec == "h265"), "a key frame carries its parameter sets")
			}
		} else {
			require.Greater(t, u.Seq, last.Seq)
			if u.Captured.Before(last.Captured) {
				back++ // the one step to the camera's RTCP time (captureClock)
			}
			require.LessOrEqual(t, back, 2, "capture times step back at most at the switch to RTCP time")
		}
		require.WithinDuration(t, time.Now(), u.Captured, 3*time.Second)
		if width > 0 && u.Width > 0 {
			require.Equal(t, width, u.Width)
		}
		last = u
	}
	require.Positive(t, last.Width, "the size is known from the stream")
}

// hasParams reports whether an Annex B unit has an SPS and a PPS.
func hasParams(data []byte, h265 bool) bool {
	var sps, pps bool
	for _, n := range videotest.SplitAnnexB(data) {
		if h265 {
			typ := (n[0] >> 1) & 0x3f
			sps, pps = sps || typ == 33, pps || typ == 34
		} else {
			sps, pps = sps || n[0]&0x1f == 7, pps || n[0]&0x1f == 8
		}
	}
	return sps && pps
}
