package ais

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"time"
)

// Listener receives AIS sentences from one source and decodes them. It is
// made by Open; Run owns its Decoder and its connection.
type Listener struct {
	spec    string
	kind    string // "udp-server" or "tcp-client"
	addr    string
	log     *slog.Logger
	dec     *Decoder
	udp     net.PacketConn
	connect atomic.Uint64
	drops   atomic.Uint64
	// Backoff bounds the delay between TCP reconnections (doubling from
	// Backoff to MaxBackoff); set before Run.
	Backoff, MaxBackoff time.Duration
}

// ListenerStats are a listener's decoder counters plus its link's.
type ListenerStats struct {
	Stats
	Connects    uint64 // TCP connections made
	Disconnects uint64 // TCP connections lost or refused
}

// Open parses spec, "udp-server:HOST:PORT" or "tcp-client:HOST:PORT", and
// for a UDP server binds the port now (so Addr is known). now stamps
// reports that carry no tag block time (time.Now when nil).
func Open(spec string, log *slog.Logger, now func() time.Time) (*Listener, error) {
	kind, addr, ok := strings.Cut(spec, ":")
	if !ok || addr == "" {
		return nil, fmt.Errorf("ais: source %q: want udp-server:HOST:PORT or tcp-client:HOST:PORT", spec)
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("ais: source %q: %w", spec, err)
	}
	l := &Listener{spec: spec, kind: kind, addr: addr, log: log.With("ais", spec), dec: NewDecoder(now),
		Backoff: 500 * time.Millisecond, MaxBackoff: 30 * time.Second}
	switch kind {
	case "udp-server":
		pc, err := net.ListenPacket("udp", addr)
		if err != nil {
			return nil, fmt.Errorf("ais: source %q: %w", spec, err)
		}
		l.udp = pc
	case "tcp-client":
	default:
		return nil, fmt.Errorf("ais: source %q: unknown kind %q", spec, kind)
	}
	return l, nil
}

// Addr is the bound UDP address, or the TCP server dialled.
func (l *Listener) Addr() string {
	if l.udp != nil {
		return l.udp.LocalAddr().String()
	}
	return l.addr
}

// Stats returns the counters so far; safe from any goroutine.
func (l *Listener) Stats() ListenerStats {
	return ListenerStats{Stats: l.dec.Stats(), Connects: l.connect.Load(), Disconnects: l.drops.Load()}
}

// Run receives until ctx is cancelled, sending each report on out, and
// returns nil then. A TCP client reconnects with backoff; bad sentences are
// counted and skipped.
func (l *Listener) Run(ctx context.Context, out chan<- Report) error {
	if l.udp != nil {
		return l.runUDP(ctx, out)
	}
	return l.runTCP(ctx, out)
}

func (l *Listener) runUDP(ctx context.Context, out chan<- Report) error {
	stop := context.AfterFunc(ctx, func() { l.udp.Close() })
	defer stop()
	defer l.udp.Close()
	buf := make([]byte, 64*1024)
	for {
		n, _, err := l.udp.ReadFrom(buf)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("ais: %s: %w", l.spec, err)
		}
		for line := range strings.Lines(string(buf[:n])) {
			if !l.line(ctx, line, out) {
				return nil
			}
		}
	}
}

func (l *Listener) runTCP(ctx context.Context, out chan<- Report) error {
	delay := l.Backoff
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", l.addr)
		if err == nil {
			l.connect.Add(1)
			l.log.Info("ais connected", "addr", l.addr)
			delay = l.Backoff
			err = l.readTCP(ctx, conn, out)
		}
		if ctx.Err() != nil {
			return nil
		}
		l.drops.Add(1)
		l.log.Warn("ais link down, reconnecting", "err", err, "in", delay)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
		delay = min(2*delay, l.MaxBackoff)
	}
}

func (l *Listener) readTCP(ctx context.Context, conn net.Conn, out chan<- Report) error {
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	defer conn.Close()
	sc := bufio.NewScanner(conn)
	sc.Buffer(make([]byte, 4096), 64*1024)
	for sc.Scan() {
		if !l.line(ctx, sc.Text(), out) {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("ais: %s: %w", l.spec, err)
	}
	return errors.New("ais: connection closed by peer")
}

// line decodes one line and delivers its report; false when ctx ended.
func (l *Listener) line(ctx context.Context, line string, out chan<- Report) bool {
	r, ok, err := l.dec.Decode(line)
	if err != nil {
		l.log.Debug("ais sentence rejected", "err", err)
	}
	if !ok {
		return true
	}
	select {
	case out <- r:
		return true
	case <-ctx.Done():
		return false
	}
}
