package video

import "time"

// Clock sources a stream's capture times rest on (gcs.StreamHealth.Clock).
const (
	ClockRTCP    = "rtcp"
	ClockArrival = "arrival"
)

// captureClock turns RTP timestamps into capture times. Until the camera's
// first RTCP sender report it has only the first packet's arrival: a frame
// was taken at that arrival plus the RTP time since that packet, which is
// late by however long that packet took (0.3–2 s on a loaded station). From
// the first sender report on, a frame was taken when the report's NTP wall
// clock says, exactly: the report is the truth, and geolocation looks the
// vehicle's pose up at that time.
//
// So capture times may step once, at the switch, by the first packet's
// lateness: usually back, forward if the camera's clock is ahead of the
// station's. They step again if the camera's own clock steps between
// sender reports. Capture times are not held to keep them monotonic: a
// hold froze every frame after a step back at one wrong time, up to 2 s
// of frames, until true time caught up (wrong poses, zero frame
// durations). Consumers take a step as it is: the recorder gives the
// frame before a step back the duration of the one before it
// (record.Recorder.Write), the pose lookup and the viewers' feed use each
// frame's time as it is.
//
// It belongs to the goroutine that depacketises.
type captureClock struct {
	rate    float64 // RTP clock rate, Hz
	started bool
	base    time.Time // arrival of the first packet
	baseRTP int64     // its (unwrapped) RTP time
	lastRTP uint32
	unwrap  int64 // RTP time unwrapped past 32-bit overflows
	source  string

	prev    time.Time // the previous frame's capture time
	prevRTP int64     // its (unwrapped) RTP time
	steps   int       // how often capture times stepped (a switch of source, a camera clock step)
	step    time.Duration
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
