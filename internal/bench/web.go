package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"skerry/internal/station"
	"skerry/web/live"
)

// WebConfig sets up the web benchmark: a simulator process sending the
// position of Vehicles vehicles at Rate Hz to a station in this process,
// whose websocket hub serves Clients consoles in a third process.
type WebConfig struct {
	Vehicles int // default 250
	Clients  int // default 100
	// Rate is the rate of GLOBAL_POSITION_INT, ATTITUDE and VFR_HUD in Hz
	// (default 10); the other streams run at the station's request (4 Hz).
	Rate float64
	// SimCommand is the simulator's argv prefix, e.g. {"/path/skerry", "sim"}.
	SimCommand []string
	// MaxRate, when set, is asked by every client (?max_rate=N): at most
	// this many states of one vehicle a second.
	MaxRate float64
	// ClientReceiveBuffer, when set, bounds each client's socket receive
	// buffer (bytes); 0 leaves it to the kernel, as a browser does.
	ClientReceiveBuffer int
	// ClientsCommand is the clients' argv prefix, e.g.
	// {"/path/skerry", "bench", "web-clients"} (see WebClientsArgs).
	ClientsCommand []string
	Warmup         time.Duration // default 10 s, with the clients connected
	Duration       time.Duration // default 30 s
	Log            *slog.Logger
	// ProfileDir, when set, receives CPU profiles of the measurement and a
	// heap profile of the station at its end:
	// station.pprof (this process) and clients.pprof.
	ProfileDir string
	// Progress receives a line of progress now and then; nil discards.
	Progress io.Writer
}

// WebResult is what a web benchmark measured.
type WebResult struct {
	Vehicles      int           `json:"vehicles"`
	Links         int           `json:"links"`
	Rate          float64       `json:"rate_hz"`
	MaxRate       float64       `json:"max_rate,omitempty"`
	ClientRcvbuf  int           `json:"client_rcvbuf,omitempty"`
	Seen          int           `json:"seen"`
	DiscoveryTime time.Duration `json:"discovery_time"`
	// Frames the station received: in all, per vehicle, lost (mean
	// fraction from sequence numbers) and dropped by its full queue.
	FramesPerSec        float64 `json:"frames_per_sec"`
	FramesPerVehicleSec float64 `json:"frames_per_vehicle_sec"`
	Loss                float64 `json:"loss"`
	FramesDropped       uint64  `json:"frames_dropped"`
	// Clients is what the websocket clients measured.
	Clients WebClientsResult `json:"clients"`
	// Hub counters over the measurement.
	HubSent      uint64            `json:"hub_sent"`
	HubWrites    uint64            `json:"hub_writes"` // socket writes (several messages each)
	HubCoalesced uint64            `json:"hub_coalesced"`
	HubDeltas    uint64            `json:"hub_deltas"` // states sent as vehicle_delta
	HubDropped   map[string]uint64 `json:"hub_dropped_clients,omitempty"`
	// StationAge is the station's share of the latency, from the hub's
	// histogram (live.Metrics.StateAge): frame received to socket
	// written. Quantiles are bucket bounds (1, 2, 5, 10, 20, 50 ms...).
	StationAge     Latencies `json:"station_age"`
	StationCPU     float64   `json:"station_cpu"` // cores (1.0 = one core)
	SimCPU         float64   `json:"sim_cpu"`
	ClientsCPU     float64   `json:"clients_cpu"`
	StationPeakRSS int64     `json:"station_peak_rss_bytes"`
}

// WebClientsArgs returns the flags of `skerry bench web-clients` for cfg.
func WebClientsArgs(url string, clients int, settle, duration time.Duration) []string {
	return []string{"--url", url, "--clients", fmt.Sprint(clients), "--settle", settle.String(), "--duration", duration.String()}
}

// The clients process prints MeasuringLine on stdout as it starts
// measuring and MeasuredLine as it stops; its result follows as one line
// of JSON.
const (
	MeasuringLine = "measuring"
	MeasuredLine  = "measured"
)

func (cfg *WebConfig) defaults() {
	if cfg.Vehicles <= 0 {
		cfg.Vehicles = 250
	}
	if cfg.Clients <= 0 {
		cfg.Clients = 100
	}
	if cfg.Rate <= 0 {
		cfg.Rate = 10
	}
	if cfg.Warmup <= 0 {
		cfg.Warmup = 10 * time.Second
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 30 * time.Second
	}
	if cfg.Progress == nil {
		cfg.Progress = io.Discard
	}
}

// Web runs the web benchmark.
func Web(ctx context.Context, cfg WebConfig) (WebResult, error) {
	cfg.defaults()
	res := WebResult{Vehicles: cfg.Vehicles, Links: (cfg.Vehicles + perLink - 1) / perLink, Rate: cfg.Rate, MaxRate: cfg.MaxRate,
		ClientRcvbuf: cfg.ClientReceiveBuffer}
	st, simCmd, simErr, err := startFleet(ctx, cfg, res.Links)
	if err != nil {
		return res, err
	}
	defer st.Close()
	defer func() { _ = simCmd.Process.Kill(); _ = simCmd.Wait() }()
	start := time.Now()
	if err := waitFleet(ctx, st, cfg.Vehicles, simErr); err != nil {
		return res, err
	}
	res.DiscoveryTime = time.Since(start)
	fmt.Fprintf(cfg.Progress, "all %d vehicles seen after %s; %d clients connecting, warming up %s\n",
		cfg.Vehicles, res.DiscoveryTime.Round(time.Millisecond), cfg.Clients, cfg.Warmup)

	wsURL := "ws" + strings.TrimPrefix(st.URL, "http") + "ws"
	if cfg.MaxRate > 0 {
		wsURL += fmt.Sprintf("?max_rate=%g", cfg.MaxRate)
	}
	args := append(append([]string(nil), cfg.ClientsCommand[1:]...), WebClientsArgs(wsURL, cfg.Clients, cfg.Warmup, cfg.Duration)...)
	if cfg.ProfileDir != "" {
		args = append(args, "--cpuprofile", filepath.Join(cfg.ProfileDir, "clients.pprof"))
	}
	if cfg.ClientReceiveBuffer > 0 {
		args = append(args, "--rcvbuf", fmt.Sprint(cfg.ClientReceiveBuffer))
	}
	args = append(args, "--vehicles", fmt.Sprint(cfg.Vehicles))
	cl := exec.CommandContext(ctx, cfg.ClientsCommand[0], args...)
	clErr := &syncBuffer{}
	cl.Stderr = clErr
	out, err := cl.StdoutPipe()
	if err != nil {
		return res, fmt.Errorf("clients: %w", err)
	}
	if err := cl.Start(); err != nil {
		return res, fmt.Errorf("clients: %w", err)
	}
	defer func() { _ = cl.Process.Kill(); _ = cl.Wait() }()

	res.Clients, err = readClients(cfg, out, func() (stop func()) {
		m0 := takeMeasure(st, simCmd.Process.Pid, cl.Process.Pid)
		fmt.Fprintf(cfg.Progress, "measuring for %s\n", cfg.Duration)
		return func() { res.fill(m0, takeMeasure(st, simCmd.Process.Pid, cl.Process.Pid), st) }
	})
	if err != nil {
		_ = cl.Process.Kill()
		_ = cl.Wait()
		return res, fmt.Errorf("clients: %w; they said: %s", errors.Join(err, ctx.Err()), strings.TrimSpace(clErr.String()))
	}
	return res, nil
}

// readClients follows the clients process's output: measure starts the
// station's side of the measurement (and a profile) and returns what ends
// it.
func readClients(cfg WebConfig, out io.Reader, measure func() (stop func())) (WebClientsResult, error) {
	var res WebClientsResult
	var stop []func()
	defer func() {
		for _, f := range stop {
			f()
		}
	}()
	lines := bufio.NewScanner(out)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		switch line := lines.Bytes(); {
		case string(line) == MeasuringLine && len(stop) == 0:
			if cfg.ProfileDir != "" {
				end, err := startProfile(filepath.Join(cfg.ProfileDir, "station.pprof"))
				if err != nil {
					return res, err
				}
				heap := filepath.Join(cfg.ProfileDir, "station.heap.pprof")
				stop = append(stop, end, func() { _ = writeHeapProfile(heap) })
			}
			stop = append([]func(){measure()}, stop...)
		case string(line) == MeasuredLine && len(stop) > 0:
			for _, f := range stop {
				f()
			}
			stop = nil
		default:
			if err := json.Unmarshal(line, &res); err != nil {
				return res, fmt.Errorf("result %q: %w", line, err)
			}
			return res, nil
		}
	}
	return res, fmt.Errorf("ended without a result: %w", errors.Join(lines.Err(), io.ErrUnexpectedEOF))
}

// measure is the counters at one instant.
type measure struct {
	at                 time.Time
	self, sim, clients time.Duration
	frames, dropped    uint64
	hub                live.Metrics
}

func takeMeasure(st *station.Station, simPid, clientsPid int) measure {
	m := measure{at: time.Now(), self: selfCPU(), sim: procCPU(simPid), clients: procCPU(clientsPid), hub: st.Hub.Metrics()}
	for _, ls := range st.Telemetry.Stats() {
		m.frames += ls.FramesIn
		m.dropped += ls.Dropped
	}
	return m
}

// fill computes the station's side from two measures.
func (r *WebResult) fill(m0, m1 measure, st *station.Station) {
	wall := m1.at.Sub(m0.at).Seconds()
	r.FramesPerSec = float64(m1.frames-m0.frames) / wall
	r.FramesPerVehicleSec = r.FramesPerSec / float64(r.Vehicles)
	r.FramesDropped = m1.dropped - m0.dropped
	r.StationCPU = (m1.self - m0.self).Seconds() / wall
	r.SimCPU = (m1.sim - m0.sim).Seconds() / wall
	r.ClientsCPU = (m1.clients - m0.clients).Seconds() / wall
	r.StationPeakRSS = peakRSS()
	r.HubSent = m1.hub.MessagesSent - m0.hub.MessagesSent
	r.HubWrites = m1.hub.Writes - m0.hub.Writes
	r.StationAge = histDelta(m0.hub.StateAge, m1.hub.StateAge)
	r.HubCoalesced = m1.hub.Coalesced - m0.hub.Coalesced
	r.HubDeltas = m1.hub.Deltas - m0.hub.Deltas
	for k, v := range m1.hub.DroppedClients {
		if d := v - m0.hub.DroppedClients[k]; d > 0 {
			if r.HubDropped == nil {
				r.HubDropped = map[string]uint64{}
			}
			r.HubDropped[k] = d
		}
	}
	r.Seen, r.Loss = meanLoss(st)
}
