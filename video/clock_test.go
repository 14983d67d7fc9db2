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
	require.Equal(t, t0.Add(1500*time.Millisecond), c.at(base+3*90000, t0.Add(1500*time.Millisecond), true, t0))
	require.Equal(t, 1, c.steps)
	// The camera's clock steps forward 2 s between sender reports: so do
	// capture times, and back again.
	require.Equal(t, t0.Add(4500*time.Millisecond), c.at(base+4*90000, t0.Add(4500*time.Millisecond), true, t0))
	require.Equal(t, 2*time.Second, c.step)
	require.Equal(t, t0.Add(3500*time.Millisecond), c.at(base+5*90000, t0.Add(3500*time.Millisecond), true, t0))
	require.Equal(t, -2*time.Second, c.step)
	require.Equal(t, 3, c.steps)
	require.Equal(t, ClockRTCP, c.source)
}

// TestCaptureClockLateArrival is the loaded station: packets arrive 1.5 s
// after their frames were taken, so arrival-based times run 1.5 s late until
// the camera's first sender report. From that frame on, capture times are
// the sender report's, exactly: one step back, and no run of frames frozen
// at one time while the true time catches up.
func TestCaptureClockLateArrival(t *testing.T) {
	const late = 1500 * time.Millisecond
	got, c := runCaptureClock(t, func(int) time.Duration { return late })
	require.Equal(t, 1, c.steps)
	require.InDelta(t, (-late).Seconds(), c.step.Seconds(), 1e-6)
	steady(t, got, late)
}

// TestCaptureClockLateFirstPacket: only the first packet is late (1.5 s);
// the next, 50–80 ms after its frame, shows the arrival base was late, and
// becomes it. Arrival-based times are then 50 ms late at most, and the
// switch to sender reports steps back by that much.
func TestCaptureClockLateFirstPacket(t *testing.T) {
	delay := func(i int) time.Duration {
		if i == 0 {
			return 1500 * time.Millisecond
		}
		return 50*time.Millisecond + time.Duration((i+3)%4)*10*time.Millisecond // 50 ms at frame 1
	}
	got, c := runCaptureClock(t, delay)
	require.Equal(t, 2, c.steps, "at the second frame, and at the switch")
	require.InDelta(t, -0.050, c.step.Seconds(), 1e-6)
	require.InDelta(t, 0.040-1.450, got[1].Sub(got[0]).Seconds(), 1e-6, "the second frame's step")
	steady(t, got[1:], 50*time.Millisecond)
}

const (
	clockFPS      = 25
	clockInterval = time.Second / clockFPS
	clockSRAfter  = 2 * clockFPS // the first sender report comes after 2 s
	clockFrames   = 5 * clockFPS
)

// runCaptureClock runs 5 s of 25 fps frames through a capture clock, the
// packet of frame i arriving delay(i) after it was taken, and a sender
// report coming after 2 s. Before it, capture times must be late by the
// least delay so far; from it on, the sender report's, exactly.
func runCaptureClock(t *testing.T, delay func(i int) time.Duration) ([]time.Time, *captureClock) {
	t.Helper()
	const tick = 90000 / clockFPS
	taken := time.Date(2026, 12, 6, 18, 0, 0, 250_000_000, time.UTC) // the first frame's true capture time
	rtp0 := uint32(0xfffe0000)                                       // wraps on the way
	c := newCaptureClock(90000)
	src := newSenderClock(90000)
	var got []time.Time
	least := time.Hour
	for i := range clockFrames {
		ts := rtp0 + uint32(i*tick)
		truth := taken.Add(time.Duration(i) * clockInterval)
		if i == clockSRAfter {
			sr := truth.Add(-10 * time.Millisecond)
			src.onRTCP(&rtcp.SenderReport{NTPTime: timeToNTP(sr), RTPTime: ts - 900})
		}
		ntp, ok := src.at(ts)
		at := c.at(ts, ntp, ok, truth.Add(delay(i)))
		got = append(got, at)
		least = min(least, delay(i))
		if i < clockSRAfter {
			require.InDelta(t, least.Seconds(), at.Sub(truth).Seconds(), 1e-6, "frame %d: arrival time, as late as the least delay so far", i)
			require.Equal(t, ClockArrival, c.source)
			continue
		}
		require.True(t, ok)
		require.Equal(t, ntp, at, "frame %d: the sender report's time, exactly", i)
		require.WithinDuration(t, truth, at, time.Microsecond, "frame %d", i)
		require.Equal(t, ClockRTCP, c.source)
	}
	return got, c
}

// steady checks capture times are one frame interval apart, but for the
// step back by lateBy at the switch to sender reports: no frozen run.
func steady(t *testing.T, got []time.Time, lateBy time.Duration) {
	t.Helper()
	switchAt := clockSRAfter - (clockFrames - len(got))
	for i := 1; i < len(got); i++ {
		d := got[i].Sub(got[i-1])
		if i == switchAt {
			require.InDelta(t, (clockInterval - lateBy).Seconds(), d.Seconds(), 1e-6, "the step")
			continue
		}
		require.InDelta(t, clockInterval.Seconds(), d.Seconds(), 1e-6, "frame %d is %s after the one before", i, d)
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
