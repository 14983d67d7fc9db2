package telemetry

import (
	"bytes"
	"context"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialect"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/bluenviron/gomavlib/v3/pkg/streamwriter"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// collector is a Sink that keeps every observation.
type collector struct {
	mu  sync.Mutex
	obs []gcs.Observation
}

func (c *collector) sink(o gcs.Observation) {
	c.mu.Lock()
	c.obs = append(c.obs, o)
	c.mu.Unlock()
}

func (c *collector) all() []gcs.Observation {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]gcs.Observation(nil), c.obs...)
}

// since returns the observations after the first n.
func (c *collector) since(n int) []gcs.Observation { return c.all()[n:] }

func (c *collector) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.obs)
}

// wait waits for an observation, from index from on, that satisfies match.
func (c *collector) wait(t testing.TB, from int, match func(gcs.Observation) bool) gcs.Observation {
	t.Helper()
	var found gcs.Observation
	require.Eventually(t, func() bool {
		for _, o := range c.since(from) {
			if match(o) {
				found = o
				return true
			}
		}
		return false
	}, 5*time.Second, 5*time.Millisecond)
	return found
}

// vehicles lists the ids that got an Identity.
func (c *collector) vehicles() map[gcs.VehicleID]bool {
	m := map[gcs.VehicleID]bool{}
	for _, o := range c.all() {
		if _, ok := o.Update.(gcs.Identity); ok {
			m[o.Vehicle] = true
		}
	}
	return m
}

func isIdentity(id gcs.VehicleID) func(gcs.Observation) bool {
	return func(o gcs.Observation) bool {
		_, ok := o.Update.(gcs.Identity)
		return ok && o.Vehicle == id
	}
}

func isLink(id gcs.VehicleID, pred func(gcs.LinkUpdate) bool) func(gcs.Observation) bool {
	return func(o gcs.Observation) bool {
		u, ok := o.Update.(gcs.LinkUpdate)
		return ok && o.Vehicle == id && pred(u)
	}
}

// startStation starts a station with a collector and returns both.
func startStation(t testing.TB, s *Station) *collector {
	t.Helper()
	c := &collector{}
	s.Sink = c.sink
	require.NoError(t, s.Initialize())
	t.Cleanup(s.Close)
	return c
}

// copterHB is an ArduCopter heartbeat in the given mode.
func copterHB(mode ardupilotmega.COPTER_MODE, armed bool) *common.MessageHeartbeat {
	hb := &common.MessageHeartbeat{
		Type: common.MAV_TYPE_QUADROTOR, Autopilot: common.MAV_AUTOPILOT_ARDUPILOTMEGA,
		BaseMode:     common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED,
		CustomMode:   uint32(mode),
		SystemStatus: common.MAV_STATE_STANDBY, MavlinkVersion: 3,
	}
	if armed {
		hb.BaseMode |= common.MAV_MODE_FLAG_SAFETY_ARMED
		hb.SystemStatus = common.MAV_STATE_ACTIVE
	}
	return hb
}

// reply is how a peer answers a command: an optional status text first,
// then an ACK with result (a negative result: no ACK at all).
type reply struct {
	text   string
	result int
}

// peer is a fake vehicle speaking real MAVLink through gomavlib: it sends
// what the test tells it, answers commands with COMMAND_ACK and speaks the
// parameter protocol.
type peer struct {
	node   *gomavlib.Node
	sysid  uint8
	mu     sync.Mutex
	answer func(cmd common.MAV_CMD) reply
	params map[string]float32
	cmds   chan message.Message // commands received
	gcsHB  chan *common.MessageHeartbeat
	reqs   chan message.Message // param requests received
	opened chan struct{}
	hook   atomic.Pointer[func(message.Message)] // other messages, e.g. the mission protocol
}

func newPeer(t testing.TB, ep gomavlib.EndpointConf, sysid uint8) *peer {
	t.Helper()
	p := &peer{
		sysid: sysid, params: map[string]float32{"WPNAV_SPEED": 500, "FENCE_ENABLE": 0},
		answer: func(common.MAV_CMD) reply { return reply{result: int(common.MAV_RESULT_ACCEPTED)} },
		cmds:   make(chan message.Message, 100), gcsHB: make(chan *common.MessageHeartbeat, 100),
		reqs: make(chan message.Message, 100), opened: make(chan struct{}),
	}
	p.node = &gomavlib.Node{
		Endpoints: []gomavlib.EndpointConf{ep}, Dialect: ardupilotmega.Dialect,
		OutVersion: gomavlib.V2, OutSystemID: sysid, OutComponentID: 1, HeartbeatDisable: true,
	}
	require.NoError(t, p.node.Initialize())
	t.Cleanup(p.close)
	go p.run()
	select { // writes before the channel opens are dropped
	case <-p.opened:
	case <-time.After(5 * time.Second):
		t.Fatal("peer channel did not open")
	}
	return p
}

func udpPeer(t testing.TB, s *Station, link string, sysid uint8) *peer {
	return newPeer(t, gomavlib.EndpointUDPClient{Address: s.Addrs()[link]}, sysid)
}

var closeMu sync.Mutex

func (p *peer) close() {
	closeMu.Lock()
	defer closeMu.Unlock()
	if p.node != nil {
		p.node.Close()
		p.node = nil
	}
}

func (p *peer) send(msgs ...message.Message) {
	for _, m := range msgs {
		p.node.WriteMessageAll(m) //nolint:errcheck
	}
}

func (p *peer) setAnswer(f func(common.MAV_CMD) reply) {
	p.mu.Lock()
	p.answer = f
	p.mu.Unlock()
}

func (p *peer) run() {
	opened := false
	for evt := range p.node.Events() {
		if _, ok := evt.(*gomavlib.EventChannelOpen); ok && !opened {
			opened = true
			close(p.opened)
		}
		fe, ok := evt.(*gomavlib.EventFrame)
		if !ok {
			continue
		}
		switch m := fe.Message().(type) {
		case *common.MessageHeartbeat:
			select {
			case p.gcsHB <- m:
			default:
			}
		case *common.MessageCommandLong:
			p.onCommand(m, m.Command)
		case *common.MessageCommandInt:
			p.onCommand(m, m.Command)
		case *common.MessageParamRequestRead:
			if m.ParamIndex >= 0 { // by index: a list's re-request, for the hook
				if h := p.hook.Load(); h != nil {
					(*h)(m)
				}
				continue
			}
			p.reqs <- m
			p.mu.Lock()
			v, ok := p.params[m.ParamId]
			p.mu.Unlock()
			if ok {
				p.send(&common.MessageParamValue{ParamId: m.ParamId, ParamValue: v, ParamType: common.MAV_PARAM_TYPE_REAL32, ParamCount: 2})
			}
		case *common.MessageParamSet:
			p.reqs <- m
			p.mu.Lock()
			_, ok := p.params[m.ParamId]
			if ok {
				p.params[m.ParamId] = m.ParamValue
			}
			p.mu.Unlock()
			if ok {
				p.send(&common.MessageParamValue{ParamId: m.ParamId, ParamValue: m.ParamValue, ParamType: common.MAV_PARAM_TYPE_REAL32, ParamCount: 2})
			}
		default:
			if h := p.hook.Load(); h != nil {
				(*h)(m)
			}
		}
	}
}

func (p *peer) onCommand(m message.Message, cmd common.MAV_CMD) {
	if cmd == common.MAV_CMD_REQUEST_MESSAGE || cmd == common.MAV_CMD_SET_MESSAGE_INTERVAL {
		return // discovery requests
	}
	p.cmds <- m
	p.mu.Lock()
	r := p.answer(cmd)
	p.mu.Unlock()
	if r.text != "" {
		p.send(&common.MessageStatustext{Severity: common.MAV_SEVERITY_CRITICAL, Text: r.text})
	}
	if r.result >= 0 {
		p.send(&common.MessageCommandAck{Command: cmd, Result: common.MAV_RESULT(r.result), TargetSystem: 255, TargetComponent: 190})
	}
}

// nextCmd returns the next command the peer received.
func (p *peer) nextCmd(t *testing.T) message.Message {
	t.Helper()
	select {
	case m := <-p.cmds:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("peer got no command")
		return nil
	}
}

// encode encodes messages as v2 frames from sysid/compid 1.
func encode(t testing.TB, sysid uint8, msgs ...message.Message) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw := &frame.Writer{ByteWriter: &buf, DialectRW: newDialectRW(t)}
	require.NoError(t, fw.Initialize())
	sw := &streamwriter.Writer{FrameWriter: fw, Version: streamwriter.V2, SystemID: sysid, ComponentID: 1}
	require.NoError(t, sw.Initialize())
	for _, m := range msgs {
		require.NoError(t, sw.Write(m))
	}
	return buf.Bytes()
}

// udpConn opens a raw UDP socket to a link.
func udpConn(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("udp4", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

var bg = context.Background()

func newDialectRW(tb testing.TB) *dialect.ReadWriter {
	rw, err := dialectRW()
	require.NoError(tb, err)
	return rw
}
