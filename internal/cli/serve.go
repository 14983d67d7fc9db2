package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"skerry/internal/station"
	"skerry/video"
)

// stationFlags are the flags that configure a station.
type stationFlags struct {
	http        string
	links       listFlag
	redundant   listFlag
	record      string
	linkTimeout time.Duration
	basemap     string
	landMargin  float64
	data        string
	tiles       tileFlags
	op          operationFlags
	video       cameraFlags
	ais         listFlag
	maritime    maritimeFlags
}

func (f *stationFlags) register(fs *flag.FlagSet, httpDefault string) {
	fs.StringVar(&f.http, "http", httpDefault, "HTTP API address (loopback only for now)")
	fs.Var(&f.links, "link", "MAVLink link `[NAME=]URL`, repeatable: udp-server:HOST:PORT, udp-client:HOST:PORT, tcp-client:HOST:PORT, tcp-server:HOST:PORT, serial:DEVICE:BAUD, tlog:FILE[?speed=N]; port 0 = any free port")
	fs.Var(&f.redundant, "redundant", "declare link NAME a redundant path of link OTHER (`NAME:OTHER`), repeatable")
	fs.StringVar(&f.record, "record", "", "directory for one .tlog recording per link (empty: no recording)")
	fs.DurationVar(&f.linkTimeout, "link-timeout", 3*time.Second, "a vehicle unheard this long is reported lost")
	fs.StringVar(&f.basemap, "basemap", "", "GeoJSON with land, coastline and port features (a scenario file, see sim/scenario/README.md) for the console's offline map (default: the Port of Algeciras scenario)")
	fs.Float64Var(&f.landMargin, "land-margin", video.DefaultLandMargin, landMarginUsage)
	fs.StringVar(&f.data, "data", defaultDataDir(), "`DIR` of the station's durable data: the saved plans, in DIR/skerry.db (empty: keep nothing)")
	f.tiles.register(fs)
	f.op.register(fs)
	f.video.register(fs)
	fs.Var(&f.ais, "ais", aisUsage)
	f.maritime.register(fs)
}

// aisUsage documents --ais.
const aisUsage = "AIS source `SPEC`, repeatable: udp-server:HOST:PORT (receive AIVDM/AIVDO datagrams, e.g. from an AIS receiver or AIS-catcher) or tcp-client:HOST:PORT (read a TCP feed, reconnecting); port 0 = any free port"

func (f *stationFlags) config() (station.Config, error) {
	links, err := parseLinks(f.links, f.redundant)
	if err != nil {
		return station.Config{}, err
	}
	op, err := f.op.operation()
	if err != nil {
		return station.Config{}, err
	}
	basemap, err := scenarioBytes(f.basemap)
	if err != nil {
		return station.Config{}, fmt.Errorf("--basemap: %w", err)
	}
	tiles, err := f.tiles.layer()
	if err != nil {
		return station.Config{}, err
	}
	cfg := station.Config{HTTPAddr: f.http, Links: links, RecordDir: f.record, LinkTimeout: f.linkTimeout, Operation: op, Basemap: basemap,
		LandMargin: landMargin(f.landMargin), DataDir: f.data, Tiles: tiles, AIS: f.ais}
	if err := f.video.apply(&cfg); err != nil {
		return station.Config{}, err
	}
	if err := f.maritime.apply(&cfg); err != nil {
		return station.Config{}, err
	}
	return cfg, nil
}

// landMarginUsage documents --land-margin.
const landMarginUsage = "vessel detections placed on the basemap's land further inland than their error estimate plus this many metres are dropped (buildings, quays), and those cut by the frame's edge nearer the shore than that (land running out of view); negative: no margin"

// landMargin turns --land-margin into station.Config.LandMargin, where 0
// means the default.
func landMargin(m float64) float64 {
	if m == 0 {
		return -1
	}
	return m
}

// defaultDataDir is $XDG_DATA_HOME/skerry, else ~/.local/share/skerry; ""
// when neither is known.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "skerry")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "skerry")
	}
	return ""
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "serve", "serve [--http ADDR] [--link [NAME=]URL]...")
	var sf stationFlags
	sf.register(fs, "127.0.0.1:8080")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	if len(sf.links) == 0 {
		sf.links = listFlag{"udp-server:0.0.0.0:14550"}
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	cfg, err := sf.config()
	if err != nil {
		return err
	}
	cfg.Log = log
	st, err := station.Start(cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	printStation(e, st)
	<-ctx.Done()
	return nil
}

// printStation tells the user where the station is and where it keeps
// its data.
func printStation(e *env, st *station.Station) {
	fmt.Fprintf(e.stdout, "Skerry console: %s\n", st.URL)
	links := st.Telemetry.Describe()
	names := make([]string, 0, len(links))
	for name := range links {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(e.stdout, "MAVLink link %s: %s\n", name, links[name])
	}
	for i, addr := range st.AISAddrs() {
		fmt.Fprintf(e.stdout, "AIS source %d: %s\n", i+1, addr)
	}
	if st.Store != nil {
		fmt.Fprintf(e.stdout, "Saved plans: %s\n", st.Store.Path())
	}
}
