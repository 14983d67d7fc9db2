package telemetry

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

func lost(u gcs.LinkUpdate) bool         { return u.Lost }
func found(u gcs.LinkUpdate) bool        { return !u.Lost && len(u.Paths) > 0 && u.Paths[0].Up }
func hbCopter() *common.MessageHeartbeat { return copterHB(ardupilotmega.COPTER_MODE_LOITER, false) }

// A silent vehicle is lost after LinkTimeout by the injected clock, and
// found again by its next heartbeat.
func TestLinkLossAndRecovery(t *testing.T) {
	clk := gcstest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}, Now: clk.Now}
	c := startStation(t, s)
	p := udpPeer(t, s, "a", 1)
	p.send(hbCopter())
	o := c.wait(t, 0, isLink("a-1", found))
	u := o.Update.(gcs.LinkUpdate)
	require.Len(t, u.Paths, 1)
	require.True(t, u.Paths[0].Active)
	require.Equal(t, "a", u.Paths[0].Link)
	require.Equal(t, clk.Now(), u.Paths[0].LastSeen)
	require.Contains(t, u.Paths[0].Remote, "127.0.0.1:")

	clk.Advance(2900 * time.Millisecond)
	time.Sleep(3 * tickPeriod) // let ticks run: nothing is lost yet
	for _, o := range c.all() {
		if u, ok := o.Update.(gcs.LinkUpdate); ok {
			require.False(t, u.Lost)
		}
	}
	n := c.len()
	clk.Advance(200 * time.Millisecond)
	o = c.wait(t, n, isLink("a-1", lost))
	require.False(t, o.Update.(gcs.LinkUpdate).Paths[0].Up)
	require.ErrorIs(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdArm}), gcs.ErrLinkLost)

	n = c.len()
	p.send(hbCopter())
	c.wait(t, n, isLink("a-1", found))
}

// Radio and LTE carry the same vehicle: one vehicle, two paths; when the
// active path goes quiet the other takes over, commands included.
func TestFailoverRedundantLinks(t *testing.T) {
	clk := gcstest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := &Station{Now: clk.Now, Links: []LinkConfig{
		{Name: "radio", URL: "udp-server:127.0.0.1:0"},
		{Name: "lte", URL: "udp-server:127.0.0.1:0", RedundantWith: "radio"},
	}}
	c := startStation(t, s)
	radio := udpPeer(t, s, "radio", 7)
	lte := udpPeer(t, s, "lte", 7)
	radio.send(hbCopter())
	c.wait(t, 0, isLink("radio-7", func(u gcs.LinkUpdate) bool { return u.Paths[0].Up && u.Paths[0].Active }))
	lte.send(hbCopter())
	c.wait(t, 0, isLink("radio-7", func(u gcs.LinkUpdate) bool { return u.Paths[1].Up && !u.Paths[1].Active }))
	require.Equal(t, map[gcs.VehicleID]bool{"radio-7": true}, c.vehicles())

	// the radio goes quiet; LTE keeps talking
	clk.Advance(2 * time.Second)
	lte.send(hbCopter())
	require.Eventually(t, func() bool { return s.Stats()["lte"].FramesIn >= 2 }, 5*time.Second, time.Millisecond)
	time.Sleep(3 * tickPeriod) // pacing: the session goroutine takes the frame before the clock moves
	n := c.len()
	clk.Advance(1500 * time.Millisecond)
	o := c.wait(t, n, isLink("radio-7", func(u gcs.LinkUpdate) bool { return !u.Paths[0].Up }))
	u := o.Update.(gcs.LinkUpdate)
	require.False(t, u.Lost)
	require.False(t, u.Paths[0].Active)
	require.True(t, u.Paths[1].Active)
	require.Equal(t, "lte", u.Paths[1].Link)

	// commands now go over LTE
	require.NoError(t, s.Execute(bg, "radio-7", gcs.Command{Kind: gcs.CmdArm}))
	require.IsType(t, &common.MessageCommandLong{}, lte.nextCmd(t))
	require.Empty(t, radio.cmds)
}

// A vehicle that comes back from another port (a restarted SITL, a NAT
// rebinding) is the same vehicle.
func TestReconnectFromNewPort(t *testing.T) {
	s := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}}
	c := startStation(t, s)
	p1 := udpPeer(t, s, "a", 3)
	p1.send(hbCopter())
	o := c.wait(t, 0, isLink("a-3", found))
	old := o.Update.(gcs.LinkUpdate).Paths[0].Remote
	p1.close()

	p2 := udpPeer(t, s, "a", 3)
	n := c.len()
	p2.send(hbCopter(), hbCopter())
	time.Sleep(20 * time.Millisecond)
	p2.send(hbCopter())
	o = c.wait(t, n, isLink("a-3", func(u gcs.LinkUpdate) bool { return u.Paths[0].Remote != old }))
	require.Equal(t, map[gcs.VehicleID]bool{"a-3": true}, c.vehicles())
	require.NoError(t, s.Execute(bg, "a-3", gcs.Command{Kind: gcs.CmdDisarm}))
	p2.nextCmd(t)
	for _, o := range c.all() {
		_, conflict := o.Update.(gcs.ConflictUpdate)
		require.False(t, conflict)
	}
}

// Two vehicles with one system id on one link: reported, not flapped.
func TestSysidConflict(t *testing.T) {
	s := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}}
	c := startStation(t, s)
	p1 := udpPeer(t, s, "a", 4)
	p2 := udpPeer(t, s, "a", 4)
	p1.send(hbCopter())
	o := c.wait(t, 0, isLink("a-4", found))
	first := o.Update.(gcs.LinkUpdate).Paths[0].Remote
	for range 4 {
		p2.send(copterHB(ardupilotmega.COPTER_MODE_RTL, false))
		time.Sleep(5 * time.Millisecond)
		p1.send(hbCopter())
		time.Sleep(5 * time.Millisecond)
	}
	o = c.wait(t, 0, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.ConflictUpdate); return ok })
	require.Contains(t, o.Update.(gcs.ConflictUpdate).Detail, "system id 4")
	for _, o := range c.all() {
		switch u := o.Update.(type) {
		case gcs.Identity:
			require.Equal(t, "LOITER", u.Mode, "the second remote's heartbeats are not taken")
		case gcs.LinkUpdate:
			require.Equal(t, first, u.Paths[0].Remote)
		}
	}

	// Orders to the id are refused: either aircraft might obey.
	err := s.Execute(bg, "a-4", gcs.Command{Kind: gcs.CmdSetMode, Mode: "GUIDED"})
	require.ErrorIs(t, err, gcs.ErrSysidConflict)
	require.ErrorContains(t, err, "system id 4")
	_, err = s.ReadParam(bg, "a-4", "WPNAV_SPEED")
	require.ErrorIs(t, err, gcs.ErrSysidConflict)
	for _, p := range []*peer{p1, p2} {
		select {
		case m := <-p.cmds:
			t.Fatalf("a peer got %T while the id was two aircraft", m)
		case m := <-p.reqs:
			t.Fatalf("a peer got %T while the id was two aircraft", m)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Console text, junk, bad checksums and truncated frames are counted, and
// the link keeps working.
func TestBadInputCounted(t *testing.T) {
	s := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}}
	c := startStation(t, s)
	conn := udpConn(t, s.Addrs()["a"])
	console := strings.Repeat("Init ArduCopter V4.5.7 (abcdef12)\nFree RAM: 123456\n", 3)
	good := encode(t, 9, hbCopter())
	badCRC := append([]byte(nil), good...)
	badCRC[len(badCRC)-1] ^= 0xff
	_, err := conn.Write([]byte(console))
	require.NoError(t, err)
	_, err = conn.Write(badCRC)
	require.NoError(t, err)
	_, err = conn.Write([]byte{0x00, 0x13, 0x37, 0xfe, 0x01})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		conn.Write(good) //nolint:errcheck
		return c.vehicles()["a-9"]
	}, 5*time.Second, 20*time.Millisecond)
	st := s.Stats()["a"]
	require.GreaterOrEqual(t, st.Junk, uint64(len(console)))
	require.GreaterOrEqual(t, st.BadCRC+st.Malformed, uint64(1))
	require.GreaterOrEqual(t, st.FramesIn, uint64(1))
}

// TestSystemIDZeroIsNotAVehicle: system id 0 is MAVLink's broadcast
// address; a heartbeat sent as it is counted and makes no vehicle.
func TestSystemIDZeroIsNotAVehicle(t *testing.T) {
	s := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}}
	c := startStation(t, s)
	conn := udpConn(t, s.Addrs()["a"])
	// gomavlib will not write as system 0: patch a frame of system 1.
	zero := encode(t, 1, hbCopter())
	require.Equal(t, byte(0xfd), zero[0])
	zero[5] = 0
	n := 10 + int(zero[1])
	crc := crcX25(zero[1:n], 50) // HEARTBEAT's CRC extra
	zero[n], zero[n+1] = byte(crc), byte(crc>>8)
	_, err := conn.Write(zero)
	require.NoError(t, err)
	_, err = conn.Write(encode(t, 3, hbCopter()))
	require.NoError(t, err)
	c.wait(t, 0, isIdentity("a-3"))
	require.Eventually(t, func() bool { return s.Stats()["a"].Sysid0 == 1 }, 5*time.Second, 5*time.Millisecond)
	require.Equal(t, map[gcs.VehicleID]bool{"a-3": true}, c.vehicles())
}

// crcX25 is MAVLink's checksum (CRC-16/MCRF4XX) of data and the
// message's CRC extra.
func crcX25(data []byte, extra byte) uint16 {
	crc := uint16(0xffff)
	for _, b := range append(append([]byte(nil), data...), extra) {
		tmp := b ^ byte(crc)
		tmp ^= tmp << 4
		crc = crc>>8 ^ uint16(tmp)<<8 ^ uint16(tmp)<<3 ^ uint16(tmp)>>4
	}
	return crc
}

// TestImpossiblePositionsAreRejectedAndCounted: a latitude of 214.7°
// (INT32_MAX degE7) is refused and counted on the vehicle, a position of
// exactly 0, 0 (no fix yet) is skipped, a true one is taken.
func TestImpossiblePositionsAreRejectedAndCounted(t *testing.T) {
	s := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}}
	c := startStation(t, s)
	p := udpPeer(t, s, "a", 2)
	p.send(hbCopter())
	c.wait(t, 0, isIdentity("a-2"))
	from := c.len()
	p.send(&common.MessageGlobalPositionInt{Lat: math.MaxInt32, Lon: -54_000_000},
		&common.MessageGlobalPositionInt{},
		&common.MessageHomePosition{Latitude: 900_000_001, Longitude: 0},
		&common.MessageGlobalPositionInt{Lat: 361_000_000, Lon: -54_000_000, RelativeAlt: 30_000})
	o := c.wait(t, from, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.GlobalPosition); return ok })
	require.Equal(t, 36.1, o.Update.(gcs.GlobalPosition).Position.Lat)
	var rejected []gcs.RejectedUpdate
	for _, o := range c.since(from) {
		switch u := o.Update.(type) {
		case gcs.RejectedUpdate:
			rejected = append(rejected, u)
		case gcs.GlobalPosition:
			require.NotZero(t, u.Position.Lat, "no position at 0, 0")
		case gcs.HomeUpdate:
			t.Fatalf("an impossible home was applied: %+v", u)
		}
	}
	require.Len(t, rejected, 2)
	require.Equal(t, uint64(2), rejected[1].Count)
	require.Contains(t, rejected[0].Last, "position 214.7483647, -5.4000000 is off the globe")
	require.Contains(t, rejected[1].Last, "home 90.0000001")
}
