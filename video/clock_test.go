package video

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"syscall"
	"testing"
	"time"

	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/bluenviron/gortsplib/v4/pkg/liberrors"
	"github.com/stretchr/testify/require"
)

func TestCaptureClock(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)
	c := newCaptureClock(90000)
	base := uint32(0xffff0000)
	// Arrival anchors the first frame; RTP time the rest, across the
	// 32-bit wrap, whatever the arrival jitter.
	require.Equal(t, t0, c.at(base, time.Time{}, false, t0))
	require.Equal(t, t0.Add(time.Second), c.at(base+90000, time.Time{}, false, t0.Add(3*time.Second)))
	require.Equal(t, ClockArrival, c.source)
	// Sender reports take over; time never goes back.
	require.Equal(t, t0.Add(time.Second), c.at(base+2*90000, t0.Add(500*time.Millisecond), true, t0))
	require.Equal(t, t0.Add(5*time.Second), c.at(base+3*90000, t0.Add(5*time.Second), true, t0))
	require.Equal(t, ClockRTCP, c.source)
}

func TestBackoff(t *testing.T) {
	var b backoff
	var got []time.Duration
	for range 7 {
		got = append(got, b.next(time.Second, 30*time.Second))
	}
	require.Equal(t, []time.Duration{1e9, 2e9, 4e9, 8e9, 16e9, 30e9, 30e9}, got)
	b.reset()
	require.Equal(t, time.Second, b.next(time.Second, 30*time.Second))
}

func TestSampler(t *testing.T) {
	s := sampler{interval: 200 * time.Millisecond}
	t0 := time.Now()
	var picked int
	for i := range 50 { // 2 s at 25 fps
		if s.want(t0.Add(time.Duration(i) * 40 * time.Millisecond)) {
			picked++
		}
	}
	require.Equal(t, 10, picked)
}

func TestDescribe(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{liberrors.ErrClientBadStatusCode{Code: base.StatusNotFound, Message: "Not Found"}, "404 Not Found"},
		{fmt.Errorf("dial: %w", syscall.ECONNREFUSED), "connection refused"},
		{fmt.Errorf("%w: no packets for 5s", errStalled), "stalled: no packets for 5s"},
		{errNoVideo, "no video track"},
		{errors.New("odd"), "odd"},
	}
	for _, ca := range cases {
		require.Equal(t, ca.want, describe(ca.err))
	}
	_, err := parseURI("udp://10.0.0.5:5600")
	require.True(t, isPermanent(err))
	require.Contains(t, describe(err), "only rtsp:// and rtsps://")
	require.Equal(t, "rtsp://user:xxxxx@cam/x", redact("rtsp://user:secret@cam/x"))
}

func testJPEG(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420), nil))
	return b.Bytes()
}
