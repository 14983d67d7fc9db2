package video

import "time"

// Clock sources a stream's capture times rest on (gcs.StreamHealth.Clock).
const (
	ClockRTCP    = "rtcp"
	ClockArrival = "arrival"
)

// captureClock turns RTP timestamps into capture times.
//
// Until the camera's first RTCP sender report it has only packet arrivals: a
// frame was taken at the base (a frame's arrival) plus the RTP time since
// that frame. The base is the first frame's arrival, late by however long
// its packet waited (0.3–2 s on a loaded station); since no frame arrives
// before it is taken, a frame that arrives before the time the base gives
// it becomes the base. Arrival times thus stay upper bounds, and tighten to
// the least-delayed packet seen.
//
// From the first sender report on, a frame was taken when the report's NTP
// wall clock says, exactly: the report is the truth, and geolocation looks
// the vehicle's pose up at that time.
//
// So capture times step, back by whatever lateness the arrival base still
// had, at the switch to sender reports (forward if the camera's clock is
// ahead of the station's), a little back when a better arrival base comes,
// and when the camera's own clock steps between sender reports. They are
// not held to keep them monotonic: a hold froze every frame after a step
// back at one wrong time, up to 2 s of frames, until true time caught up
// (wrong poses, zero frame durations). Consumers take a step as it is:
// the pose lookup, snapshots and the viewers' feed use each frame's time
// as it is; the recorder keeps the file's time steady across a step
// (record.Recorder.Write); the analysis sampler picks its next frame once
// capture time passes its next pick (after a step back, as late as under
// the old hold). Out-of-order RTP times (B-frames) are no step: the frames
// keep their own times.
//
// It belongs to the goroutine that depacketises.
type captureClock struct {
	rate    float64 // RTP clock rate, Hz
	started bool
	base    time.Time // the arrival base: the earliest arrival for its RTP time
	baseRTP int64     // its (unwrapped) RTP time
	lastRTP uint32
	unwrap  int64 // RTP time unwrapped past 32-bit overflows
	source  string

	prev    time.Time     // the previous frame's capture time
	prevRTP int64         // its (unwrapped) RTP time
	steps   int           // how often capture times stepped
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
	return &captureClock{rate: float64(rate), source: ClockArrival}
}

// at gives the capture time of a frame with RTP timestamp ts, arriving at
// arrival; ntp is the sender-report time of ts if ntpOK.
func (c *captureClock) at(ts uint32, ntp time.Time, ntpOK bool, arrival time.Time) time.Time {
	if !c.started {
		c.started, c.base, c.lastRTP, c.unwrap, c.baseRTP = true, arrival, ts, int64(ts), int64(ts)
		c.prev, c.prevRTP = arrival, int64(ts)
	}
	c.unwrap += int64(int32(ts - c.lastRTP))
	c.lastRTP = ts
	var t time.Time
	if ntpOK {
		t, c.source = ntp, ClockRTCP
	} else {
		t = c.base.Add(c.rtpDuration(c.unwrap - c.baseRTP))
		if arrival.Before(t) {
			// No frame arrives before it is taken: the base was late
			// (its packet waited longer than this one), so this frame's
			// arrival is the better base.
			t, c.base, c.baseRTP = arrival, arrival, c.unwrap
		}
	}
	// A step: not where the previous frame and the RTP time since it
	// put this one.
	if d := t.Sub(c.prev.Add(c.rtpDuration(c.unwrap - c.prevRTP))); d > stepTolerance || d < -stepTolerance {
		c.steps++
		c.step = d
	}
	c.prev, c.prevRTP = t, c.unwrap
	return t
}

// rtpDuration is n ticks of the RTP clock.
func (c *captureClock) rtpDuration(n int64) time.Duration {
	return time.Duration(float64(n) / c.rate * float64(time.Second))
}
