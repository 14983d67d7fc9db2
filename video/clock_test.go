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
	"github.com/pion/rtcp"
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
	// Sender reports take over, exactly, even when that steps back.
	require.Equal(t, t0.Add(500*time.Millisecond), c.at(base+2*90000, t0.Add(500*time.Millisecond), true, t0))
	require.Equal(t, -1500*time.Millisecond, c.step)
	require.Equal(t, t0.Add(5*time.Second), c.at(base+3*90000, t0.Add(5*time.Second), true, t0))
	require.Equal(t, ClockRTCP, c.source)
}

// TestCaptureClockLateFirstPacket is the loaded station: the first packet
// arrives 1.5 s after its frame was taken, so arrival-based times run 1.5 s
// late until the camera's first sender report. From that frame on, capture
// times are the sender report's, exactly: one step back, and no run of
// frames frozen at one time while the true time catches up.
func TestCaptureClockLateFirstPacket(t *testing.T) {
	const (
		fps      = 25
		tick     = 90000 / fps
		late     = 1500 * time.Millisecond // the first packet's delay
		latency  = 50 * time.Millisecond   // the others'
		srAfter  = 2 * fps                 // the first sender report comes after 2 s
		frames   = 5 * fps
		interval = time.Second / fps
	)
	taken := time.Date(2026, 12, 6, 18, 0, 0, 250_000_000, time.UTC) // the first frame's true capture time
	rtp0 := uint32(0xfffe0000)                                       // wraps on the way
	c := newCaptureClock(90000)
	src := newSenderClock(90000)
	var got []time.Time
	for i := range frames {
		ts := rtp0 + uint32(i*tick)
		truth := taken.Add(time.Duration(i) * interval)
		arrival := truth.Add(latency)
		if i == 0 {
			arrival = truth.Add(late)
		}
		if i == srAfter {
			sr := truth.Add(-10 * time.Millisecond)
			src.onRTCP(&rtcp.SenderReport{NTPTime: timeToNTP(sr), RTPTime: ts - 900})
		}
		ntp, ok := src.at(ts)
		at := c.at(ts, ntp, ok, arrival)
		got = append(got, at)
		if i < srAfter {
			require.Equal(t, truth.Add(late), at, "frame %d: arrival time, %s late", i, late)
			require.Equal(t, ClockArrival, c.source)
			continue
		}
		require.True(t, ok)
		require.Equal(t, ntp, at, "frame %d: the sender report's time, exactly", i)
		require.WithinDuration(t, truth, at, time.Microsecond, "frame %d", i)
		require.Equal(t, ClockRTCP, c.source)
	}
	// One step back, at the switch, by the first packet's delay; every
	// other frame one frame interval after the one before.
	require.Equal(t, 1, c.steps)
	require.InDelta(t, (-late).Seconds(), c.step.Seconds(), 1e-6)
	for i := 1; i < frames; i++ {
		d := got[i].Sub(got[i-1])
		if i == srAfter {
			require.InDelta(t, (interval - late).Seconds(), d.Seconds(), 1e-6, "the step")
			continue
		}
		require.InDelta(t, interval.Seconds(), d.Seconds(), 1e-6, "frame %d is %s after the one before", i, d)
	}
}

// timeToNTP is ntpToTime's inverse (RFC 3550 §4).
func timeToNTP(t time.Time) uint64 {
	frac := (uint64(t.Nanosecond())<<32 + 999_999_999) / 1_000_000_000
	return uint64(t.Unix()+ntpEpochOffset)<<32 | frac
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
