package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime/pprof"
	"sync"
	"time"

	"skerry/internal/station"
	"skerry/telemetry"
)

// startFleet starts the station and the simulator process.
func startFleet(ctx context.Context, cfg WebConfig, links int) (*station.Station, *exec.Cmd, *syncBuffer, error) {
	scfg := station.Config{HTTPAddr: "127.0.0.1:0", Log: cfg.Log}
	for i := range links {
		scfg.Links = append(scfg.Links, telemetry.LinkConfig{Name: fmt.Sprintf("b%d", i+1), URL: "udp-server:127.0.0.1:0"})
	}
	st, err := station.Start(scfg)
	if err != nil {
		return nil, nil, nil, err
	}
	args := append([]string(nil), cfg.SimCommand[1:]...)
	args = append(args, "--vehicles", fmt.Sprint(cfg.Vehicles), "--rate", fmt.Sprint(cfg.Rate), "--log-level", "warn")
	addrs := st.Telemetry.Addrs()
	for _, l := range scfg.Links {
		args = append(args, "--out", "udp:"+addrs[l.Name])
	}
	simErr := &syncBuffer{}
	cmd := exec.CommandContext(ctx, cfg.SimCommand[0], args...)
	cmd.Stderr = simErr
	if err := cmd.Start(); err != nil {
		st.Close()
		return nil, nil, nil, fmt.Errorf("simulator: %w", err)
	}
	return st, cmd, simErr, nil
}

// waitFleet waits (up to a minute) until the station knows n vehicles.
func waitFleet(ctx context.Context, st *station.Station, n int, simErr *syncBuffer) error {
	start := time.Now()
	for len(st.Fleet.IDs()) < n {
		if time.Since(start) > time.Minute || ctx.Err() != nil {
			return fmt.Errorf("only %d of %d vehicles seen after %s; simulator said: %s", len(st.Fleet.IDs()), n,
				time.Since(start).Round(time.Second), simErr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil
}

// syncBuffer collects a child's stderr while it runs and can be read
// meanwhile.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startProfile starts a CPU profile into path; stop ends it.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}

// writeHeapProfile writes a heap profile of this process into path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer f.Close()
	return pprof.Lookup("heap").WriteTo(f, 0)
}
