package videotest

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/bluenviron/gortsplib/v4/pkg/description"
	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/pion/rtp"
)

// Path is where a Server serves its stream; any other path is 404.
const Path = "/stream"

// FPS is the frame rate of a Server's stream.
const FPS = 25

// Server is an RTSP server on loopback (TCP and UDP) playing one looped
// video stream at 25 fps, with faults on demand.
type Server struct {
	// URL is the stream's address, rtsp://127.0.0.1:PORT/stream.
	URL string

	t        testing.TB
	format   format.Format
	media    *description.Media
	frame    func(i int, corrupt bool) ([]*rtp.Packet, error)
	rtspPort int
	udpPort  int

	mu     sync.Mutex
	srv    *gortsplib.Server
	stream *gortsplib.ServerStream

	quiet   atomic.Bool
	corrupt atomic.Int64
	sent    atomic.Uint64
	started time.Time
	done    chan struct{}
	wg      sync.WaitGroup
}

// start serves and sends frames until t ends.
func (s *Server) start(t testing.TB) {
	t.Helper()
	s.t = t
	s.rtspPort, s.udpPort = freePort(t), freeUDPPair(t)
	s.URL = fmt.Sprintf("rtsp://127.0.0.1:%d%s", s.rtspPort, Path)
	s.media = &description.Media{Type: description.MediaTypeVideo, Formats: []format.Format{s.format}}
	s.done = make(chan struct{})
	if err := s.open(); err != nil {
		t.Fatalf("videotest: %v", err)
	}
	s.started = time.Now()
	s.wg.Add(1)
	go s.send()
	t.Cleanup(s.close)
}

func (s *Server) open() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	srv := &gortsplib.Server{Handler: &handler{s: s},
		RTSPAddress:    fmt.Sprintf("127.0.0.1:%d", s.rtspPort),
		UDPRTPAddress:  fmt.Sprintf("127.0.0.1:%d", s.udpPort),
		UDPRTCPAddress: fmt.Sprintf("127.0.0.1:%d", s.udpPort+1)}
	var err error
	for range 50 { // the ports may still be held a moment after a restart
		if err = srv.Start(); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("rtsp server: %w", err)
	}
	st := &gortsplib.ServerStream{Server: srv, Desc: &description.Session{Medias: []*description.Media{s.media}}}
	if err := st.Initialize(); err != nil {
		srv.Close()
		return fmt.Errorf("rtsp stream: %w", err)
	}
	s.srv, s.stream = srv, st
	return nil
}

func (s *Server) shut() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stream != nil {
		s.stream.Close()
		s.srv.Close()
		s.stream, s.srv = nil, nil
	}
}

func (s *Server) close() {
	close(s.done)
	s.wg.Wait()
	s.shut()
}

// Restart stops the server (every client is disconnected), waits down,
// and serves again on the same ports.
func (s *Server) Restart(down time.Duration) {
	s.shut()
	time.Sleep(down)
	if err := s.open(); err != nil {
		s.t.Errorf("videotest: restart: %v", err)
	}
}

// Quiet stops (true) or resumes (false) sending packets; clients stay
// connected.
func (s *Server) Quiet(q bool) { s.quiet.Store(q) }

// Corrupt makes the next n frames carry corrupt data: malformed packets
// and a garbage NAL unit (H.264/H.265) or a broken JPEG header (MJPEG).
func (s *Server) Corrupt(n int) { s.corrupt.Add(int64(n)) }

// Sent counts the frames sent.
func (s *Server) Sent() uint64 { return s.sent.Load() }

// send writes one frame every 1/FPS, its RTP time from its number and its
// NTP time (for sender reports) from the server's start.
func (s *Server) send() {
	defer s.wg.Done()
	tick := time.NewTicker(time.Second / FPS)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-s.done:
			return
		case <-tick.C:
		}
		corrupt := false
		if s.corrupt.Load() > 0 {
			corrupt = s.corrupt.Add(-1) >= 0
		}
		pkts, err := s.frame(i, corrupt)
		if err != nil {
			s.t.Errorf("videotest: frame %d: %v", i, err)
			return
		}
		if s.quiet.Load() {
			continue
		}
		ts := uint32(i * s.format.ClockRate() / FPS)
		ntp := s.started.Add(time.Duration(i) * time.Second / FPS)
		s.mu.Lock()
		for _, p := range pkts {
			p.Timestamp = ts
			if s.stream != nil {
				_ = s.stream.WritePacketRTPWithNTP(s.media, p, ntp)
			}
		}
		s.mu.Unlock()
		s.sent.Add(1)
	}
}

// handler answers RTSP requests for Path; anything else is 404.
type handler struct{ s *Server }

func (h *handler) stream(path string) (*base.Response, *gortsplib.ServerStream, error) {
	h.s.mu.Lock()
	st := h.s.stream
	h.s.mu.Unlock()
	if path != Path && !strings.HasPrefix(path, Path+"/") || st == nil {
		return &base.Response{StatusCode: base.StatusNotFound}, nil, nil
	}
	return &base.Response{StatusCode: base.StatusOK}, st, nil
}

func (h *handler) OnDescribe(ctx *gortsplib.ServerHandlerOnDescribeCtx) (*base.Response, *gortsplib.ServerStream, error) {
	return h.stream(ctx.Path)
}

func (h *handler) OnSetup(ctx *gortsplib.ServerHandlerOnSetupCtx) (*base.Response, *gortsplib.ServerStream, error) {
	return h.stream(ctx.Path)
}

func (h *handler) OnPlay(*gortsplib.ServerHandlerOnPlayCtx) (*base.Response, error) {
	return &base.Response{StatusCode: base.StatusOK}, nil
}

// ClosedPort returns a loopback RTSP URL where nothing listens.
func ClosedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("videotest: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return "rtsp://" + addr + Path
}
