package video

import (
	"sync/atomic"
	"time"

	"github.com/pion/rtcp"
)

// senderClock maps RTP time to the camera's wall clock from the newest RTCP
// sender report, read as RFC 3550 §4 says: seconds since 1900 in the high
// 32 bits, the fraction of a second in units of 2^-32 in the low 32 bits.
//
// gortsplib v4.16.2's own Client.PacketNTP reads the low 32 bits as
// nanoseconds (gortsplib issue #869), which puts a standard camera's
// capture times off by up to 3.3 s; so the station reads sender reports
// itself. Its callbacks may run on different goroutines: the mapping is
// swapped atomically.
type senderClock struct {
	rate    float64
	m       atomic.Pointer[srMapping]
	reports atomic.Uint64 // sender reports taken
}

type srMapping struct {
	rtp uint32
	ntp time.Time
	n   uint64 // the report's number: 1 for the first
}

func newSenderClock(rate int) *senderClock {
	if rate <= 0 {
		rate = 90000
	}
	return &senderClock{rate: float64(rate)}
}

// onRTCP takes a sender report of the stream's source (anything else is
// ignored).
func (c *senderClock) onRTCP(pkt rtcp.Packet) {
	sr, ok := pkt.(*rtcp.SenderReport)
	if !ok || sr.NTPTime == 0 {
		return
	}
	c.m.Store(&srMapping{rtp: sr.RTPTime, ntp: ntpToTime(sr.NTPTime), n: c.reports.Add(1)})
}

// at is the camera's wall-clock time of RTP time ts and the number of the
// sender report that mapped it (1 for the first); report 0: no sender
// report came yet.
func (c *senderClock) at(ts uint32) (t time.Time, report uint64) {
	m := c.m.Load()
	if m == nil {
		return time.Time{}, 0
	}
	d := float64(int32(ts-m.rtp)) / c.rate
	return m.ntp.Add(time.Duration(d * float64(time.Second))), m.n
}

// ntpEpochOffset is the seconds from 1900 (NTP) to 1970 (Unix).
const ntpEpochOffset = 2208988800

// ntpToTime reads a 64-bit NTP timestamp (RFC 3550 §4).
func ntpToTime(v uint64) time.Time {
	sec := int64(v>>32) - ntpEpochOffset
	frac := (v & 0xFFFFFFFF) * 1_000_000_000 >> 32
	return time.Unix(sec, int64(frac))
}
