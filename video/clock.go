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
// frame was taken at the base (a frame's time) plus the RTP time since that
// frame. The first base is the first frame's arrival, late by however long
// its packet waited (0.3–2 s on a loaded station, whose reader starts late
// and then takes the queued packets in a burst). No frame arrives before it
// is taken, so a frame that arrives before the time the base gives it shows
// the base late: times then slew towards the arrivals, each frame at least
// half its RTP interval after the one before. Arrival times thus stay upper
// bounds of the truth, go forward, and tighten, at half a second per second,
// to the least-delayed packet's arrival.
//
// From the first sender report on, a frame was taken when the report's NTP
// wall clock says, exactly: the report is the truth, and geolocation looks
// the vehicle's pose up at that time. At that switch capture times step, once,
// by whatever lateness arrival times still had: back, or forward if the
// camera's clock is ahead of the station's. They step again if the camera's
// own clock steps between sender reports. They are not held to keep them
// monotonic: a hold froze every frame after a step back at one wrong time,
// up to 2 s of frames, until true time caught up (wrong poses, zero frame
// durations).
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
	base    time.Time // before sender reports: a frame's capture time...
	baseRTP int64     // ...and its (unwrapped) RTP time
	lastRTP uint32
	unwrap  int64 // RTP time unwrapped past 32-bit overflows
	source  string

	prev    time.Time     // the previous frame's capture time
	prevRTP int64         // its (unwrapped) RTP time
	steps   int           // how often capture times stepped (to or between sender reports)
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
		// A step: not where the previous frame and the RTP time since
		// it put this one.
		if d := t.Sub(c.prev.Add(c.rtpDuration(c.unwrap - c.prevRTP))); d > stepTolerance || d < -stepTolerance {
			c.steps++
			c.step = d
		}
	} else {
		t = c.base.Add(c.rtpDuration(c.unwrap - c.baseRTP))
		if since := c.unwrap - c.prevRTP; arrival.Before(t) && since > 0 {
			// No frame arrives before it is taken: the base was late
			// (its packet waited longer than this one). Slew towards
			// this frame's arrival, as far as half the frame interval
			// allows, and re-base there.
			t = maxTime(arrival, c.prev.Add(c.rtpDuration(since)/2))
			c.base, c.baseRTP = t, c.unwrap
		}
	}
	c.prev, c.prevRTP = t, c.unwrap
	return t
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
