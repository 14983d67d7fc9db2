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
	require.Equal(t, t0, c.at(base, time.Time{}, 0, t0))
	require.Equal(t, t0.Add(time.Second), c.at(base+90000, time.Time{}, 0, t0.Add(3*time.Second)))
	require.Equal(t, ClockArrival, c.source)
	_, untrusted := c.untrusted()
	require.False(t, untrusted, "no sender report: nothing to distrust")
	// Sender reports take over, exactly, even when that steps back.
	require.Equal(t, t0.Add(500*time.Millisecond), c.at(base+2*90000, t0.Add(500*time.Millisecond), 1, t0.Add(3*time.Second)))
	require.Equal(t, -1500*time.Millisecond, c.step)
	require.Equal(t, t0.Add(1500*time.Millisecond), c.at(base+3*90000, t0.Add(1500*time.Millisecond), 1, t0.Add(3*time.Second)))
	require.Equal(t, 1, c.steps)
	// The camera's clock drifts 200 ms between sender reports (under
	// clockJump): capture times follow it.
	require.Equal(t, t0.Add(2700*time.Millisecond), c.at(base+4*90000, t0.Add(2700*time.Millisecond), 2, t0.Add(4*time.Second)))
	require.Equal(t, 200*time.Millisecond, c.step)
	require.Equal(t, 2, c.steps)
	require.Equal(t, ClockRTCP, c.source)
	_, untrusted = c.untrusted()
	require.False(t, untrusted)
}

// TestCaptureClockLateArrival is the loaded station: packets arrive 1.5 s
// after their frames were taken, so arrival-based times run 1.5 s late until
// the camera's first sender report. From that frame on, capture times are
// the sender report's, exactly: one step back, and no run of frames frozen
// at one time while the true time catches up.
func TestCaptureClockLateArrival(t *testing.T) {
	const late = 1500 * time.Millisecond
	got, c := runCaptureClock(t, func(int) time.Duration { return late }, late)
	require.Equal(t, 1, c.steps)
	require.InDelta(t, (-late).Seconds(), c.step.Seconds(), 1e-6)
	for i := 1; i < len(got); i++ {
		want := clockInterval
		if i == clockSRAfter {
			want -= late // the step
		}
		require.InDelta(t, want.Seconds(), got[i].Sub(got[i-1]).Seconds(), 1e-6, "frame %d", i)
	}
}

// TestCaptureClockBurst: the station's reader starts 1.5 s late and takes
// the frames queued meanwhile in a burst, then each 50–80 ms after it was
// taken. Arrival times slew from 1.5 s late to 50 ms late, never less than
// half a frame interval apart; the switch to sender reports then steps back
// 50 ms only.
func TestCaptureClockBurst(t *testing.T) {
	const burst = 1500 * time.Millisecond
	delay := func(i int) time.Duration {
		taken := time.Duration(i) * clockInterval
		if taken < burst {
			return burst - taken + time.Duration(i)*100*time.Microsecond
		}
		return 50*time.Millisecond + time.Duration(i%4)*10*time.Millisecond
	}
	got, c := runCaptureClock(t, delay, 50*time.Millisecond)
	require.Equal(t, 1, c.steps)
	require.InDelta(t, -0.050, c.step.Seconds(), 1e-6)
	converged := 0
	for i := range clockSRAfter {
		if got[i].Sub(clockTaken.Add(time.Duration(i)*clockInterval)) <= 50*time.Millisecond {
			converged = i
			break
		}
	}
	t.Logf("arrival times 50 ms late from frame %d (%s)", converged, time.Duration(converged)*clockInterval)
	require.Positive(t, converged)
}

const (
	clockFPS      = 25
	clockInterval = time.Second / clockFPS
	clockSRAfter  = 4 * clockFPS // the first sender report comes after 4 s
	clockFrames   = 6 * clockFPS
)

// clockTaken is when the first frame was taken.
var clockTaken = time.Date(2026, 12, 6, 18, 0, 0, 250_000_000, time.UTC)

// runCaptureClock runs 6 s of 25 fps frames through a capture clock, the
// packet of frame i arriving delay(i) after it was taken, and a sender
// report coming after 4 s. Before it, capture times are never early, go
// forward at least half a frame interval a frame, and are lateBy late by
// the last frame; from it on, they are the sender report's, exactly.
func runCaptureClock(t *testing.T, delay func(i int) time.Duration, lateBy time.Duration) ([]time.Time, *captureClock) {
	t.Helper()
	const tick = 90000 / clockFPS
	rtp0 := uint32(0xfffe0000) // wraps on the way
	c := newCaptureClock(90000)
	src := newSenderClock(90000)
	var got []time.Time
	for i := range clockFrames {
		ts := rtp0 + uint32(i*tick)
		truth := clockTaken.Add(time.Duration(i) * clockInterval)
		if i == clockSRAfter {
			sr := truth.Add(-10 * time.Millisecond)
			src.onRTCP(&rtcp.SenderReport{NTPTime: timeToNTP(sr), RTPTime: ts - 900})
		}
		ntp, report := src.at(ts)
		at := c.at(ts, ntp, report, truth.Add(delay(i)))
		got = append(got, at)
		if i < clockSRAfter {
			require.False(t, at.Before(truth), "frame %d: arrival times are never early", i)
			if i > 0 {
				require.GreaterOrEqual(t, at.Sub(got[i-1]), clockInterval/2, "frame %d: times go forward, not frozen", i)
			}
			require.Equal(t, ClockArrival, c.source)
			continue
		}
		if i == clockSRAfter {
			require.InDelta(t, lateBy.Seconds(), got[i-1].Sub(truth.Add(-clockInterval)).Seconds(), 1e-6, "arrival times in the end")
		}
		require.NotZero(t, report)
		require.Equal(t, ntp, at, "frame %d: the sender report's time, exactly", i)
		require.WithinDuration(t, truth, at, time.Microsecond, "frame %d", i)
		require.Equal(t, ClockRTCP, c.source)
		if i > clockSRAfter {
			require.InDelta(t, clockInterval.Seconds(), at.Sub(got[i-1]).Seconds(), 1e-6, "frame %d: no frozen run", i)
		}
	}
	return got, c
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

// TestSamplerAfterStepBack: when the capture clock steps back 1.5 s (the
// switch to the camera's RTCP time), sampling goes on at the new times
// instead of pausing until they catch up with the old.
func TestSamplerAfterStepBack(t *testing.T) {
	s := sampler{interval: 200 * time.Millisecond}
	t0 := time.Now()
	var picked int
	for i := range 100 { // 4 s at 25 fps, 1.5 s back from frame 50
		at := t0.Add(time.Duration(i) * 40 * time.Millisecond)
		if i >= 50 {
			at = at.Add(-1500 * time.Millisecond)
		}
		if s.want(at) {
			picked++
		}
	}
	require.Equal(t, 20, picked)
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
