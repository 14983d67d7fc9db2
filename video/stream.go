package video

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"skerry/gcs"
)

// unit is one frame as the RTSP callback hands it to the stream's hub.
type unit struct {
	codec    string
	data     []byte
	key      bool
	captured time.Time
	received time.Time
	pts      time.Duration // RTP time since the session's first frame
	width    int           // from the SPS or JPEG header; 0 unknown
	height   int
	session  uint64 // which connection: a new one restarts decoding
	seq      uint64 // set by the hub
}

// counters are a stream's figures, written by the goroutine that sees
// the event and read by the hub for health.
type counters struct {
	frames, bytes, gaps, decodeErrors, restarts atomic.Uint64
	sampled, skipped, dropped                   atomic.Uint64
}

// status is the connection's state as its worker last set it; values are
// never modified once stored.
type status struct {
	State     string
	Error     string
	Transport string
	Codec     string
}

// stream is one watched video stream: its supervised RTSP worker, its hub
// (fan-out, recording, health), its decoder and its analysis mailbox.
type stream struct {
	m       *Manager
	vehicle gcs.VehicleID
	key     string
	uri     string

	cnt      counters
	st       atomic.Pointer[status]
	clock    atomic.Pointer[clockHealth] // what capture times rest on; nil: arrival
	clockBad atomic.Bool                 // the camera's clock was not trusted, and that was logged
	decName  atomic.Pointer[string]
	lastPkt  atomic.Int64 // unix ns of the newest packet
	snapshot atomic.Pointer[Frame]
	size     atomic.Uint64 // decoded width<<32 | height
	session  atomic.Uint64

	units   chan unit                   // callback → hub
	decq    chan unit                   // hub → decoder
	reqs    chan func(*hubState)        // run by the hub
	changed chan struct{}               // a status change: report now
	mail    *mailbox                    // decoder → analysis
	reports chan gcs.StreamHealthUpdate // hub → reporter, newest wins

	cancel context.CancelFunc
	done   chan struct{} // closed when the hub ends
	wg     sync.WaitGroup
}

// startStream starts a stream's goroutines; stop ends them.
func (m *Manager) startStream(id gcs.VehicleID, key, uri string) *stream {
	s := &stream{m: m, vehicle: id, key: key, uri: uri,
		units: make(chan unit, m.Queue), decq: make(chan unit, m.Queue),
		reqs: make(chan func(*hubState)), changed: make(chan struct{}, 1),
		mail: newMailbox(), reports: make(chan gcs.StreamHealthUpdate, 1),
		done: make(chan struct{})}
	s.st.Store(&status{State: "connecting"})
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.wg.Add(4)
	go func() { defer s.wg.Done(); s.supervise(ctx) }()
	go func() { defer s.wg.Done(); s.hub(ctx) }()
	go func() { defer s.wg.Done(); s.decodeLoop(ctx) }()
	go func() { defer s.wg.Done(); s.report(ctx) }()
	if m.analyzing() {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.analyze(ctx) }()
	}
	m.Log.Info("stream started", "vehicle", id, "stream", key, "uri", redact(uri))
	return s
}

// stop ends the stream and waits for its goroutines.
func (s *stream) stop() {
	s.cancel()
	s.wg.Wait()
	st := s.st.Load()
	s.m.Sink(gcs.Observation{Vehicle: s.vehicle, Update: gcs.StreamHealthUpdate{Key: s.key,
		Health: gcs.StreamHealth{State: "stopped", Error: st.Error, Frames: s.cnt.frames.Load(), Restarts: s.cnt.restarts.Load()}}})
	s.m.Log.Info("stream stopped", "vehicle", s.vehicle, "stream", s.key)
}

// setStatus stores the worker's state and asks the hub to report it.
func (s *stream) setStatus(st status) {
	s.st.Store(&st)
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// do runs f on the hub's goroutine; false when the stream has ended.
func (s *stream) do(ctx context.Context, f func(h *hubState)) bool {
	ran := make(chan struct{})
	select {
	case s.reqs <- func(h *hubState) { f(h); close(ran) }:
	case <-s.done:
		return false
	case <-ctx.Done():
		return false
	}
	<-ran
	return true
}

// analyze hands the mailbox's pictures to Analyze and vessel detection,
// newest first.
func (s *stream) analyze(ctx context.Context) {
	a := s.m.newAnalyst(s.vehicle, s.key)
	for {
		f, ok := s.mail.take(ctx)
		if !ok {
			return
		}
		a.analyze(ctx, f)
	}
}

// report hands health to the sink, newest first, so a slow sink never
// holds the hub.
func (s *stream) report(ctx context.Context) {
	for {
		select {
		case u := <-s.reports:
			s.m.Sink(gcs.Observation{Vehicle: s.vehicle, Update: u})
		case <-ctx.Done():
			return
		}
	}
}
