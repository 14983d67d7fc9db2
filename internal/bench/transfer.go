package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"sort"
	"sync"
	"time"

	"skerry/gcs"
	"skerry/internal/station"
	"skerry/mission/mavlink"
	"skerry/sim"
	"skerry/telemetry"
)

// TransferConfig sets up a transfer benchmark: Transfers uploads, each
// followed by a download that must give the same items back, of Items
// mission items over a link losing Loss of the frames in each direction,
// spread over Vehicles simulated vehicles working at once.
type TransferConfig struct {
	Transfers int     // default 100
	Items     int     // default 200
	Loss      float64 // fraction per direction, default 0.2
	Vehicles  int     // default 10
	Seed      int64
	Log       *slog.Logger
	Progress  io.Writer
}

// Durations summarises a set of timings.
type Durations struct {
	N                       int
	Min, P50, P90, P99, Max time.Duration
	Mean                    time.Duration
}

// TransferResult is what a transfer benchmark measured.
type TransferResult struct {
	Config             TransferConfig
	Uploads, Downloads int // successful
	Failures           []string
	Upload, Download   Durations
	Wall               time.Duration
}

// Transfer runs the transfer benchmark with the station's default timeouts
// and retry budget.
func Transfer(ctx context.Context, cfg TransferConfig) (TransferResult, error) {
	cfg = cfg.withDefaults()
	res := TransferResult{Config: cfg}
	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Log: cfg.Log,
		Links: []telemetry.LinkConfig{{Name: "t", URL: "udp-server:127.0.0.1:0"}}})
	if err != nil {
		return res, err
	}
	defer st.Close()
	s, err := sim.New(sim.Config{Vehicles: cfg.Vehicles, Seed: cfg.Seed,
		Links: []sim.LinkConfig{{Paths: []string{"udp:" + st.Telemetry.Addrs()["t"]}}}})
	if err != nil {
		return res, err
	}
	s.SetFaults(0, 0, sim.Faults{DropOut: cfg.Loss, DropIn: cfg.Loss})
	if err := s.Start(); err != nil {
		return res, err
	}
	defer s.Close()
	ids, err := waitVehicles(ctx, st, cfg.Vehicles)
	if err != nil {
		return res, err
	}
	fmt.Fprintf(cfg.Progress, "%d vehicles; %d transfers of %d items at %.0f%% loss each way\n", len(ids), cfg.Transfers, cfg.Items, 100*cfg.Loss)
	start := time.Now()
	up, down, fails := runTransfers(ctx, st, ids, cfg)
	res.Wall = time.Since(start)
	res.Uploads, res.Downloads, res.Failures = len(up), len(down), fails
	res.Upload, res.Download = summarise(up), summarise(down)
	return res, ctx.Err()
}

func (c TransferConfig) withDefaults() TransferConfig {
	if c.Transfers == 0 {
		c.Transfers = 100
	}
	if c.Items == 0 {
		c.Items = 200
	}
	if c.Vehicles == 0 {
		c.Vehicles = 10
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	return c
}

func waitVehicles(ctx context.Context, st *station.Station, n int) ([]gcs.VehicleID, error) {
	deadline := time.Now().Add(time.Minute)
	for {
		ids := st.Fleet.IDs()
		if len(ids) >= n {
			return ids, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("only %d of %d vehicles seen", len(ids), n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// runTransfers gives each vehicle its share of the transfers, all
// vehicles at once, and collects the timings.
func runTransfers(ctx context.Context, st *station.Station, ids []gcs.VehicleID, cfg TransferConfig) (up, down []time.Duration, fails []string) {
	jobs := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				waitLink(ctx, st, id)
				u, d, err := oneTransfer(ctx, st, id, missionItems(cfg.Items, j))
				mu.Lock()
				if u > 0 {
					up = append(up, u)
				}
				if d > 0 {
					down = append(down, d)
				}
				if err != nil {
					fails = append(fails, fmt.Sprintf("transfer %d on %s: %v", j, id, err))
				}
				done := len(down) + len(fails)
				mu.Unlock()
				fmt.Fprintf(cfg.Progress, "\r%d/%d", done, cfg.Transfers)
			}
		}()
	}
	for j := range cfg.Transfers {
		select {
		case jobs <- j:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	fmt.Fprintln(cfg.Progress)
	return up, down, fails
}

// oneTransfer uploads items, downloads them back and compares.
func oneTransfer(ctx context.Context, st *station.Station, id gcs.VehicleID, items []mavlink.MAVItem) (up, down time.Duration, err error) {
	t0 := time.Now()
	if err := st.Telemetry.Upload(ctx, id, mavlink.TypeMission, items, nil); err != nil {
		return 0, 0, err
	}
	up = time.Since(t0)
	t1 := time.Now()
	got, err := st.Telemetry.Download(ctx, id, mavlink.TypeMission, nil)
	if err != nil {
		return up, 0, err
	}
	down = time.Since(t1)
	if len(got) != len(items) {
		return up, down, fmt.Errorf("downloaded %d items, uploaded %d", len(got), len(items))
	}
	for i := 1; i < len(items); i++ { // seq 0 is the vehicle's own home
		if got[i].X != items[i].X || got[i].Y != items[i].Y || got[i].Command != items[i].Command {
			return up, down, fmt.Errorf("item %d differs after the round trip", i)
		}
	}
	return up, down, nil
}

// missionItems builds n items: home, then waypoints on a lawnmower grid
// in the Bay of Algeciras, different for every transfer j.
func missionItems(n, j int) []mavlink.MAVItem {
	items := make([]mavlink.MAVItem, n)
	for i := range items {
		lat := 36.12 + float64(i%20)*0.0005 + float64(j)*1e-6
		lon := -5.43 + float64(i/20)*0.0005
		x, _ := mavlink.DegE7(lat)
		y, _ := mavlink.DegE7(lon)
		items[i] = mavlink.MAVItem{Seq: uint16(i), Frame: 3, Command: 16, Autocontinue: 1, X: x, Y: y, Z: float32(30 + i%10)}
	}
	items[0].Frame = 0
	return items
}

func summarise(ds []time.Duration) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	q := func(p float64) time.Duration { return ds[int(math.Ceil(p*float64(len(ds))))-1] }
	return Durations{N: len(ds), Min: ds[0], P50: q(0.5), P90: q(0.9), P99: q(0.99), Max: ds[len(ds)-1], Mean: sum / time.Duration(len(ds))}
}

// waitLink waits (up to a minute) until the vehicle's link is up, so that
// one outage does not fail every transfer queued behind it.
func waitLink(ctx context.Context, st *station.Station, id gcs.VehicleID) {
	for end := time.Now().Add(time.Minute); time.Now().Before(end) && ctx.Err() == nil; {
		if v, ok := st.Fleet.Vehicle(id); ok && !v.LinkLost {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
