package video

import (
	"fmt"
	"testing"
	"time"

	"github.com/pion/rtcp"
	"github.com/stretchr/testify/require"
)

// trustDelay is how long after its capture each frame's packet arrives.
const trustDelay = 80 * time.Millisecond

// camRun is frames through a capture clock from a camera whose wall clock
// is off(i) ahead of the truth when it sends the sender report before frame
// i (one a second, from frame 25 on).
type camRun struct {
	times   []time.Time
	sources []string
	truth   []time.Time
	ntp     []time.Time
	c       *captureClock
}

func runCamera(frames int, off func(i int) time.Duration) camRun {
	const tick = 90000 / clockFPS
	r := camRun{c: newCaptureClock(90000)}
	src := newSenderClock(90000)
	for i := range frames {
		ts := uint32(0xfff00000) + uint32(i*tick)
		truth := clockTaken.Add(time.Duration(i) * clockInterval)
		if i >= clockFPS && i%clockFPS == 0 {
			src.onRTCP(&rtcp.SenderReport{NTPTime: timeToNTP(truth.Add(off(i))), RTPTime: ts})
		}
		ntp, report := src.at(ts)
		r.times = append(r.times, r.c.at(ts, ntp, report, truth.Add(trustDelay)))
		r.sources = append(r.sources, r.c.source)
		r.truth = append(r.truth, truth)
		r.ntp = append(r.ntp, ntp)
	}
	return r
}

// requireArrival: frame i's time is its arrival-based one (trustDelay late),
// the camera's clock not trusted.
func (r camRun) requireArrival(t *testing.T, i int) {
	t.Helper()
	require.Equal(t, ClockArrival, r.sources[i], "frame %d", i)
	require.WithinDuration(t, r.truth[i].Add(trustDelay), r.times[i], time.Millisecond, "frame %d", i)
}

// requireRTCP: frame i's time is the camera's, exactly.
func (r camRun) requireRTCP(t *testing.T, i int) {
	t.Helper()
	require.Equal(t, ClockRTCP, r.sources[i], "frame %d", i)
	require.Equal(t, r.ntp[i], r.times[i], "frame %d", i)
}

// TestCaptureClockCameraClockOff: a camera whose wall clock is wrong (no NTP:
// 1970, hours or minutes off) sends steady sender reports. Its times would
// put every frame that far from the station's clock, and every pose lookup
// would fail: capture times stay arrival times, and the clock says how far
// the camera's is off. A camera within ClockBound is trusted at its first
// sender report.
func TestCaptureClockCameraClockOff(t *testing.T) {
	epoch := time.Unix(0, 0)
	cases := []struct {
		name    string
		off     time.Duration
		trusted bool
	}{
		{"3 h behind", -3 * time.Hour, false},
		{"3h12m ahead", 3*time.Hour + 12*time.Minute, false},
		{"1970", epoch.Sub(clockTaken), false},
		{"6 s ahead", 6 * time.Second, false},
		{"6 s behind", -6 * time.Second, false},
		{"4 s behind", -4 * time.Second, true},
		{"set", 0, true},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			r := runCamera(clockFrames, func(int) time.Duration { return ca.off })
			for i := range clockFPS {
				r.requireArrival(t, i)
			}
			for i := clockFPS; i < clockFrames; i++ {
				if ca.trusted {
					r.requireRTCP(t, i)
				} else {
					r.requireArrival(t, i)
				}
			}
			off, untrusted := r.c.untrusted()
			require.Equal(t, !ca.trusted, untrusted)
			if untrusted {
				require.InDelta(t, (ca.off - trustDelay).Seconds(), off.Seconds(), 1e-3)
				require.Equal(t, 1, r.c.distrust, "one episode")
				require.Zero(t, r.c.steps, "arrival times throughout: no step")
			}
		})
	}
}

// TestCaptureClockCameraClockJumps: a trusted camera's clock steps by 2 s
// (or is set 3 h back): its times are not trusted from that report on, and
// trusted again after clockRetrust steady reports within bound. A camera
// whose clock was wrong and is then set right is trusted clockRetrust
// reports after.
func TestCaptureClockCameraClockJumps(t *testing.T) {
	const jumpAt = 3 * clockFPS // the sender report before frame 75
	const frames = 10 * clockFPS
	retrusted := jumpAt + clockRetrust*clockFPS
	cases := []struct {
		name          string
		before, after time.Duration
		retrust       bool
	}{
		{"steps 2 s ahead", 0, 2 * time.Second, true},
		{"set 3 h back", 0, -3 * time.Hour, false},
		{"set right after 3 h off", -3 * time.Hour, 0, true},
		{"set right after 1970", time.Unix(0, 0).Sub(clockTaken), 0, true},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			r := runCamera(frames, func(i int) time.Duration {
				if i >= jumpAt {
					return ca.after
				}
				return ca.before
			})
			trustedBefore := ca.before == 0
			require.Zero(t, r.c.jump, "a step is this frame's only")
			for i := clockFPS; i < jumpAt; i++ {
				if trustedBefore {
					r.requireRTCP(t, i)
				} else {
					r.requireArrival(t, i)
				}
			}
			for i := jumpAt; i < frames; i++ {
				if ca.retrust && i >= retrusted {
					r.requireRTCP(t, i)
				} else {
					r.requireArrival(t, i)
				}
			}
			_, untrusted := r.c.untrusted()
			require.Equal(t, !ca.retrust, untrusted)
			require.Equal(t, 1, r.c.distrust)
			t.Logf("%s: arrival times frames %d–%d, %d steps", ca.name, jumpAt, retrusted-1, r.c.steps)
		})
	}
}

// TestCaptureClockDriftingCamera: a camera's clock drifts 1 s a minute
// (steady between reports, under clockJump): trusted until it is
// ClockBound off, then arrival times.
func TestCaptureClockDriftingCamera(t *testing.T) {
	const frames = 6 * 60 * clockFPS // 6 min
	r := runCamera(frames, func(i int) time.Duration {
		return time.Duration(i) * clockInterval / 60
	})
	cross := -1
	for i := clockFPS; i < frames; i++ {
		if r.sources[i] == ClockArrival {
			cross = i
			break
		}
		r.requireRTCP(t, i)
	}
	require.Positive(t, cross, "distrusted in the end")
	at := time.Duration(cross) * clockInterval
	t.Logf("distrusted after %s (camera clock %s ahead at the report)", at, at/60)
	require.InDelta(t, (ClockBound+trustDelay).Seconds()*60, at.Seconds(), 2, fmt.Sprint(at))
	for i := cross; i < frames; i++ {
		r.requireArrival(t, i)
	}
}

// TestCaptureClockSlowCamera: a camera whose wall clock is 3 h off (not
// trusted) and whose RTP clock runs 200 ppm slow, for an hour: arrival
// times would fall 0.72 s early (before the frames were taken); they keep
// to the least-delayed arrival instead, within two lagWindows' drift.
func TestCaptureClockSlowCamera(t *testing.T) {
	const fps, hour = 25, 3600
	const slow = 200e-6
	c := newCaptureClock(90000)
	src := newSenderClock(90000)
	worst := time.Duration(0)
	for i := range hour * fps {
		taken := time.Duration(i) * time.Second / fps
		truth := clockTaken.Add(taken)
		ts := uint32(float64(i) * 90000 / fps * (1 - slow))
		if i%fps == 0 {
			src.onRTCP(&rtcp.SenderReport{NTPTime: timeToNTP(truth.Add(-3 * time.Hour)), RTPTime: ts})
		}
		delay := 50*time.Millisecond + time.Duration(i%7)*5*time.Millisecond
		ntp, report := src.at(ts)
		at := c.at(ts, ntp, report, truth.Add(delay))
		require.Equal(t, ClockArrival, c.source)
		if i > 60*fps { // converged
			late := at.Sub(truth)
			// Early by two windows' drift at most (12 ms), not 0.72 s.
			drift := time.Duration(2 * slow * float64(lagWindow))
			require.GreaterOrEqual(t, late, 50*time.Millisecond-drift-time.Millisecond, "frame %d (%s)", i, taken)
			require.LessOrEqual(t, late, 90*time.Millisecond, "frame %d (%s)", i, taken)
			worst = max(worst, (late - 50*time.Millisecond).Abs())
		}
	}
	t.Logf("an hour at 200 ppm slow: within %s of the least-delayed arrival", worst)
}
