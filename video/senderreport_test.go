package video

import (
	"testing"
	"time"

	"github.com/pion/rtcp"
	"github.com/stretchr/testify/require"
)

func TestSenderClockReadsRFC3550(t *testing.T) {
	// 2026-12-06T12:00:00.75Z: 0.75 s is 0xC0000000 in 2^-32 units.
	want := time.Date(2026, 12, 6, 12, 0, 0, 750_000_000, time.UTC)
	ntp := uint64(want.Unix()+ntpEpochOffset)<<32 | 0xC0000000
	require.True(t, ntpToTime(ntp).Equal(want), "got %v", ntpToTime(ntp))

	c := newSenderClock(90000)
	_, n := c.at(1000)
	require.Zero(t, n, "no mapping before a sender report")
	c.onRTCP(&rtcp.ReceiverReport{})
	_, n = c.at(1000)
	require.Zero(t, n, "a receiver report maps nothing")
	base := uint32(4294967000)
	c.onRTCP(&rtcp.SenderReport{NTPTime: ntp, RTPTime: base})
	got, n := c.at(base + 90000) // one second later, across the 32-bit wrap
	require.Equal(t, uint64(1), n)
	require.WithinDuration(t, want.Add(time.Second), got, time.Microsecond)
	got, _ = c.at(base - 45000)
	require.WithinDuration(t, want.Add(-500*time.Millisecond), got, time.Microsecond)
	c.onRTCP(&rtcp.SenderReport{NTPTime: ntp, RTPTime: base})
	_, n = c.at(base)
	require.Equal(t, uint64(2), n, "reports are numbered")
}
