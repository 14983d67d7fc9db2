package sim

import (
	"bufio"
	"bytes"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialect"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/stretchr/testify/require"
)

// rx is one frame received by the test client.
type rx struct {
	from *net.UDPAddr
	sys  uint8
	comp uint8
	seq  uint8
	msg  message.Message
}

// testGCS is a hand-written ground station on a loopback UDP socket: it
// records every frame and sends frames as system 255.
type testGCS struct {
	t    *testing.T
	conn *net.UDPConn
	rw   *dialect.ReadWriter

	mu     sync.Mutex
	frames []rx
	addrs  map[uint8]*net.UDPAddr // sysid -> vehicle socket (link 0)
	seq    uint8
}

// newTestGCS listens on 127.0.0.1:0 and starts reading.
func newTestGCS(t *testing.T) *testGCS {
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	rw, err := newDialectRW()
	require.NoError(t, err)
	g := &testGCS{t: t, conn: c, rw: rw, addrs: map[uint8]*net.UDPAddr{}}
	go g.read()
	t.Cleanup(func() { c.Close() })
	return g
}

// path returns the udp path string of the client.
func (g *testGCS) path() string { return "udp:" + g.conn.LocalAddr().String() }

// read decodes datagrams until the socket closes.
func (g *testGCS) read() {
	buf := make([]byte, 2048)
	for {
		n, from, err := g.conn.ReadFromUDP(buf)
		if err != nil {
			return
		}
		r := &frame.Reader{BufByteReader: bufio.NewReader(bytes.NewReader(append([]byte(nil), buf[:n]...))), DialectRW: g.rw}
		_ = r.Initialize()
		for {
			f, err := r.Read()
			if err != nil {
				break
			}
			g.mu.Lock()
			g.frames = append(g.frames, rx{from: from, sys: f.GetSystemID(), comp: f.GetComponentID(), seq: f.GetSequenceNumber(), msg: f.GetMessage()})
			g.addrs[f.GetSystemID()] = from
			g.mu.Unlock()
		}
	}
}

// snapshot returns the frames received so far.
func (g *testGCS) snapshot() []rx {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]rx(nil), g.frames...)
}

// send writes a message from system 255 to the vehicle with system id sys.
func (g *testGCS) send(sys uint8, m message.Message) {
	g.mu.Lock()
	to := g.addrs[sys]
	seq := g.seq
	g.seq++
	g.mu.Unlock()
	require.NotNil(g.t, to, "no frame seen from system %d yet", sys)
	e, ok := (&Sim{dialect: g.rw}).encode(m)
	require.True(g.t, ok)
	_, err := g.conn.WriteToUDP(appendFrameV2(nil, seq, 255, 190, e.id, e.payload, e.crcExtra), to)
	require.NoError(g.t, err)
}

// heartbeat sends a GCS heartbeat to sys.
func (g *testGCS) heartbeat(sys uint8) {
	g.send(sys, &common.MessageHeartbeat{Type: common.MAV_TYPE_GCS, Autopilot: common.MAV_AUTOPILOT_INVALID, MavlinkVersion: 3})
}

// waitFor polls the received frames until match returns true.
func (g *testGCS) waitFor(timeout time.Duration, match func(rx) bool) (rx, bool) {
	deadline := time.Now().Add(timeout)
	seen := 0
	for time.Now().Before(deadline) {
		fr := g.snapshot()
		for _, f := range fr[seen:] {
			if match(f) {
				return f, true
			}
		}
		seen = len(fr)
		time.Sleep(5 * time.Millisecond)
	}
	return rx{}, false
}

// command sends COMMAND_LONG and waits for its COMMAND_ACK.
func (g *testGCS) command(sys uint8, cmd common.MAV_CMD, p ...float32) common.MAV_RESULT {
	var ps [7]float32
	copy(ps[:], p)
	start := len(g.snapshot())
	g.send(sys, &common.MessageCommandLong{TargetSystem: sys, TargetComponent: 1, Command: cmd,
		Param1: ps[0], Param2: ps[1], Param3: ps[2], Param4: ps[3], Param5: ps[4], Param6: ps[5], Param7: ps[6]})
	return g.waitAck(sys, cmd, start)
}

// waitAck waits for a COMMAND_ACK for cmd received after index start.
func (g *testGCS) waitAck(sys uint8, cmd common.MAV_CMD, start int) common.MAV_RESULT {
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		for _, f := range g.snapshot()[start:] {
			if a, ok := f.msg.(*common.MessageCommandAck); ok && f.sys == sys && a.Command == cmd {
				return a.Result
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	g.t.Fatalf("no COMMAND_ACK for %v from %d", cmd, sys)
	return 0
}

// startSim starts a sim with cfg and closes it at cleanup.
func startSim(t *testing.T, cfg Config) *Sim {
	s, err := New(cfg)
	require.NoError(t, err)
	require.NoError(t, s.Start())
	t.Cleanup(s.Close)
	return s
}

// waitSeen waits until the client has heard from systems 1..n.
func (g *testGCS) waitSeen(n int) {
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		g.mu.Lock()
		got := len(g.addrs)
		g.mu.Unlock()
		if got >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	g.t.Fatalf("heard from fewer than %d systems", n)
}
