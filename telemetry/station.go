// Package telemetry is Skerry's MAVLink adapter: it speaks MAVLink to
// vehicles over UDP, TCP, serial links and tlog replays, decodes what they
// say into gcs observations, keeps per-vehicle sessions (heartbeats, link
// loss, redundant paths) and carries orders and parameter changes to them
// with acknowledgements and retries, implementing gcs.Uplink.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sync"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialect"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"

	"skerry/gcs"
)

// LinkConfig configures one link to vehicles.
type LinkConfig struct {
	// Name is a short URL-safe name used in vehicle ids, e.g. "radio".
	// Default "l1", "l2", ... by position.
	Name string
	// URL says where vehicles are:
	//   udp-server:127.0.0.1:14550  vehicles send to us (like QGC on 14550)
	//   udp-client:HOST:PORT        we send to a vehicle listening there
	//   tcp-client:HOST:PORT        e.g. SITL on 5760; reconnects every 2 s
	//   tcp-server:ADDR:PORT        vehicles connect to us
	//   serial:/dev/ttyUSB0:57600   a radio or autopilot on a serial port
	//   tlog:PATH[?speed=1]         replay a recording as a live link
	//                               (speed=0: as fast as possible)
	// Port 0 picks a free port; Station.Addrs tells which.
	URL string
	// RedundantWith names another link carrying the same vehicles (radio +
	// LTE): a vehicle heard on both is one vehicle with two paths, with
	// automatic failover. Its id uses the name of the group's first link.
	RedundantWith string
}

// Station is the MAVLink side of the ground station. Set the exported
// fields, call Initialize, and Close when done. Zero values of the
// optional fields mean the defaults documented on each.
type Station struct {
	// Links to listen on or connect to; at least one.
	Links []LinkConfig
	// Sink receives every decoded observation, from one goroutine. It must
	// be cheap (gcs.Fleet.Observe is a buffered channel send). Required.
	Sink func(gcs.Observation)
	// Log receives warnings and errors. Default: slog.Default().
	Log *slog.Logger
	// Now is the clock for link-loss, command and parameter deadlines and
	// observation times; it is called from several goroutines. Default
	// time.Now; tests inject a fake clock and advance it.
	Now func() time.Time
	// LinkTimeout is how long a vehicle (or one path to it) may stay silent
	// before it is lost. It is found again by its next frame. Default 3 s.
	LinkTimeout time.Duration
	// HeartbeatPeriod paces the station's own heartbeat (system 255,
	// component 190, MAV_TYPE_GCS, MAV_AUTOPILOT_INVALID) on every link,
	// which keeps the autopilots' GCS failsafe quiet. Default 1 s.
	HeartbeatPeriod time.Duration
	// CommandTimeout is how long to wait for a COMMAND_ACK or PARAM_VALUE
	// before sending again. Default 3 s (QGroundControl's
	// _mavCommandAckTimeoutMSecs).
	CommandTimeout time.Duration
	// CommandRetries is how many times a command or parameter request is
	// sent again after the first try times out. Default 3 (QGroundControl's
	// _mavCommandMaxRetryCount); negative means no retries.
	CommandRetries int
	// RecordDir, if set, receives one <link>-<time>.tlog per link with the
	// frames of both directions.
	RecordDir string
	// StreamRate is the telemetry rate in Hz asked of each vehicle when it is
	// found (REQUEST_DATA_STREAM for ArduPilot, as QGC and MAVProxy do;
	// SET_MESSAGE_INTERVAL for PX4). Default 4 Hz; negative leaves the
	// autopilot's own rates alone. EXTENDED_SYS_STATE (the landed state) is
	// asked for at 2 Hz from every vehicle either way.
	StreamRate int
	// MissionTiming: timeouts and retry budget of mission transfers.
	MissionTiming
	// ParamTiming: how reads of every parameter ask again for what is
	// missing.
	ParamTiming ParamTiming
	// AIS, if set, receives the AIS vessels that vehicles carrying an AIS
	// receiver relay as MAVLink AIS_VESSEL (id 301), on the session
	// goroutine; it must be cheap. Malformed ones are counted
	// (AISVesselStats) and not passed on. Nil ignores AIS_VESSEL.
	AIS func(gcs.AISReport)

	links      []*link
	dialectRW  *dialect.ReadWriter
	in         chan inEvent
	reqs       chan func()
	done       chan struct{}
	wg         sync.WaitGroup
	closeOnce  sync.Once
	retries    int
	fenceMem   fenceMemory       // what uploads changed, for a clear to restore (fenceio.go)
	aisVessels aisVesselCounters // AIS_VESSEL relayed by vehicles (aisvessel.go)

	// owned by the run goroutine
	vehicles  map[vkey]*vehicle
	byID      map[gcs.VehicleID]*vehicle
	cmds      map[cmdKey]*pendingCmd
	params    map[paramKey]*pendingParam
	lastTick  time.Time
	conflLog  limiter
	transfers // mission transfers (transfer.go)
}

const (
	queueSize  = 8192                  // frames waiting for the session goroutine
	tickPeriod = 50 * time.Millisecond // how often deadlines are checked against Now
)

// ErrClosed is returned by calls made after or during Close.
var ErrClosed = errors.New("telemetry station closed")

// dialectRW is the ardupilotmega dialect, prepared once per process.
var dialectRW = sync.OnceValues(func() (*dialect.ReadWriter, error) {
	rw := &dialect.ReadWriter{Dialect: ardupilotmega.Dialect}
	return rw, rw.Initialize()
})

var linkName = regexp.MustCompile(`^[A-Za-z0-9_.~]+$`)

func (s *Station) defaults() {
	if s.Log == nil {
		s.Log = slog.Default()
	}
	s.Log = s.Log.With("component", "telemetry")
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.LinkTimeout <= 0 {
		s.LinkTimeout = 3 * time.Second
	}
	if s.HeartbeatPeriod <= 0 {
		s.HeartbeatPeriod = time.Second
	}
	if s.CommandTimeout <= 0 {
		s.CommandTimeout = 3 * time.Second
	}
	switch {
	case s.CommandRetries == 0:
		s.retries = 3
	case s.CommandRetries > 0:
		s.retries = s.CommandRetries
	}
	if s.StreamRate == 0 {
		s.StreamRate = 4
	}
	s.MissionTiming.defaults()
	s.ParamTiming.defaults()
}

// Initialize opens every link and starts the station.
func (s *Station) Initialize() error {
	if len(s.Links) == 0 {
		return errors.New("telemetry: no links")
	}
	if s.Sink == nil {
		return errors.New("telemetry: no Sink")
	}
	s.defaults()
	var err error
	if s.dialectRW, err = dialectRW(); err != nil {
		return err
	}
	if err := s.planLinks(); err != nil {
		return err
	}
	s.in = make(chan inEvent, queueSize)
	s.reqs = make(chan func())
	s.done = make(chan struct{})
	s.vehicles = map[vkey]*vehicle{}
	s.byID = map[gcs.VehicleID]*vehicle{}
	s.cmds = map[cmdKey]*pendingCmd{}
	s.params = map[paramKey]*pendingParam{}
	s.xfers = map[xferKey]*transfer{}
	s.xferWake = time.NewTimer(time.Hour)
	s.xferWake.Stop()
	s.conflLog.period = 5 * time.Second
	for _, l := range s.links {
		if err := s.openLink(l); err != nil {
			s.abandon()
			return fmt.Errorf("telemetry: link %s: %w", l.name, err)
		}
	}
	s.wg.Add(1)
	go s.run()
	for _, l := range s.links {
		s.startLink(l)
	}
	return nil
}

func (s *Station) push(ev inEvent) {
	select {
	case s.in <- ev:
	default:
		ev.l.counters.dropped.Add(1)
	}
}

func (s *Station) pushWait(ev inEvent) {
	select {
	case s.in <- ev:
	case <-s.done:
	}
}

// handleQueued handles the frames already queued, so that a deadline is never
// judged on stale news: after the process was starved of CPU, the frames
// that arrived meanwhile must count before a link is declared lost or a
// transfer step timed out.
func (s *Station) handleQueued() {
	for n := len(s.in); n > 0; n-- {
		s.handle(<-s.in)
	}
}

// run is the session goroutine: it owns every vehicle, path and pending
// request.
func (s *Station) run() {
	defer s.wg.Done()
	t := time.NewTicker(tickPeriod)
	defer t.Stop()
	for {
		select {
		case ev := <-s.in:
			s.handle(ev)
		case f := <-s.reqs:
			f()
		case <-t.C:
			s.handleQueued()
			s.tick(s.Now())
		case <-s.xferWake.C:
			s.handleQueued()
			s.checkTransfers(s.Now())
		case <-s.done:
			s.failAll(ErrClosed)
			return
		}
	}
}

// do runs f on the session goroutine.
func (s *Station) do(ctx context.Context, f func()) error {
	select {
	case s.reqs <- f:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		return ErrClosed
	}
}

// Close stops every link and waits for the station's goroutines. Calls
// waiting on vehicles return ErrClosed.
func (s *Station) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.closeLinks()
		s.wg.Wait()
		for _, l := range s.links {
			if l.rec != nil {
				if err := l.rec.close(); err != nil {
					s.Log.Error("closing tlog", "link", l.name, "err", err)
				}
			}
		}
	})
}

func (s *Station) closeLinks() {
	for _, l := range s.links {
		if l.node != nil {
			l.node.Close()
		}
	}
}

// abandon undoes a failed Initialize.
func (s *Station) abandon() {
	s.closeLinks()
	for _, l := range s.links {
		if l.replay != nil {
			l.replay.f.Close()
		}
		if l.rec != nil {
			l.rec.close() //nolint:errcheck
		}
	}
}
