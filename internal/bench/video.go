package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"skerry/sim"
	"slices"
	"sync"
	"time"

	"skerry/gcs"
	"skerry/internal/station"
	"skerry/sim/scene"
	"skerry/telemetry"
	"skerry/video"
)

// VideoConfig sets up a video benchmark: a simulator process whose Streams
// vehicles carry 720p25 H.264 cameras, against a station in this process
// that ingests them all, decodes SampleFPS frames a second of each for
// analysis (vessel detection, geolocation and tracking), and serves each
// stream to one browser-like websocket viewer. Each camera drone flies to
// a boat of its own and keeps its camera on it (unless Still), and a
// console on the live feed times the contacts' updates.
type VideoConfig struct {
	Streams int
	// SimCommand is the simulator's argv prefix, e.g. {"/path/skerry", "sim"}.
	SimCommand []string
	// Width, Height and FPS of the cameras (default 1280×720 at 25).
	Width, Height int
	FPS           float64
	Codec         string  // default "h264"
	SampleFPS     float64 // default 5
	Warmup        time.Duration
	Duration      time.Duration
	// Still leaves the drones on their bases (no boats in view).
	Still bool
	// Approach is how long the drones may take to fly to their boats
	// before measuring: the bench measures once every stream's sightings
	// reached a contact, or when Approach is over (default 10 min).
	Approach time.Duration
	// Cruise is the drones' cruise speed on the way, m/s (WPNAV_SPEED,
	// default 20); MaxBoatSpeed leaves out boats faster than this, m/s
	// (default Cruise/2).
	Cruise       float64
	MaxBoatSpeed float64
	// MaxBoatLength leaves out boats longer than this, metres (default
	// 60: a cargo ship fills the view at the watch's 150 m).
	MaxBoatLength float64
	// Speedup is the simulator's time speed-up (default 1); tests use more
	// so that the drones reach their boats sooner.
	Speedup  float64
	Log      *slog.Logger
	Progress io.Writer
}

// VideoResult is what a video benchmark measured.
type VideoResult struct {
	Streams  int           `json:"streams"`
	Size     string        `json:"size"`
	FPS      float64       `json:"fps"`
	Codec    string        `json:"codec"`
	Duration time.Duration `json:"duration"`
	// StationCPU is the station process and its decoder children, in
	// cores; SimCPU the simulator and its encoders.
	StationCPU float64 `json:"station_cpu"`
	SimCPU     float64 `json:"sim_cpu"`
	// Received, Decoded and Skipped are frames per second over all
	// streams: received by ingest, decoded for analysis (handed to the
	// analysis hook) and skipped there (a newer one won).
	Received float64 `json:"received_per_sec"`
	Analysed float64 `json:"analysed_per_sec"`
	Skipped  float64 `json:"skipped_per_sec"`
	// ViewerFrames is frames per second the viewers got, ViewerLost what
	// they lost (seq jumps).
	ViewerFrames float64 `json:"viewer_frames_per_sec"`
	ViewerLost   float64 `json:"viewer_lost_per_sec"`
	// ToViewer is the delay from capture (the camera's RTCP clock) to a
	// viewer reading the frame off its websocket.
	ToViewer Latencies `json:"capture_to_viewer"`
	// ToAnalysis is the delay from capture (the time the simulator burnt
	// into the picture) to the analysis hook holding the decoded frame.
	ToAnalysis Latencies `json:"capture_to_analysis"`
	// ClockError is how far the station's capture time (from RTP and RTCP)
	// is from the burnt-in time, absolute.
	ClockError Latencies `json:"clock_error"`
	Restarts   uint64    `json:"restarts"`
	DecodeErrs uint64    `json:"decode_errors"`
	// Watching is the boat each camera drone watched; Approach how long
	// the drones took until every stream's sightings reached a contact
	// (or the limit).
	Watching []WatchedBoat `json:"watching,omitempty"`
	Approach time.Duration `json:"approach,omitempty"`
	// Contacts counts the contacts updated while measuring, Seeing the
	// streams whose sightings updated one; ContactUpdates is the `vessel`
	// messages a console received per second. OnBoat counts the contacts
	// within 100 m of a boat of the simulator's world when seen (the rest
	// are false contacts), OnBoatUpdates their updates.
	Contacts       int      `json:"contacts"`
	Seeing         int      `json:"streams_seeing"`
	NotSeeing      []string `json:"streams_not_seeing,omitempty"` // vehicle/stream
	ContactUpdates float64  `json:"contact_updates_per_sec"`
	OnBoat         int      `json:"contacts_on_boats"`
	OnBoatUpdates  uint64   `json:"contact_updates_on_boats"`
	// ToContact is the delay from capture to a console receiving the
	// contact's update on the live feed: from the time burnt into the
	// newest frame the contact was seen in (its last_seen) when the bench
	// saw that frame analysed (Stamped of them), else from the station's
	// capture time of it.
	ToContact Latencies `json:"capture_to_contact"`
	Stamped   uint64    `json:"capture_to_contact_stamped"`
	// AnalysisToContact is the part of it from the analysis hook holding
	// the decoded frame (before detection) to the console: detection,
	// geolocation, tracking and the live feed (Stamped updates).
	AnalysisToContact Latencies `json:"analysis_to_contact"`
}

// analysis collects what the analysis hook saw; safe for concurrent use.
type analysis struct {
	stamps   stampBook
	mu       sync.Mutex
	on       bool
	n        uint64
	delay    latencyHist
	clockErr latencyHist
}

func (a *analysis) take(f video.Frame) {
	now := time.Now()
	stamp, ok := scene.ReadStamp(f.Image)
	if ok {
		a.stamps.put(f.Vehicle, f.Stream, f.Captured, stamp, now)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.on || !ok {
		return
	}
	a.n++
	a.delay.add(now.Sub(stamp))
	d := f.Captured.Sub(stamp)
	if d < 0 {
		d = -d
	}
	a.clockErr.add(d)
}

func (a *analysis) start() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.on, a.n, a.delay, a.clockErr = true, 0, latencyHist{}, latencyHist{}
}

func (a *analysis) stop() (uint64, latencyHist, latencyHist) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.on = false
	return a.n, a.delay, a.clockErr
}

func (c *VideoConfig) defaults() {
	if c.Streams <= 0 {
		c.Streams = 1
	}
	if c.Width == 0 {
		c.Width, c.Height = 1280, 720
	}
	if c.FPS == 0 {
		c.FPS = 25
	}
	if c.Codec == "" {
		c.Codec = "h264"
	}
	if c.SampleFPS == 0 {
		c.SampleFPS = 5
	}
	if c.Warmup == 0 {
		c.Warmup = 10 * time.Second
	}
	if c.Duration == 0 {
		c.Duration = 30 * time.Second
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	if c.Approach == 0 {
		c.Approach = 10 * time.Minute
	}
	if c.Cruise == 0 {
		c.Cruise = 20
	}
	if c.MaxBoatSpeed == 0 {
		c.MaxBoatSpeed = c.Cruise / 2
	}
	if c.MaxBoatLength == 0 {
		c.MaxBoatLength = 60
	}
	if c.Speedup == 0 {
		c.Speedup = 1
	}
}

// Video runs the video benchmark.
func Video(ctx context.Context, cfg VideoConfig) (VideoResult, error) {
	cfg.defaults()
	res := VideoResult{Streams: cfg.Streams, Size: fmt.Sprintf("%dx%d", cfg.Width, cfg.Height), FPS: cfg.FPS, Codec: cfg.Codec}
	an := &analysis{}
	// The station knows the scenario's land, as in the demo (no contacts
	// on land).
	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Log: cfg.Log, SampleFPS: cfg.SampleFPS, Analyze: an.take,
		Basemap: sim.DefaultScenario(),
		Links:   []telemetry.LinkConfig{{Name: "b1", URL: "udp-server:127.0.0.1:0"}}})
	if err != nil {
		return res, err
	}
	defer st.Close()
	args := append([]string(nil), cfg.SimCommand[1:]...)
	args = append(args, "--vehicles", fmt.Sprint(cfg.Streams), "--cameras", fmt.Sprint(cfg.Streams), "--log-level", "warn",
		"--camera-size", res.Size, "--camera-fps", fmt.Sprint(cfg.FPS), "--camera-codec", cfg.Codec,
		"--seed", fmt.Sprint(benchSeed), "--speedup", fmt.Sprint(cfg.Speedup),
		"--out", "udp:"+st.Telemetry.Addrs()["b1"])
	var simErr bytes.Buffer
	cmd := exec.CommandContext(ctx, cfg.SimCommand[0], args...)
	cmd.Stderr = &lockedWriter{w: &simErr}
	simStart := time.Now()
	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("simulator: %w", err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	streams, err := waitStreams(ctx, st, cfg.Streams, &simErr)
	if err != nil {
		return res, err
	}
	fmt.Fprintf(cfg.Progress, "%d streams playing; viewers and a console joining\n", len(streams))
	viewers, err := startViewers(ctx, st.URL, streams)
	if err != nil {
		return res, err
	}
	defer viewers.close()
	w, err := newWatchers(st, &cfg, simStart)
	if err != nil {
		return res, err
	}
	defer func() { _ = w.stop() }()
	console, err := startContactConsole(ctx, st.URL, &an.stamps, w.nearest)
	if err != nil {
		return res, err
	}
	defer console.close()
	if !cfg.Still {
		if err := w.fly(ctx, st, &cfg, vehiclesOf(streams)); err != nil {
			return res, err
		}
		if res.Approach, err = approach(ctx, &cfg, st, w, console, streams); err != nil {
			return res, err
		}
		res.Watching = w.watching()
	}
	fmt.Fprintf(cfg.Progress, "warming up %s\n", cfg.Warmup)
	if err := sleep(ctx, cfg.Warmup); err != nil {
		return res, err
	}
	h0 := sumHealth(st)
	an.start()
	viewers.start()
	console.start()
	cpu0, sim0, t0 := stationCPU(), treeCPU(cmd.Process.Pid), time.Now()
	fmt.Fprintf(cfg.Progress, "measuring for %s\n", cfg.Duration)
	if err := sleep(ctx, cfg.Duration); err != nil {
		return res, err
	}
	wall := time.Since(t0)
	res.Duration = wall
	res.StationCPU = (stationCPU() - cpu0).Seconds() / wall.Seconds()
	res.SimCPU = (treeCPU(cmd.Process.Pid) - sim0).Seconds() / wall.Seconds()
	n, delay, clockErr := an.stop()
	frames, lost, toViewer := viewers.stop()
	cf := console.stop()
	h1 := sumHealth(st)
	res.Received = float64(h1.Frames-h0.Frames) / wall.Seconds()
	res.Analysed = float64(n) / wall.Seconds()
	res.Skipped = float64(h1.Skipped-h0.Skipped) / wall.Seconds()
	res.Restarts, res.DecodeErrs = h1.Restarts-h0.Restarts, h1.DecodeErrors-h0.DecodeErrors
	res.ViewerFrames, res.ViewerLost = float64(frames)/wall.Seconds(), float64(lost)/wall.Seconds()
	res.ToViewer, res.ToAnalysis, res.ClockError = toViewer.summary(), delay.summary(), clockErr.summary()
	res.Contacts, res.Seeing, res.ContactUpdates = cf.contacts, len(cf.streams), float64(cf.updates)/wall.Seconds()
	for _, r := range streams {
		if !cf.streams[r] {
			res.NotSeeing = append(res.NotSeeing, string(r.vehicle)+"/"+r.key)
		}
	}
	res.OnBoat, res.OnBoatUpdates = cf.boats, cf.onBoat
	res.ToContact, res.Stamped, res.AnalysisToContact = cf.delay.summary(), cf.stamped, cf.fromHook.summary()
	return res, nil
}

// vehiclesOf lists the streams' vehicles, each once.
func vehiclesOf(refs []streamRef) []gcs.VehicleID {
	var ids []gcs.VehicleID
	for _, r := range refs {
		if !slices.Contains(ids, r.vehicle) {
			ids = append(ids, r.vehicle)
		}
	}
	return ids
}

// streamRef names one stream of one vehicle.
type streamRef struct {
	vehicle gcs.VehicleID
	key     string
}

// waitStreams waits until n streams are playing.
func waitStreams(ctx context.Context, st *station.Station, n int, simErr *bytes.Buffer) ([]streamRef, error) {
	start := time.Now()
	for {
		var refs []streamRef
		for _, v := range st.Fleet.Vehicles() {
			for _, c := range v.Cameras {
				for _, s := range c.Streams {
					if s.Health != nil && s.Health.State == "playing" && s.Health.Frames > 0 {
						refs = append(refs, streamRef{v.ID, s.Key})
					}
				}
			}
		}
		if len(refs) >= n {
			return refs, nil
		}
		if time.Since(start) > 90*time.Second || ctx.Err() != nil {
			return nil, fmt.Errorf("only %d of %d streams playing after %s; simulator said: %s", len(refs), n, time.Since(start).Round(time.Second), simErr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// sumHealth adds up every stream's counters.
func sumHealth(st *station.Station) gcs.StreamHealth {
	var sum gcs.StreamHealth
	for _, v := range st.Fleet.Vehicles() {
		for _, c := range v.Cameras {
			for _, s := range c.Streams {
				if h := s.Health; h != nil {
					sum.Frames += h.Frames
					sum.Skipped += h.Skipped
					sum.Sampled += h.Sampled
					sum.Restarts += h.Restarts
					sum.DecodeErrors += h.DecodeErrors
				}
			}
		}
	}
	return sum
}
