package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"skerry/gcs"
	"skerry/internal/demo"
	"skerry/internal/station"
	"skerry/sim"
	"skerry/sim/scene"
	"skerry/telemetry"
	"skerry/video"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "demo", "demo [--vehicles N] [--script patrol|none] [--http ADDR]")
	httpAddr := fs.String("http", "127.0.0.1:8080", "HTTP address (loopback; a free port is taken if this one is busy)")
	vehicles := fs.Int("vehicles", 10, "simulated vehicles")
	links := fs.Int("links", 2, "MAVLink links the fleet is split over (system ids repeat on each, as separate SITL instances do)")
	script := fs.String("script", "patrol", "what the demo does: patrol (take off and patrol the port) or none (leave the fleet on the ground)")
	speedup := fs.Float64("speedup", 1, "simulated time speed-up")
	scenario := fs.String("scenario", "", "GeoJSON scenario file (default: the embedded Port of Algeciras)")
	record := fs.String("record", "", "directory for one .tlog recording per link (empty: no recording)")
	margin := fs.Float64("land-margin", video.DefaultLandMargin, landMarginUsage)
	data := fs.String("data", "", "`DIR` for the saved plans, DIR/skerry.db (default: a temporary directory, removed on exit)")
	var of operationFlags
	of.register(fs)
	var tf tileFlags
	tf.register(fs)
	var cf simCameraFlags
	cf.register(fs, 4)
	var vf cameraFlags
	vf.register(fs)
	var aisSpecs listFlag
	fs.Var(&aisSpecs, "ais", aisUsage)
	var mf maritimeFlags
	mf.register(fs)
	if err := parse(fs, c, args); err != nil {
		return err
	}
	if *script != "patrol" && *script != "none" {
		return fmt.Errorf("--script %q: want patrol or none", *script)
	}
	if *links < 1 || *vehicles < 1 || *vehicles > 254**links {
		return fmt.Errorf("--vehicles %d on --links %d: each link carries 1–254 vehicles", *vehicles, *links)
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	scen, err := scenarioBytes(*scenario)
	if err != nil {
		return err
	}
	op, err := of.operation()
	if err != nil {
		return err
	}
	tiles, err := tf.layer()
	if err != nil {
		return err
	}
	dataDir, temporary, err := demoDataDir(*data)
	if err != nil {
		return err
	}
	if temporary {
		defer os.RemoveAll(dataDir)
	}
	// The simulator's AIS comes in on a receiver of its own, as a shore
	// station's feed would, beside any --ais sources.
	simAIS := len(aisSpecs)
	cfg := station.Config{HTTPAddr: *httpAddr, HTTPFallback: true, Log: log, RecordDir: *record, Operation: op, Basemap: scen, DataDir: dataDir, Tiles: tiles,
		LandMargin: landMargin(*margin), AIS: append(append([]string(nil), aisSpecs...), "udp-server:127.0.0.1:0")}
	if err := vf.apply(&cfg); err != nil {
		return err
	}
	if err := mf.apply(&cfg); err != nil {
		return err
	}
	// A patrol boat's receiving end takes every incident's reports and
	// prints them; they are drills.
	unit, stopUnit, err := demoUnit(e.stdout, log.With("component", "unit"))
	if err != nil {
		return err
	}
	defer stopUnit()
	cfg.Units = append(cfg.Units, unit)
	if mf.status == "Actual" {
		cfg.ReportStatus = "Exercise"
	}
	for i := range *links {
		cfg.Links = append(cfg.Links, telemetry.LinkConfig{Name: fmt.Sprintf("sim%d", i+1), URL: "udp-server:127.0.0.1:0"})
	}
	st, err := station.Start(cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	simCfg := sim.Config{Vehicles: *vehicles, Speedup: *speedup, Scenario: *scenario, Log: log}
	if err := cf.apply(&simCfg); err != nil {
		return err
	}
	simCfg.AISAddr = st.AISAddrs()[simAIS]
	addrs := st.Telemetry.Addrs()
	for _, l := range cfg.Links {
		simCfg.Links = append(simCfg.Links, sim.LinkConfig{Paths: []string{"udp:" + addrs[l.Name]}})
	}
	fleet, err := sim.New(simCfg)
	if err != nil {
		return err
	}
	if err := fleet.Start(); err != nil {
		return err
	}
	defer fleet.Close()
	printStation(e, st)
	fmt.Fprintf(e.stdout, "The scenario's vessels with AIS broadcast it to the station (%s): curl -s %sapi/ais\n", simCfg.AISAddr, st.URL)
	fmt.Fprintf(e.stdout, "Incidents (curl -s %sapi/incidents) are reported as CAP 1.2 drills to the demo's patrol boat, whose receiver prints them here (\"unit patrol-vigia: ...\")\n", st.URL)
	if temporary {
		fmt.Fprintf(e.stdout, "(saved plans are temporary: removed on exit; --data DIR keeps them)\n")
	}
	fmt.Fprintf(e.stdout, "Simulating %d vehicles; try: curl -s %sapi/vehicles\n", *vehicles, st.URL)
	if n := len(fleet.Cameras()); n > 0 {
		fmt.Fprintf(e.stdout, "%d of them stream video from their gimbal cameras over RTSP (%s): open a drone's video panel in the console\n", n, fleet.RTSPAddr())
	}
	if *script == "none" {
		<-ctx.Done()
		return nil
	}
	routes, err := demo.Routes(scen)
	if err != nil {
		return err
	}
	d := &demo.Script{Fleet: st.Fleet, Commander: st.Commander, Routes: routes, Vehicles: *vehicles, Log: log.With("component", "demo")}
	if cams := fleet.Cameras(); len(cams) > 0 {
		// half the camera drones (the first ones) each watch a boat of
		// their own, nearest their base (one without AIS within 8 km
		// first: the maritime picture's rules are about those), that they
		// can keep up with (at most half their 10 m/s cruise) and that
		// fits their view (60 m),
		// so the station has vessels to detect, place and track from the
		// start; the others patrol the ports (where no boat should be
		// reported)
		world, err := scene.NewWorld(scen, simCfg.Seed)
		if err != nil {
			return err
		}
		boats := &demo.Boats{World: world, SimTime: fleet.SimTime, Fleet: st.Fleet, MaxSpeed: 5, MaxLength: 60,
			PreferDark: true, PreferWithin: 8000}
		for i, c := range cams[:(len(cams)+1)/2] {
			id := gcs.VehicleID(fmt.Sprintf("%s-%d", cfg.Links[c.Link].Name, c.SystemID))
			// distinct altitudes, should two watchers' paths cross
			d.Watches = append(d.Watches, &demo.Watch{Vehicle: id, At: boats.Near(id), Altitude: 80 + 5*float64(i)})
			fmt.Fprintf(e.stdout, "%s watches the boat nearest its base with its camera: see its video panel and the Contacts list\n", id)
		}
	}
	if err := d.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	<-ctx.Done()
	return nil
}

// demoDataDir is the demo's data directory: dir, or a new temporary one
// the caller removes.
func demoDataDir(dir string) (string, bool, error) {
	if dir != "" {
		return dir, false, nil
	}
	tmp, err := os.MkdirTemp("", "skerry-demo-")
	if err != nil {
		return "", false, fmt.Errorf("data directory: %w", err)
	}
	return tmp, true, nil
}

// scenarioBytes reads a scenario file, or the embedded default.
func scenarioBytes(path string) ([]byte, error) {
	if path == "" {
		return sim.DefaultScenario(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return b, nil
}
