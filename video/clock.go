package video

import "time"

// Clock sources a stream's capture times rest on (gcs.StreamHealth.Clock).
const (
	ClockRTCP    = "rtcp"
	ClockArrival = "arrival"
)

// captureClock turns RTP timestamps into capture times: the camera's wall
// clock from RTCP sender reports when it sends them, otherwise the first
// packet's arrival plus RTP time. Capture times never go backwards (a
// switch from arrival to RTCP time may not move them back). It belongs to
// the goroutine that depacketises.
type captureClock struct {
	rate    float64 // RTP clock rate, Hz
	started bool
	base    time.Time // arrival of the first packet
	baseRTP int64     // its (unwrapped) RTP time
	lastRTP uint32
	unwrap  int64 // RTP time unwrapped past 32-bit overflows
	last    time.Time
	source  string
}

func newCaptureClock(rate int) *captureClock {
	if rate <= 0 {
		rate = 90000
	}
	return &captureClock{rate: float64(rate), source: ClockArrival}
}

// at gives the capture time of a frame with RTP timestamp ts, arriving
// at arrival; ntp is the sender-report time if ntpOK.
func (c *captureClock) at(ts uint32, ntp time.Time, ntpOK bool, arrival time.Time) time.Time {
	if !c.started {
		c.started, c.base, c.lastRTP, c.unwrap, c.baseRTP = true, arrival, ts, int64(ts), int64(ts)
	}
	c.unwrap += int64(int32(ts - c.lastRTP))
	c.lastRTP = ts
	var t time.Time
	if ntpOK {
		t, c.source = ntp, ClockRTCP
	} else {
		d := time.Duration(float64(c.unwrap-c.baseRTP) / c.rate * float64(time.Second))
		t = c.base.Add(d)
	}
	if t.Before(c.last) {
		t = c.last
	}
	c.last = t
	return t
}
