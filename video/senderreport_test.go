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
	_, ok := c.at(1000)
	require.False(t, ok, "no mapping before a sender report")
	c.onRTCP(&rtcp.ReceiverReport{})
	_, ok = c.at(1000)
	require.False(t, ok, "a receiver report maps nothing")
	base := uint32(4294967000)
	c.onRTCP(&rtcp.SenderReport{NTPTime: ntp, RTPTime: base})
	got, ok := c.at(base + 90000) // one second later, across the 32-bit wrap
	require.True(t, ok)
	require.WithinDuration(t, want.Add(time.Second), got, time.Microsecond)
	got, _ = c.at(base - 45000)
	require.WithinDuration(t, want.Add(-500*time.Millisecond), got, time.Microsecond)
}
