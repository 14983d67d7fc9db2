package sim

import (
	"bufio"
	"net"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/stretchr/testify/require"
)

func TestTCPServerMultiplexesVehicles(t *testing.T) {
	s := startSim(t, Config{Vehicles: 3, Links: []LinkConfig{{Paths: []string{"tcp-server:127.0.0.1:0"}}}, Speedup: 10})
	addrs := s.TCPAddrs()
	require.Len(t, addrs, 1)
	c, err := net.Dial("tcp", addrs[0])
	require.NoError(t, err)
	defer c.Close()
	rw, err := newDialectRW()
	require.NoError(t, err)
	// command system 2 only
	e, _ := s.encode(&common.MessageCommandLong{TargetSystem: 2, TargetComponent: 1, Command: common.MAV_CMD_REQUEST_MESSAGE, Param1: 148})
	_, err = c.Write(appendFrameV2(nil, 0, 255, 190, e.id, e.payload, e.crcExtra))
	require.NoError(t, err)
	r := &frame.Reader{BufByteReader: bufio.NewReader(c), DialectRW: rw}
	require.NoError(t, r.Initialize())
	seen := map[uint8]bool{}
	acks := map[uint8]bool{}
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	for len(seen) < 3 || len(acks) == 0 {
		f, err := r.Read()
		require.NoError(t, err)
		if _, ok := f.GetMessage().(*common.MessageHeartbeat); ok {
			seen[f.GetSystemID()] = true
		}
		if _, ok := f.GetMessage().(*common.MessageCommandAck); ok {
			acks[f.GetSystemID()] = true
		}
	}
	require.Equal(t, map[uint8]bool{2: true}, acks)
}

func TestTCPClientReconnects(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	startSim(t, Config{Vehicles: 2, Links: []LinkConfig{{Paths: []string{"tcp:" + ln.Addr().String()}}}, Speedup: 10})
	for range 2 {
		c, err := ln.Accept()
		require.NoError(t, err)
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 64)
		n, err := c.Read(buf)
		require.NoError(t, err)
		require.Equal(t, byte(0xFD), buf[0], "MAVLink 2 frames (%d bytes)", n)
		c.Close()
	}
}
