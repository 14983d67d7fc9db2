package sim

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialect"
)

// Sim is a running set of simulated vehicles. Create it with New, start it
// with Start and stop it with Close.
type Sim struct {
	cfg      Config
	log      *slog.Logger
	dialect  *dialect.ReadWriter
	scen     *Scenario
	links    []*link
	vehicles []*vehicle
	start    time.Time
	stats    counters
	closed   atomic.Bool
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	cams     []*camera   // cameras, in vehicle order (camera_setup.go)
	rtsp     *rtspServer // nil without cameras
	ais      *aisTx      // nil without Config.AISAddr and Config.AISReceiver (ais.go)
}

// counters are traffic statistics, safe for concurrent use.
type counters struct {
	framesOut, bytesOut, framesIn, dropped, parseErrors atomic.Int64
}

// Stats is a snapshot of traffic counters since Start.
type Stats struct {
	FramesOut   int64 // frames sent (per path)
	BytesOut    int64 // bytes sent
	FramesIn    int64 // frames handled
	Dropped     int64 // frames lost to faults, cuts or full TCP queues
	ParseErrors int64 // unparsable input
}

// statsPtr returns the counters.
func (s *Sim) statsPtr() *counters { return &s.stats }

// Stats returns the traffic counters.
func (s *Sim) Stats() Stats {
	return Stats{FramesOut: s.stats.framesOut.Load(), BytesOut: s.stats.bytesOut.Load(),
		FramesIn: s.stats.framesIn.Load(), Dropped: s.stats.dropped.Load(), ParseErrors: s.stats.parseErrors.Load()}
}

// New validates cfg, loads the scenario and places the vehicles. Nothing
// touches the network until Start.
func New(cfg Config) (*Sim, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Sim{cfg: cfg, log: cfg.Log.With("component", "sim")}
	if s.dialect, err = newDialectRW(); err != nil {
		return nil, err
	}
	if s.scen, err = loadScenario(cfg.Scenario); err != nil {
		return nil, err
	}
	if err := s.buildLinks(); err != nil {
		return nil, err
	}
	s.placeVehicles()
	if err := s.setupCameras(); err != nil {
		return nil, err
	}
	if err := s.setupAIS(); err != nil {
		return nil, err
	}
	return s, nil
}

// loadScenario reads the scenario file or the embedded default.
func loadScenario(file string) (*Scenario, error) {
	data := DefaultScenario()
	if file != "" {
		var err error
		if data, err = os.ReadFile(file); err != nil {
			return nil, fmt.Errorf("sim: scenario: %w", err)
		}
	}
	return ParseScenario(data)
}

// buildLinks creates links, paths and vehicles in contiguous blocks.
func (s *Sim) buildLinks() error {
	n, nl := s.cfg.Vehicles, len(s.cfg.Links)
	per := (n + nl - 1) / nl
	for li, lc := range s.cfg.Links {
		l := &link{idx: li}
		for pi, ps := range lc.Paths {
			spec, err := parsePath(ps)
			if err != nil {
				return err
			}
			p := &path{link: l, index: pi, spec: spec}
			if spec.kind == pathUDP {
				if p.udpTarget, err = net.ResolveUDPAddr("udp", spec.addr); err != nil {
					return fmt.Errorf("sim: %w", err)
				}
			}
			l.paths = append(l.paths, p)
		}
		for j := 0; j < per && len(s.vehicles) < n; j++ {
			s.addVehicle(l, uint8(j+1))
		}
		s.links = append(s.links, l)
	}
	return nil
}

// addVehicle creates a vehicle on link l with system id sys.
func (s *Sim) addVehicle(l *link, sys uint8) {
	idx := len(s.vehicles)
	v := &vehicle{sim: s, index: idx, link: l, sysid: sys, plane: s.cfg.Kind == "plane",
		rng: seededRand(s.cfg.Seed, idx, 0, 99), store: newStores()}
	v.log = s.log.With("link", l.idx, "sysid", sys)
	table := copterTable
	if v.plane {
		table = planeTable
	}
	v.params = newParams(table)
	v.params.set("SYSID_THISMAV", float32(sys))
	for pi, p := range l.paths {
		v.eps = append(v.eps, &endpoint{v: v, p: p, out: seededRand(s.cfg.Seed, idx, pi, 1), in: seededRand(s.cfg.Seed, idx, pi, 2)})
	}
	l.vehicles = append(l.vehicles, v)
	l.bySys[sys] = v
	s.vehicles = append(s.vehicles, v)
}

// placeVehicles spreads vehicles over the scenario bases on a grid 4 m apart.
func (s *Sim) placeVehicles() {
	bases := s.scen.Bases
	for i, v := range s.vehicles {
		b := bases[i%len(bases)]
		k := i / len(bases)
		side := 10
		n, e := float64(k/side)*4, float64(k%side)*4
		v.baseLat, v.baseLon = offsetLatLon(b.Lat, b.Lon, n, e)
		v.baseAlt = b.Ground
	}
}

// Start opens the sockets, boots the vehicles and starts the scheduler.
func (s *Sim) Start() error {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	if err := s.startCameras(ctx); err != nil {
		s.Close()
		return err
	}
	if err := s.startTransports(ctx); err != nil {
		s.Close()
		return err
	}
	s.start = time.Now()
	for _, v := range s.vehicles {
		v.mu.Lock()
		v.boot(0)
		v.staggerStreams()
		v.mu.Unlock()
	}
	s.runCameras(ctx)
	if err := s.startAIS(ctx); err != nil {
		s.Close()
		return err
	}
	s.startShards(ctx)
	s.log.Info("started", "vehicles", len(s.vehicles), "links", len(s.links), "kind", s.cfg.Kind, "speedup", s.cfg.Speedup)
	return nil
}

// Initialize is an alias of Start, for gomavlib-style components.
func (s *Sim) Initialize() error { return s.Start() }

// staggerStreams spreads the first send of each stream over its interval
// so a fleet does not send in lockstep.
func (v *vehicle) staggerStreams() {
	for i := range v.streams.s {
		st := &v.streams.s[i]
		if st.interval > 0 {
			st.next += time.Duration(v.rng.Int63n(int64(st.interval)))
		}
	}
}

// startTransports opens every socket and listener.
func (s *Sim) startTransports(ctx context.Context) error {
	for _, l := range s.links {
		for _, p := range l.paths {
			if err := s.startPath(ctx, l, p); err != nil {
				return fmt.Errorf("sim: link %d path %d: %w", l.idx, p.index, err)
			}
		}
	}
	return nil
}

// startPath opens one path.
func (s *Sim) startPath(ctx context.Context, l *link, p *path) error {
	switch p.spec.kind {
	case pathTCPServer:
		return s.startTCPServer(ctx, p)
	case pathTCPClient:
		s.wg.Add(1)
		go s.runTCPClient(ctx, p)
		return nil
	}
	for _, v := range l.vehicles {
		if err := s.startUDP(v.eps[p.index]); err != nil {
			return err
		}
	}
	return nil
}

// Close stops the scheduler, closes every socket and waits for goroutines.
func (s *Sim) Close() {
	if s.closed.Swap(true) {
		return
	}
	if s.cancel != nil {
		s.cancel()
	}
	if s.rtsp != nil {
		s.rtsp.close()
	}
	for _, l := range s.links {
		for _, p := range l.paths {
			p.closeTCP()
		}
		for _, v := range l.vehicles {
			for _, ep := range v.eps {
				if ep.conn != nil {
					ep.conn.Close()
				}
			}
		}
	}
	s.wg.Wait()
}

// TCPAddrs returns the bound addresses of tcp-server paths, in link and
// path order (so port 0 works).
func (s *Sim) TCPAddrs() []string {
	var out []string
	for _, l := range s.links {
		for _, p := range l.paths {
			if p.ln != nil {
				out = append(out, p.ln.Addr().String())
			}
		}
	}
	return out
}

// UDPAddr returns the local address of vehicle i's socket on path p of its
// link ("" if that path is not UDP), so tests can tell vehicles apart.
func (s *Sim) UDPAddr(i, p int) string {
	v := s.vehicles[i]
	if p >= len(v.eps) || v.eps[p].conn == nil {
		return ""
	}
	return v.eps[p].conn.LocalAddr().String()
}

// Vehicles returns a snapshot of every vehicle, in index order.
func (s *Sim) Vehicles() []VehicleInfo {
	out := make([]VehicleInfo, len(s.vehicles))
	for i, v := range s.vehicles {
		out[i] = v.info()
	}
	return out
}

// SetFaults sets fault injection on a path of a link (zero Faults clears).
func (s *Sim) SetFaults(link, path int, f Faults) {
	p := s.links[link].paths[path]
	if f == (Faults{}) {
		p.faults.Store(nil)
		return
	}
	p.faults.Store(&f)
}

// CutPath silences a path in both directions for d of wall-clock time;
// d = 0 cuts it until RestorePath.
func (s *Sim) CutPath(link, path int, d time.Duration) {
	p := s.links[link].paths[path]
	if d <= 0 {
		p.cutUntil.Store(-1)
		return
	}
	p.cutUntil.Store(time.Now().Add(d).UnixNano())
}

// RestorePath ends a cut.
func (s *Sim) RestorePath(link, path int) { s.links[link].paths[path].cutUntil.Store(0) }

// Reboot restarts vehicle i: sequence numbers restart at 0, it is disarmed
// on the ground at its base and sends its boot STATUSTEXTs.
func (s *Sim) Reboot(i int) {
	v := s.vehicles[i]
	v.mu.Lock()
	defer v.mu.Unlock()
	v.reboot()
}

// reboot restarts the vehicle at its current simulated time.
func (v *vehicle) reboot() {
	v.boot(v.t)
	v.log.Info("reboot")
}

// GPSLoss makes vehicle i lose its GPS fix for d of simulated time
// (d ≤ 0: until the next reboot). A copter flying in a mode that needs a
// position then runs ArduCopter's EKF failsafe (LAND by default).
func (s *Sim) GPSLoss(i int, d time.Duration) {
	v := s.vehicles[i]
	v.mu.Lock()
	defer v.mu.Unlock()
	v.gps.lost = true
	v.gps.lostUntil = 0
	if d > 0 {
		v.gps.lostUntil = v.t + d
	}
}

// SimTime returns the simulated time elapsed since Start.
func (s *Sim) SimTime() time.Duration { return s.simNow(time.Now()) }
