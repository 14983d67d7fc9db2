package video

import "time"

// Clock sources a stream's capture times rest on (gcs.StreamHealth.Clock).
const (
	ClockRTCP    = "rtcp"
	ClockArrival = "arrival"
)

// ClockBound is how far a camera's wall clock (its RTCP sender reports) may
// be from the station's arrival times before it is not trusted. A camera
// whose clock is set (NTP, GPS) is off by the network and queueing delay
// only: tens to hundreds of milliseconds, up to 2 s on a loaded station.
// One without (1970, a wrong time zone, a clock set by hand) is off by
// minutes to years, and every pose lookup at its times would fail.
const ClockBound = 5 * time.Second

// clockJump is how far the camera's clock may step between sender reports
// (against the RTP time between them) before it counts as unsteady; a
// clock that keeps time drifts by microseconds between reports.
const clockJump = 250 * time.Millisecond

// clockRetrust is how many sender reports in a row, each within ClockBound
// and steady, a camera clock once not trusted needs to be trusted again.
const clockRetrust = 3

// captureClock turns RTP timestamps into capture times.
//
// It always keeps arrival times: a frame was taken at the base (a frame's
// time) plus the RTP time since that frame. The first base is the first
// frame's arrival, late by however long its packet waited (0.3–2 s on a
// loaded station, whose reader starts late and then takes the queued
// packets in a burst). No frame arrives before it is taken, so a frame that
// arrives before the time the base gives it shows the base late: times then
// slew towards the arrivals, each frame at least half its RTP interval after
// the one before. Arrival times thus stay upper bounds of the truth, go
// forward, and tighten, at half a second per second, to the least-delayed
// packet's arrival. When every frame of a lagWindow arrived after its time
// (the camera's RTP clock runs slow against the station's), they catch up
// to the least-delayed one.
//
// When the camera sends RTCP sender reports, and its clock is trusted, a
// frame was taken when the report's NTP wall clock says, exactly: the
// report is the truth, and geolocation looks the vehicle's pose up at that
// time. Its clock is trusted while its offset from the arrival times stays
// within ClockBound and it does not step by more than clockJump: from the
// first sender report if so, else, once it was not, after clockRetrust
// reports in a row that are (a camera whose clock is set right later).
// While it is not, capture times are arrival times, and offset says how far
// the camera's clock is off.
//
// At a switch between the two capture times step, once, by whatever
// lateness arrival times still had: back, or forward if the camera's clock
// is ahead of the station's. They are not held to keep them monotonic: a
// hold froze every frame after a step back at one wrong time, up to 2 s of
// frames, until true time caught up (wrong poses, zero frame durations).
//
// Consumers take a step as it is: the pose lookup, snapshots and the
// viewers' feed use each frame's time as it is; the recorder keeps the
// file's time steady across a step (record.Recorder.Write); the analysis
// sampler picks its next frame once capture time passes its next pick
// (after a step back, as late as under the old hold). Out-of-order RTP
// times (B-frames) are no step: the frames keep their own times.
//
// It belongs to the goroutine that depacketises.
type captureClock struct {
	rate    float64 // RTP clock rate, Hz
	started bool
	lastRTP uint32
	unwrap  int64 // RTP time unwrapped past 32-bit overflows

	// arrival times
	base    time.Time     // a frame's arrival-based time...
	baseRTP int64         // ...and its (unwrapped) RTP time
	arr     time.Time     // the previous frame's arrival-based time
	arrRTP  int64         // its RTP time
	window  time.Time     // when the current lag window began (an arrival)
	minLag  time.Duration // the least arrival − arrival-based time in it

	// the camera's clock
	ntp      time.Time // the previous sender-report time
	ntpRTP   int64     // its RTP time
	report   uint64    // the newest sender report judged
	trusted  bool
	good     int           // sender reports in a row within bound and steady
	need     int           // how many it takes to trust the camera's clock
	offset   time.Duration // newest camera time − arrival time
	jump     time.Duration // this frame's step of the camera's clock, if beyond clockJump
	distrust int           // how often the camera's clock lost trust

	source  string
	prev    time.Time     // the previous frame's capture time
	prevRTP int64         // its (unwrapped) RTP time
	steps   int           // how often capture times stepped (between sources, or with the camera's clock)
	step    time.Duration // the newest step (negative: back)
}

// stepTolerance is how far a frame's capture time may stray from where the
// previous frame and the RTP time between them put it before it counts as
// a step (sender reports' rounding and the camera's clock drift stay far
// below it).
const stepTolerance = time.Millisecond

func newCaptureClock(rate int) *captureClock {
	if rate <= 0 {
		rate = 90000
	}
	return &captureClock{rate: float64(rate), source: ClockArrival, need: 1}
}

// at gives the capture time of a frame with RTP timestamp ts, arriving at
// arrival; ntp is the camera's wall-clock time of ts from sender report
// number report (0: none yet).
func (c *captureClock) at(ts uint32, ntp time.Time, report uint64, arrival time.Time) time.Time {
	if !c.started {
		c.started, c.lastRTP, c.unwrap = true, ts, int64(ts)
		c.base, c.baseRTP, c.arr, c.arrRTP = arrival, int64(ts), arrival, int64(ts)
		c.prev, c.prevRTP = arrival, int64(ts)
	}
	c.unwrap += int64(int32(ts - c.lastRTP))
	c.lastRTP = ts
	t, source := c.arrivalTime(arrival), ClockArrival
	if report != 0 && c.judge(ntp, report, t) {
		t, source = ntp, ClockRTCP
	}
	// A step: from one source to the other, or with the camera's clock;
	// not where the previous frame and the RTP time since it put this one.
	if source == ClockRTCP || source != c.source {
		if d := t.Sub(c.prev.Add(c.rtpDuration(c.unwrap - c.prevRTP))); d > stepTolerance || d < -stepTolerance {
			c.steps++
			c.step = d
		}
	}
	c.source, c.prev, c.prevRTP = source, t, c.unwrap
	return t
}

// arrivalTime is the frame's arrival-based time.
func (c *captureClock) arrivalTime(arrival time.Time) time.Time {
	t := c.base.Add(c.rtpDuration(c.unwrap - c.baseRTP))
	if since := c.unwrap - c.arrRTP; arrival.Before(t) && since > 0 {
		// No frame arrives before it is taken: the base was late (its
		// packet waited longer than this one). Slew towards this frame's
		// arrival, as far as half the frame interval allows, and re-base
		// there.
		t = maxTime(arrival, c.arr.Add(c.rtpDuration(since)/2))
		c.base, c.baseRTP = t, c.unwrap
	}
	// A camera's RTP clock that runs slow puts arrival-based times ever
	// earlier (100 ppm: 0.36 s an hour), which no arrival shows; so when
	// every frame of a lagWindow arrived after its time, times catch up
	// by the least lag: the least-delayed frame's arrival, as above.
	if lag := arrival.Sub(t); c.window.IsZero() || lag < c.minLag {
		c.minLag = lag
	}
	if c.window.IsZero() {
		c.window = arrival
	} else if arrival.Sub(c.window) >= lagWindow {
		if c.minLag > 0 {
			t = t.Add(c.minLag)
			c.base, c.baseRTP = t, c.unwrap
		}
		c.window, c.minLag = arrival, arrival.Sub(t)
	}
	c.arr, c.arrRTP = t, c.unwrap
	return t
}

// lagWindow is how long every frame must arrive after its arrival-based
// time before the times catch up: long enough that a spell of network
// congestion does not move them, short enough that a slow camera's RTP
// clock moves them by milliseconds only.
const lagWindow = 30 * time.Second

// judge says whether the camera's clock is trusted at this frame: its time
// ntp, from sender report number report, against the arrival-based time arr.
func (c *captureClock) judge(ntp time.Time, report uint64, arr time.Time) bool {
	c.offset, c.jump = ntp.Sub(arr), 0
	steady := true
	if !c.ntp.IsZero() {
		d := ntp.Sub(c.ntp.Add(c.rtpDuration(c.unwrap - c.ntpRTP)))
		if steady = d <= clockJump && d >= -clockJump; !steady {
			c.jump = d
		}
	}
	c.ntp, c.ntpRTP = ntp, c.unwrap
	if !steady || c.offset > ClockBound || c.offset < -ClockBound {
		if c.trusted || c.distrust == 0 {
			c.distrust++
		}
		c.trusted, c.good, c.need, c.report = false, 0, clockRetrust, report
		return false
	}
	if report != c.report {
		c.report = report
		if c.good++; c.good >= c.need {
			c.trusted = true
		}
	}
	return c.trusted
}

// untrusted says whether the camera sends sender reports whose clock is not
// trusted, and then how far it is off from the arrival times (positive:
// ahead).
func (c *captureClock) untrusted() (time.Duration, bool) {
	if c.report == 0 || c.trusted {
		return 0, false
	}
	return c.offset, true
}

// clockHealth is what a stream's capture times rest on, for its health:
// the source, and the camera clock's offset when it is not trusted.
type clockHealth struct {
	source string
	offset time.Duration
}

// health is the clock's clockHealth now.
func (c *captureClock) health() clockHealth {
	off, _ := c.untrusted()
	return clockHealth{source: c.source, offset: off}
}

// differs says whether h is worth publishing over old: another source, or
// an offset moved by more than 100 ms (not each frame's arrival jitter).
func (h clockHealth) differs(old clockHealth) bool {
	d := h.offset - old.offset
	return h.source != old.source || d > 100*time.Millisecond || d < -100*time.Millisecond || (h.offset == 0) != (old.offset == 0)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// rtpDuration is n ticks of the RTP clock.
func (c *captureClock) rtpDuration(n int64) time.Duration {
	return time.Duration(float64(n) / c.rate * float64(time.Second))
}
