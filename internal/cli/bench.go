package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"time"

	"skerry/internal/bench"
)

func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) >= 1 {
		switch args[0] {
		case "transfer":
			return runBenchTransfer(ctx, e, args[1:])
		case "web":
			return runBenchWeb(ctx, e, args[1:])
		case "video":
			return runBenchVideo(ctx, e, args[1:])
		case "vessels":
			return runBenchVessels(ctx, e, args[1:])
		case "reports":
			return runBenchReports(ctx, e, args[1:])
		case "web-clients": // the clients process of bench web; not listed
			return runBenchWebClients(ctx, e, args[1:])
		}
	}
	if len(args) < 1 || args[0] != "fleet" {
		fmt.Fprintf(e.stderr, "Usage: skerry bench fleet|transfer|web|video|vessels|reports [flags]\n\n"+
			"  fleet     a simulator process against this station over loopback UDP: frames/s received,\n"+
			"            loss, station CPU and peak memory (--vehicles N)\n"+
			"  transfer  mission uploads and downloads over a lossy link with the default timeouts:\n"+
			"            success rate and time distribution (--transfers 100 --items 200 --loss 0.2)\n"+
			"  web       simulated vehicles at 10 Hz and websocket consoles in a process of their own:\n"+
			"            latency from MAVLink frame to console (p50, p99), messages and bytes per console,\n"+
			"            station CPU and memory (--vehicles 250 --clients 100)\n"+
			"  video     simulated 720p25 H.264 cameras into the station, sampled for analysis and watched:\n"+
			"            station CPU, frames decoded and dropped, delay from capture to viewer and to\n"+
			"            analysis, decode time against ffmpeg -threads 1 (--streams N)\n"+
			"  vessels   the detector, geolocation and tracker on simulated drone flights at the default\n"+
			"            scenario's boats under calm, glare, haze and rough sea, 60/120 m, 45°/nadir:\n"+
			"            P, R, F1, id switches per track, geolocation error (--seconds 6 --cases calm)\n"+
			"  reports   incident changes through the SQLite outbox to 10 units' receivers over HTTP:\n"+
			"            delay from save to report handled (p50, p99), reports/s (--burst --fail 1)\n")
		return errUsage
	}
	fs, c := newFlagSet(e, "bench fleet", "bench fleet [--vehicles N] [--duration D]")
	vehicles := fs.Int("vehicles", 100, "simulated vehicles (250 per UDP link)")
	duration := fs.Duration("duration", 30*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 10*time.Second, "how long to let the fleet settle before measuring")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, c, args[1:]); err != nil {
		return err
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := bench.Fleet(ctx, bench.FleetConfig{
		Vehicles: *vehicles, SimCommand: []string{exe, "sim"}, Duration: *duration, Warmup: *warmup,
		Log: log.With("component", "station"), Progress: e.stderr,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	fmt.Fprintf(e.stdout, "fleet benchmark: %d vehicles on %d UDP links, measured %s (%d cores, %s)\n",
		res.Vehicles, res.Links, res.Duration.Round(time.Millisecond), runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(e.stdout, "  vehicles seen      %d (all after %s)\n", res.Seen, res.DiscoveryTime.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "  frames received    %.0f /s\n", res.FramesPerSec)
	fmt.Fprintf(e.stdout, "  loss               %.2f %% (mean of vehicles, from sequence numbers)\n", 100*res.Loss)
	fmt.Fprintf(e.stdout, "  station CPU        %.2f cores\n", res.StationCPU)
	fmt.Fprintf(e.stdout, "  simulator CPU      %.2f cores\n", res.SimCPU)
	fmt.Fprintf(e.stdout, "  station peak RSS   %.1f MiB\n", float64(res.StationPeakRSS)/(1<<20))
	fmt.Fprintf(e.stdout, "  parse errors       %d\n", res.ParseErrors)
	return nil
}

func runBenchTransfer(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "bench transfer", "bench transfer [--transfers N] [--items N] [--loss F] [--vehicles N]")
	transfers := fs.Int("transfers", 100, "transfers, each an upload and a download compared")
	items := fs.Int("items", 200, "mission items per transfer")
	loss := fs.Float64("loss", 0.2, "fraction of frames lost in each direction")
	vehicles := fs.Int("vehicles", 10, "vehicles transferring at once")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	res, err := bench.Transfer(ctx, bench.TransferConfig{Transfers: *transfers, Items: *items, Loss: *loss, Vehicles: *vehicles,
		Log: log.With("component", "station"), Progress: e.stderr})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "transfer benchmark: %d transfers of %d items, %.0f%% loss each way, %d vehicles at once, default timeouts (1.5 s ack, 0.25 s item), budget 10 + 1 retry per item; %s wall\n",
		*transfers, *items, 100**loss, *vehicles, res.Wall.Round(time.Second))
	fmt.Fprintf(e.stdout, "  uploads ok      %d/%d (%.1f %%)\n", res.Uploads, *transfers, 100*float64(res.Uploads)/float64(*transfers))
	fmt.Fprintf(e.stdout, "  downloads ok    %d/%d (%.1f %%)\n", res.Downloads, *transfers, 100*float64(res.Downloads)/float64(*transfers))
	for _, row := range []struct {
		name string
		d    bench.Durations
	}{{"upload", res.Upload}, {"download", res.Download}} {
		d := row.d
		fmt.Fprintf(e.stdout, "  %-9s s     min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  mean %.1f\n", row.name,
			d.Min.Seconds(), d.P50.Seconds(), d.P90.Seconds(), d.P99.Seconds(), d.Max.Seconds(), d.Mean.Seconds())
	}
	for _, f := range res.Failures {
		fmt.Fprintf(e.stdout, "  failed: %s\n", f)
	}
	return nil
}

func runBenchWeb(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "bench web", "bench web [--vehicles N] [--clients M] [--rate HZ] [--duration D]")
	vehicles := fs.Int("vehicles", 250, "simulated vehicles (250 per UDP link)")
	clients := fs.Int("clients", 100, "websocket clients, in a process of their own")
	rate := fs.Float64("rate", 10, "position, attitude and VFR_HUD rate of every vehicle in Hz")
	maxRate := fs.Float64("max-rate", 0, "clients ask for at most this many states of one vehicle a second (?max_rate=N); 0: all")
	rcvbuf := fs.Int("client-rcvbuf", 0, "socket receive buffer of each client in bytes; 0: the kernel's, which grows as a slow client falls behind")
	duration := fs.Duration("duration", 30*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 10*time.Second, "how long to let the fleet and the clients settle before measuring")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	profile := fs.String("profile", "", "directory for CPU profiles of the measurement (station.pprof, clients.pprof)")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := bench.Web(ctx, bench.WebConfig{
		Vehicles: *vehicles, Clients: *clients, Rate: *rate, MaxRate: *maxRate, ClientReceiveBuffer: *rcvbuf, Duration: *duration, Warmup: *warmup,
		SimCommand: []string{exe, "sim"}, ClientsCommand: []string{exe, "bench", "web-clients"},
		Log: log.With("component", "station"), Progress: e.stderr, ProfileDir: *profile,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	printWebResult(e, res)
	return nil
}

func printWebResult(e *env, res bench.WebResult) {
	w, cl, l := e.stdout, res.Clients, res.Clients.Latency
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	capped := ""
	if res.MaxRate > 0 {
		capped = fmt.Sprintf(" asking max_rate=%g", res.MaxRate)
	}
	if res.ClientRcvbuf > 0 {
		capped += fmt.Sprintf(" with %d KiB receive buffers", res.ClientRcvbuf>>10)
	}
	fmt.Fprintf(w, "web benchmark: %d vehicles at %g Hz on %d UDP links, %d websocket clients%s, measured %s (%d cores, %s)\n",
		res.Vehicles, res.Rate, res.Links, cl.Clients, capped, cl.Duration.Round(time.Millisecond), runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(w, "  vehicles seen        %d (all after %s)\n", res.Seen, res.DiscoveryTime.Round(time.Millisecond))
	fmt.Fprintf(w, "  frames received      %.0f /s, %.1f /s per vehicle (loss %.2f %%, dropped %d)\n",
		res.FramesPerSec, res.FramesPerVehicleSec, 100*res.Loss, res.FramesDropped)
	fmt.Fprintf(w, "  frame to client ms   p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  mean %.1f  (%d vehicle messages)\n",
		ms(l.P50), ms(l.P90), ms(l.P99), ms(l.P999), ms(l.Max), ms(l.Mean), l.N)
	sa := res.StationAge
	fmt.Fprintf(w, "    station's share   p50 ≤%.0f  p90 ≤%.0f  p99 ≤%.0f  mean %.1f  (frame received to socket written, bucket bounds)\n",
		ms(sa.P50), ms(sa.P90), ms(sa.P99), ms(sa.Mean))
	fmt.Fprintf(w, "  per client           %.0f msgs/s (slowest %.0f), %.0f KiB/s (slowest %.0f), states of %d+ vehicles\n",
		cl.MsgsPerSecMean, cl.MsgsPerSecMin, cl.BytesPerSecMean/1024, cl.BytesPerSecMin/1024, cl.VehiclesMin)
	fmt.Fprintf(w, "  hub                  %d sent (%d as deltas) in %d writes, %d coalesced, dropped clients %v\n", res.HubSent, res.HubDeltas, res.HubWrites, res.HubCoalesced, res.HubDropped)
	fmt.Fprintf(w, "  seq gaps             %d; snapshots after the first %d; disconnects %d; bad messages %d\n",
		cl.SeqGaps, cl.Snapshots, len(cl.Disconnects), cl.BadMessages)
	for _, d := range cl.Disconnects {
		fmt.Fprintf(w, "    %s\n", d)
	}
	fmt.Fprintf(w, "  station CPU          %.2f cores\n", res.StationCPU)
	fmt.Fprintf(w, "  station peak RSS     %.1f MiB\n", float64(res.StationPeakRSS)/(1<<20))
	fmt.Fprintf(w, "  simulator CPU        %.2f cores\n", res.SimCPU)
	fmt.Fprintf(w, "  clients CPU          %.2f cores\n", res.ClientsCPU)
}

// runBenchWebClients is the clients process of bench web: it prints
// bench.MeasuringLine and bench.MeasuredLine around the measurement, then
// its result as JSON.
func runBenchWebClients(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "bench web-clients", "bench web-clients --url ws://HOST/ws [--clients M] [--duration D]")
	url := fs.String("url", "", "the station's websocket, ws://HOST:PORT/ws")
	clients := fs.Int("clients", 100, "websocket clients")
	settle := fs.Duration("settle", 10*time.Second, "how long to wait after connecting before measuring")
	duration := fs.Duration("duration", 30*time.Second, "how long to measure")
	cpuprofile := fs.String("cpuprofile", "", "file for a CPU profile of the measurement")
	rcvbuf := fs.Int("rcvbuf", 0, "socket receive buffer of each client in bytes; 0: the kernel's (grows as needed)")
	vehicles := fs.Int("vehicles", 0, "vehicles the station has; a client stops recording which it has seen once it has seen them all (0: never)")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	if *url == "" {
		return fmt.Errorf("--url is required")
	}
	res, err := bench.WebClients(ctx, bench.WebClientsConfig{URL: *url, Clients: *clients, Settle: *settle, Duration: *duration,
		CPUProfile: *cpuprofile, ReceiveBuffer: *rcvbuf, Vehicles: *vehicles,
		Measuring: func() { fmt.Fprintln(e.stdout, bench.MeasuringLine) },
		Measured:  func() { fmt.Fprintln(e.stdout, bench.MeasuredLine) }})
	if err != nil {
		return err
	}
	return json.NewEncoder(e.stdout).Encode(res)
}
