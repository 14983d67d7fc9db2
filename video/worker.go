package video

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/pion/rtp"
)

// errStalled: the stream sent no packet for StallTimeout.
var errStalled = errors.New("stalled")

// worker pulls one stream over RTSP. Run makes one connection and plays
// it until it fails; the stream's supervisor restarts it.
type worker struct {
	s *stream
}

// Run connects, plays and hands the frames to the stream's hub until ctx
// ends (nil) or the connection fails (the reason).
func (w *worker) Run(ctx context.Context) error {
	s := w.s
	u, err := parseURI(s.uri)
	if err != nil {
		return err
	}
	c := &gortsplib.Client{Scheme: u.Scheme, Host: u.Host, Transport: transport(s.m.Transport)}
	tr := &transportSeen{name: s.m.Transport}
	c.OnResponse = tr.onResponse
	c.OnTransportSwitch = func(error) { tr.set("tcp") }
	c.OnPacketsLost = func(lost uint64) { s.cnt.gaps.Add(lost) }
	c.OnDecodeError = func(error) { s.cnt.decodeErrors.Add(1) }
	if err := c.Start2(); err != nil {
		return err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, c.Close)
	defer stop()

	desc, _, err := c.Describe(u)
	if err != nil {
		return err
	}
	medi, forma, codec, dep, err := pickVideo(desc)
	if err != nil {
		return err
	}
	if _, err := c.Setup(desc.BaseURL, medi, 0, 0); err != nil {
		return err
	}
	session := s.session.Add(1)
	clk := newCaptureClock(forma.ClockRate())
	src := newSenderClock(forma.ClockRate())
	c.OnPacketRTCP(medi, src.onRTCP)
	var first uint32
	var started bool
	shown := clockHealth{source: ClockArrival}
	warned := 0
	c.OnPacketRTP(medi, forma, func(pkt *rtp.Packet) {
		now := time.Now()
		s.lastPkt.Store(now.UnixNano())
		s.cnt.bytes.Add(uint64(len(pkt.Payload) + 12))
		data, key, err := dep.decode(pkt)
		if err != nil {
			s.cnt.decodeErrors.Add(1)
			return
		}
		if data == nil {
			return
		}
		ntp, report := src.at(pkt.Timestamp)
		captured := clk.at(pkt.Timestamp, ntp, report, now)
		if ch := clk.health(); ch.differs(shown) {
			if ch.source == ClockRTCP && s.clockBad.Swap(false) {
				s.m.Log.Info("camera clock trusted again", "vehicle", s.vehicle, "stream", s.key, "offset", clk.offset.Round(time.Millisecond))
			}
			shown = ch
			s.clock.Store(&ch)
		}
		if clk.distrust > warned {
			warned = clk.distrust
			w.warnClock(clk)
		}
		if !started {
			started, first = true, pkt.Timestamp
		}
		width, height := dep.size()
		un := unit{codec: codec, data: data, key: key, received: now,
			captured: captured,
			pts:      time.Duration(float64(int32(pkt.Timestamp-first)) / float64(forma.ClockRate()) * float64(time.Second)),
			width:    width, height: height, session: session}
		select {
		case s.units <- un:
		default:
			s.cnt.dropped.Add(1)
		}
	})
	s.clock.Store(nil)
	if _, err := c.Play(nil); err != nil {
		return err
	}
	s.lastPkt.Store(time.Now().UnixNano())
	s.setStatus(status{State: "playing", Transport: tr.get(), Codec: codec})
	return w.watch(ctx, c, tr, codec)
}

// warnClock logs a camera clock that lost trust: capture times rest on
// packet arrival from now on, until it is steady within ClockBound again.
// It warns once until the clock is trusted again, not at each reconnection.
func (w *worker) warnClock(clk *captureClock) {
	args := []any{"vehicle", w.s.vehicle, "stream", w.s.key, "offset", clk.offset.Round(time.Millisecond), "bound", ClockBound}
	if clk.jump != 0 {
		args = append(args, "jump", clk.jump.Round(time.Millisecond))
	}
	const msg = "camera clock not trusted: capture times from packet arrival"
	if w.s.clockBad.Swap(true) {
		w.s.m.Log.Debug(msg, args...)
		return
	}
	w.s.m.Log.Warn(msg, args...)
}

// watch waits for the connection to end, reconnecting a stalled stream.
func (w *worker) watch(ctx context.Context, c *gortsplib.Client, tr *transportSeen, codec string) error {
	s := w.s
	failed := make(chan error, 1)
	go func() { failed <- c.Wait() }()
	tick := time.NewTicker(s.m.StallTimeout / 4)
	defer tick.Stop()
	stalled := false
	for {
		select {
		case err := <-failed:
			if ctx.Err() != nil {
				return nil
			}
			return err
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		quiet := time.Since(time.Unix(0, s.lastPkt.Load()))
		st := s.st.Load()
		switch {
		case quiet >= s.m.StallTimeout:
			return fmt.Errorf("%w: no packets for %s", errStalled, quiet.Round(100*time.Millisecond))
		case quiet >= s.m.StallTimeout/2 && !stalled:
			stalled = true
			s.setStatus(status{State: "stalled", Error: fmt.Sprintf("no packets for %s", quiet.Round(100*time.Millisecond)), Transport: tr.get(), Codec: codec})
		case quiet < s.m.StallTimeout/2 && (stalled || st.Transport != tr.get()):
			stalled = false
			s.setStatus(status{State: "playing", Transport: tr.get(), Codec: codec})
		}
	}
}

// parseURI accepts rtsp:// and rtsps:// URIs only.
func parseURI(uri string) (*base.URL, error) {
	scheme, _, _ := strings.Cut(uri, "://")
	if scheme = strings.ToLower(scheme); scheme != "rtsp" && scheme != "rtsps" {
		return nil, permanent(fmt.Errorf("unsupported address %q: only rtsp:// and rtsps:// streams are ingested", redact(uri)))
	}
	u, err := base.ParseURL(uri)
	if err != nil {
		return nil, permanent(fmt.Errorf("bad address %q: %w", redact(uri), err))
	}
	return u, nil
}

func transport(name string) *gortsplib.Transport {
	var t gortsplib.Transport
	switch name {
	case TransportUDP:
		t = gortsplib.TransportUDP
	case TransportTCP:
		t = gortsplib.TransportTCP
	default:
		return nil
	}
	return &t
}
