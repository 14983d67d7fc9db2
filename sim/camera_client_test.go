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

// crx is one frame received by camGCS, with its component id.
type crx struct {
	sys, comp uint8
	msg       message.Message
}

// camGCS is a loopback UDP ground station that, unlike testGCS, records
// the sender's component id (the camera is component 100, its gimbal 154).
type camGCS struct {
	t    *testing.T
	conn *net.UDPConn
	rw   *dialect.ReadWriter

	mu     sync.Mutex
	frames []crx
	addrs  map[uint8]*net.UDPAddr
	seq    uint8
}

// newCamGCS listens on 127.0.0.1:0 and starts reading.
func newCamGCS(t *testing.T) *camGCS {
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	rw, err := newDialectRW()
	require.NoError(t, err)
	g := &camGCS{t: t, conn: c, rw: rw, addrs: map[uint8]*net.UDPAddr{}}
	go g.read()
	t.Cleanup(func() { c.Close() })
	return g
}

// path returns the udp path string of the client.
func (g *camGCS) path() string { return "udp:" + g.conn.LocalAddr().String() }

// read decodes datagrams until the socket closes.
func (g *camGCS) read() {
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
			g.frames = append(g.frames, crx{sys: f.GetSystemID(), comp: f.GetComponentID(), msg: f.GetMessage()})
			g.addrs[f.GetSystemID()] = from
			g.mu.Unlock()
		}
	}
}

// count returns how many frames have arrived.
func (g *camGCS) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.frames)
}

// waitFor waits for a frame after index start that matches.
func (g *camGCS) waitFor(start int, timeout time.Duration, match func(crx) bool) (crx, bool) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		g.mu.Lock()
		fr := append([]crx(nil), g.frames[start:]...)
		g.mu.Unlock()
		for _, f := range fr {
			if match(f) {
				return f, true
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return crx{}, false
}

// send writes a message from system 255 component 190 to system sys.
func (g *camGCS) send(sys uint8, m message.Message) {
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

// command sends a COMMAND_LONG to (sys, comp) and returns its ACK's result
// and the component that sent the ACK.
func (g *camGCS) command(sys, comp uint8, cmd common.MAV_CMD, p ...float32) (common.MAV_RESULT, uint8) {
	var ps [7]float32
	copy(ps[:], p)
	start := g.count()
	g.send(sys, &common.MessageCommandLong{TargetSystem: sys, TargetComponent: comp, Command: cmd,
		Param1: ps[0], Param2: ps[1], Param3: ps[2], Param4: ps[3], Param5: ps[4], Param6: ps[5], Param7: ps[6]})
	f, ok := g.waitFor(start, 3*time.Second, func(f crx) bool {
		a, ok := f.msg.(*common.MessageCommandAck)
		return ok && f.sys == sys && a.Command == cmd
	})
	require.True(g.t, ok, "no COMMAND_ACK for %v", cmd)
	return f.msg.(*common.MessageCommandAck).Result, f.comp
}
