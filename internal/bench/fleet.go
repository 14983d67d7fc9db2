// Package bench measures the station: drivers for `skerry bench`.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"skerry/internal/station"
	"skerry/telemetry"
)

// FleetConfig sets up a fleet benchmark: a simulator process carrying
// Vehicles vehicles on UDP links of at most 250 each, against a station in
// this process.
type FleetConfig struct {
	Vehicles int
	// SimCommand is the simulator's argv prefix, e.g. {"/path/skerry", "sim"}.
	SimCommand []string
	Warmup     time.Duration // default 10 s
	Duration   time.Duration // default 30 s
	Log        *slog.Logger
	// Progress receives a line of progress now and then; nil discards.
	Progress io.Writer
}

// FleetResult is what a fleet benchmark measured.
type FleetResult struct {
	Vehicles       int           `json:"vehicles"`
	Links          int           `json:"links"`
	Seen           int           `json:"seen"`
	DiscoveryTime  time.Duration `json:"discovery_time"`
	Duration       time.Duration `json:"duration"`
	FramesPerSec   float64       `json:"frames_per_sec"`
	Loss           float64       `json:"loss"`        // mean fraction lost, from sequence numbers
	StationCPU     float64       `json:"station_cpu"` // cores used by the station (1.0 = one core)
	SimCPU         float64       `json:"sim_cpu"`
	StationPeakRSS int64         `json:"station_peak_rss_bytes"`
	ParseErrors    uint64        `json:"parse_errors"` // bad CRCs and malformed frames
}

// perLink is how many vehicles share a link (system ids are one byte).
const perLink = 250

// Fleet runs the fleet benchmark.
func Fleet(ctx context.Context, cfg FleetConfig) (FleetResult, error) {
	if cfg.Warmup == 0 {
		cfg.Warmup = 10 * time.Second
	}
	if cfg.Duration == 0 {
		cfg.Duration = 30 * time.Second
	}
	if cfg.Progress == nil {
		cfg.Progress = io.Discard
	}
	res := FleetResult{Vehicles: cfg.Vehicles, Links: (cfg.Vehicles + perLink - 1) / perLink}
	scfg := station.Config{HTTPAddr: "127.0.0.1:0", Log: cfg.Log}
	for i := range res.Links {
		scfg.Links = append(scfg.Links, telemetry.LinkConfig{Name: fmt.Sprintf("b%d", i+1), URL: "udp-server:127.0.0.1:0"})
	}
	st, err := station.Start(scfg)
	if err != nil {
		return res, err
	}
	defer st.Close()
	args := append([]string(nil), cfg.SimCommand[1:]...)
	args = append(args, "--vehicles", fmt.Sprint(cfg.Vehicles), "--log-level", "warn")
	addrs := st.Telemetry.Addrs()
	for _, l := range scfg.Links {
		args = append(args, "--out", "udp:"+addrs[l.Name])
	}
	var simErr bytes.Buffer
	cmd := exec.CommandContext(ctx, cfg.SimCommand[0], args...)
	cmd.Stderr = &lockedWriter{w: &simErr}
	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("simulator: %w", err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	start := time.Now()
	for len(st.Fleet.IDs()) < cfg.Vehicles {
		if time.Since(start) > time.Minute || ctx.Err() != nil {
			return res, fmt.Errorf("only %d of %d vehicles seen after %s; simulator said: %s", len(st.Fleet.IDs()), cfg.Vehicles, time.Since(start).Round(time.Second), simErr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	res.DiscoveryTime = time.Since(start)
	fmt.Fprintf(cfg.Progress, "all %d vehicles seen after %s; warming up %s\n", cfg.Vehicles, res.DiscoveryTime.Round(time.Millisecond), cfg.Warmup)
	if err := sleep(ctx, cfg.Warmup); err != nil {
		return res, err
	}
	frames0, cpu0, sim0, t0 := framesIn(st), selfCPU(), procCPU(cmd.Process.Pid), time.Now()
	fmt.Fprintf(cfg.Progress, "measuring for %s\n", cfg.Duration)
	if err := sleep(ctx, cfg.Duration); err != nil {
		return res, err
	}
	wall := time.Since(t0)
	res.Duration = wall
	res.FramesPerSec = float64(framesIn(st)-frames0) / wall.Seconds()
	res.StationCPU = (selfCPU() - cpu0).Seconds() / wall.Seconds()
	res.SimCPU = (procCPU(cmd.Process.Pid) - sim0).Seconds() / wall.Seconds()
	res.StationPeakRSS = peakRSS()
	res.Seen, res.Loss = meanLoss(st)
	for _, ls := range st.Telemetry.Stats() {
		res.ParseErrors += ls.BadCRC + ls.Malformed
	}
	return res, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

func framesIn(st *station.Station) uint64 {
	var n uint64
	for _, ls := range st.Telemetry.Stats() {
		n += ls.FramesIn
	}
	return n
}

// meanLoss averages the loss of every vehicle's best path.
func meanLoss(st *station.Station) (int, float64) {
	vs := st.Fleet.Vehicles()
	var sum float64
	for _, v := range vs {
		best := 1.0
		for _, p := range v.Paths {
			best = min(best, p.Loss)
		}
		if len(v.Paths) == 0 {
			best = 0
		}
		sum += best
	}
	if len(vs) == 0 {
		return 0, 0
	}
	return len(vs), sum / float64(len(vs))
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func peakRSS() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss * 1024
}

// procCPU reads a process's user+system time from /proc (Linux).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	var state string
	var f [12]int64
	_, err = fmt.Sscan(string(b[i+1:]), &state, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10], &f[11])
	if err != nil {
		return 0
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(f[10]+f[11]) * time.Second / ticks
}

// lockedWriter makes a writer safe for exec's copying goroutine.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
