package sim

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/frame"
)

// udpConn is a vehicle's own UDP socket on a udp path.
type udpConn = *net.UDPConn

// link is one LinkConfig: a block of vehicles and the paths carrying them.
type link struct {
	idx      int
	paths    []*path
	vehicles []*vehicle
	bySys    [256]*vehicle
}

// path is one transport path of a link. Fault settings are atomics so
// SetFaults and CutPath need no lock; conns is guarded by mu.
type path struct {
	link      *link
	index     int
	spec      pathSpec
	udpTarget *net.UDPAddr
	faults    atomic.Pointer[Faults]
	cutUntil  atomic.Int64 // unix ns; 0 = not cut, -1 = until restored
	ln        net.Listener

	mu    sync.Mutex
	conns map[*tcpConn]struct{}
}

// tcpQueue is the per-connection outbound queue length in frames; a
// connection that cannot keep up loses frames (counted) rather than stalling
// the simulation.
const tcpQueue = 4096

// tcpConn is one TCP connection of a tcp-server or tcp path.
type tcpConn struct {
	c   net.Conn
	out chan []byte
}

// addConn registers an established TCP connection and starts its goroutines.
func (s *Sim) addConn(ctx context.Context, p *path, c net.Conn) *tcpConn {
	tc := &tcpConn{c: c, out: make(chan []byte, tcpQueue)}
	p.mu.Lock()
	if p.conns == nil {
		p.conns = map[*tcpConn]struct{}{}
	}
	p.conns[tc] = struct{}{}
	p.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		tc.writeLoop(ctx)
	}()
	return tc
}

// removeConn unregisters and closes a connection.
func (p *path) removeConn(tc *tcpConn) {
	p.mu.Lock()
	delete(p.conns, tc)
	p.mu.Unlock()
	tc.c.Close()
}

// broadcast queues a copy of frame b on every connection of the path.
func (p *path) broadcast(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.conns) == 0 {
		return
	}
	c := append([]byte(nil), b...)
	for tc := range p.conns {
		select {
		case tc.out <- c:
		default:
			p.link.stats().dropped.Add(1)
		}
	}
}

// stats returns the owning sim's counters.
func (l *link) stats() *counters { return l.vehicles[0].sim.statsPtr() }

// writeLoop writes queued frames, batching whatever is queued into one flush.
func (tc *tcpConn) writeLoop(ctx context.Context) {
	w := bufio.NewWriterSize(tc.c, 32*1024)
	for {
		select {
		case <-ctx.Done():
			return
		case b := <-tc.out:
			w.Write(b)
		drain:
			for {
				select {
				case b = <-tc.out:
					w.Write(b)
				default:
					break drain
				}
			}
			if err := w.Flush(); err != nil {
				tc.c.Close()
				return
			}
		}
	}
}

// readFrames reads MAVLink frames from r until it fails, calling fn for
// each; parse errors are counted, never fatal (SITL consoles print text).
func (s *Sim) readFrames(r io.Reader, fn func(frame.Frame)) {
	fr := &frame.Reader{BufByteReader: bufio.NewReaderSize(r, 2048), DialectRW: s.dialect}
	if err := fr.Initialize(); err != nil {
		return
	}
	for {
		f, err := fr.Read()
		if err != nil {
			var re frame.ReadError
			if errors.As(err, &re) {
				s.stats.parseErrors.Add(1)
				continue
			}
			return
		}
		fn(f)
	}
}

// startUDP opens the vehicle's socket on a udp path and its reader.
func (s *Sim) startUDP(ep *endpoint) error {
	c, err := net.ListenUDP("udp", localBindFor(ep.p.udpTarget))
	if err != nil {
		return err
	}
	_ = c.SetReadBuffer(64 * 1024)
	ep.conn = c
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.readFrames(c, func(f frame.Frame) { ep.v.receive(ep, f) })
	}()
	return nil
}

// startTCPServer listens and serves every accepted connection.
func (s *Sim) startTCPServer(ctx context.Context, p *path) error {
	ln, err := net.Listen("tcp", p.spec.addr)
	if err != nil {
		return err
	}
	p.ln = ln
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.serveConn(ctx, p, c)
		}
	}()
	return nil
}

// serveConn registers c and reads from it in a goroutine until it closes.
func (s *Sim) serveConn(ctx context.Context, p *path, c net.Conn) {
	tc := s.addConn(ctx, p, c)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer p.removeConn(tc)
		s.readFrames(c, func(f frame.Frame) { p.dispatch(f) })
	}()
}

// runTCPClient keeps a client connection up, redialling once a second.
func (s *Sim) runTCPClient(ctx context.Context, p *path) {
	defer s.wg.Done()
	d := net.Dialer{Timeout: 2 * time.Second}
	for ctx.Err() == nil {
		c, err := d.DialContext(ctx, "tcp", p.spec.addr)
		if err == nil {
			tc := s.addConn(ctx, p, c)
			s.readFrames(c, func(f frame.Frame) { p.dispatch(f) })
			p.removeConn(tc)
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// dispatch delivers a frame from a multiplexed TCP path to the vehicle it
// targets, or to every vehicle of the link for untargeted messages.
func (p *path) dispatch(f frame.Frame) {
	if sys, ok := targetSystem(f.GetMessage()); ok && sys != 0 {
		if v := p.link.bySys[sys]; v != nil {
			v.receive(v.eps[p.index], f)
		}
		return
	}
	for _, v := range p.link.vehicles {
		v.receive(v.eps[p.index], f)
	}
}

// closeTCP closes listeners and connections of a path.
func (p *path) closeTCP() {
	if p.ln != nil {
		p.ln.Close()
	}
	p.mu.Lock()
	for tc := range p.conns {
		tc.c.Close()
	}
	p.mu.Unlock()
}
