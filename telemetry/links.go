package telemetry

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/pion/transport/v2/udp"
	"go.bug.st/serial"
)

// udpReadBuffer is the kernel receive buffer asked for on UDP server links:
// a fleet of hundreds of vehicles bursts more than the default ~200 KB.
const udpReadBuffer = 4 << 20

// link is one configured link: a gomavlib node over one endpoint, or a
// tlog replay.
type link struct {
	idx       int
	name      string
	kind      string // "udp-server", "udp-client", "tcp-client", "tcp-server", "serial", "tlog"
	addr      string // address, device or path
	query     url.Values
	group     int // index of the first link of its redundancy group
	pathIdx   int // position of this link's path within a vehicle of that group
	groupName string

	node     *gomavlib.Node
	replay   *replayer
	rec      *recorder
	counters counters
	errLog   limiter

	mu    sync.Mutex
	local string // bound or connected local address
}

// setLocal records the local address once known.
func (l *link) setLocal(a net.Addr) {
	if a == nil {
		return
	}
	l.mu.Lock()
	l.local = a.String()
	l.mu.Unlock()
}

// parseLinkURL splits "kind:rest[?query]".
func parseLinkURL(raw string) (kind, addr string, q url.Values, err error) {
	kind, rest, ok := strings.Cut(raw, ":")
	if !ok || rest == "" {
		return "", "", nil, fmt.Errorf("link URL %q: want kind:address", raw)
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		q, err = url.ParseQuery(rest[i+1:])
		if err != nil {
			return "", "", nil, fmt.Errorf("link URL %q: %w", raw, err)
		}
		rest = rest[:i]
	}
	switch kind {
	case "udp-server", "udp-client", "tcp-client", "tcp-server", "serial", "tlog":
	default:
		return "", "", nil, fmt.Errorf("link URL %q: unknown kind %q", raw, kind)
	}
	return kind, rest, q, nil
}

// endpoint builds the gomavlib endpoint of a network or serial link,
// listening (for servers) right away so the bound port is known.
func (s *Station) endpoint(l *link) (gomavlib.EndpointConf, error) {
	switch l.kind {
	case "udp-server":
		ua, err := net.ResolveUDPAddr("udp4", l.addr)
		if err != nil {
			return nil, err
		}
		ln, err := (&udp.ListenConfig{ReadBufferSize: udpReadBuffer}).Listen("udp4", ua)
		if err != nil {
			return nil, err
		}
		return s.serverEndpoint(l, ln, "udp"), nil
	case "tcp-server":
		ln, err := net.Listen("tcp4", l.addr)
		if err != nil {
			return nil, err
		}
		return s.serverEndpoint(l, ln, "tcp"), nil
	case "udp-client", "tcp-client":
		network := l.kind[:3] + "4"
		return gomavlib.EndpointCustomClient{Label: l.kind[:3] + ":" + l.addr, Connect: func(ctx context.Context) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, l.addr)
			if err != nil {
				return nil, err
			}
			l.setLocal(c.LocalAddr())
			return &linkConn{Conn: c, s: s, l: l}, nil
		}}, nil
	case "serial":
		i := strings.LastIndexByte(l.addr, ':')
		if i < 0 {
			return nil, fmt.Errorf("serial link %q: want DEVICE:BAUD", l.addr)
		}
		dev := l.addr[:i]
		baud, err := strconv.Atoi(l.addr[i+1:])
		if err != nil {
			return nil, fmt.Errorf("serial link %q: %w", l.addr, err)
		}
		l.local = dev
		return gomavlib.EndpointCustomClient{Label: "serial:" + dev, Connect: func(context.Context) (net.Conn, error) {
			p, err := serial.Open(dev, &serial.Mode{BaudRate: baud})
			if err != nil {
				return nil, err
			}
			return &linkConn{Conn: serialConn{p}, s: s, l: l}, nil
		}}, nil
	}
	return nil, fmt.Errorf("link %s: kind %q has no endpoint", l.name, l.kind)
}

func (s *Station) serverEndpoint(l *link, ln net.Listener, label string) gomavlib.EndpointConf {
	l.setLocal(ln.Addr())
	return gomavlib.EndpointCustomServer{Label: label, Listen: func() (net.Listener, error) {
		return &linkListener{Listener: ln, s: s, l: l}, nil
	}}
}

// linkListener wraps accepted connections in linkConn.
type linkListener struct {
	net.Listener
	s *Station
	l *link
}

func (ll *linkListener) Accept() (net.Conn, error) {
	c, err := ll.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &linkConn{Conn: c, s: ll.s, l: ll.l}, nil
}

// linkConn counts and records what the station writes: gomavlib's frame
// writer writes exactly one frame per Write.
type linkConn struct {
	net.Conn
	s *Station
	l *link
}

func (c *linkConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if err == nil {
		c.l.counters.out.Add(1)
		if c.l.rec != nil {
			c.l.rec.writeRaw(c.s.Now(), p)
		}
	}
	return n, err
}

// serialConn adapts a serial port to net.Conn for gomavlib's custom client.
type serialConn struct{ io.ReadWriteCloser }

func (serialConn) LocalAddr() net.Addr              { return nil }
func (serialConn) RemoteAddr() net.Addr             { return nil }
func (serialConn) SetDeadline(time.Time) error      { return nil }
func (serialConn) SetReadDeadline(time.Time) error  { return nil }
func (serialConn) SetWriteDeadline(time.Time) error { return nil }

// Describe says for each link what it is and where it stands, for a
// start-up banner: "udp-server 0.0.0.0:14550", "tcp-client to
// 10.0.0.5:5760 (connecting)" until the connection is made, then "tcp-client
// to 10.0.0.5:5760 from 127.0.0.1:40312".
func (s *Station) Describe() map[string]string {
	m := make(map[string]string, len(s.links))
	for _, l := range s.links {
		l.mu.Lock()
		local := l.local
		l.mu.Unlock()
		m[l.name] = describeLink(l.kind, l.addr, local)
	}
	return m
}

// describeLink is one line of Describe.
func describeLink(kind, target, local string) string {
	switch kind {
	case "tcp-client", "udp-client":
		if local == "" {
			return fmt.Sprintf("%s to %s (connecting)", kind, target)
		}
		return fmt.Sprintf("%s to %s from %s", kind, target, local)
	}
	if local == "" {
		local = target
	}
	return kind + " " + local
}

// Addrs returns each link's local address: the bound address of server
// links (port 0 resolved), the local end of connected clients, the device
// or file of serial and tlog links.
func (s *Station) Addrs() map[string]string {
	m := make(map[string]string, len(s.links))
	for _, l := range s.links {
		l.mu.Lock()
		m[l.name] = l.local
		l.mu.Unlock()
	}
	return m
}
