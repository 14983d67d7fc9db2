// Package station wires the ground station together: the fleet, the
// MAVLink links, the commander and the HTTP API, started in dependency
// order and closed in reverse.
package station

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"skerry/gcs"
	"skerry/gcs/maritime"
	"skerry/internal/store"
	"skerry/telemetry"
	"skerry/video"
	"skerry/video/decode"
	"skerry/video/detect"
	"skerry/web"
	"skerry/web/api"
	"skerry/web/live"
	"skerry/web/notify"
)

// Station is a running ground station.
type Station struct {
	// Events is the core's event stream, which the fleet, the commander,
	// the operation store and the saved plans publish into and the hub
	// follows.
	Events    *gcs.Events
	Fleet     *gcs.Fleet
	Telemetry *telemetry.Station
	Commander *gcs.Commander
	Missions  *gcs.Missions
	// Planning checks plans and runs planners for every front end.
	Planning *gcs.Planning
	// Params reads and writes vehicles' parameters for every front end.
	Params    *gcs.Parameters
	Operation *gcs.OperationStore
	// Video ingests every camera's stream and feeds the front ends.
	Video *video.Manager
	// Vessels keeps the vessel contacts the cameras' tracker reports.
	Vessels *gcs.Vessels
	// AIS keeps the vessels the AIS sources report.
	AIS *gcs.AISPicture
	// Maritime fuses the contacts with AIS, runs the rules and raises the
	// incidents.
	Maritime *maritime.Picture
	// Units are the maritime units and their reports; Dispatcher delivers
	// the reports. Both nil without a database.
	Units      *gcs.Units
	Dispatcher *notify.Dispatcher
	Hub        *live.Hub
	// Store is the database in DataDir; nil without one.
	Store *store.Store
	// URL is the API's base address, e.g. http://127.0.0.1:8080/.
	URL string
	// Inspector sends drones to look at the picture's vessels.
	Inspector *gcs.Inspector

	ais  *aisFeeds
	http *http.Server
	// history records the AIS positions in the database.
	history     *store.AISRecorder
	historyStop context.CancelFunc
	historyDone chan struct{}
	closeOnce   sync.Once
}

// ErrNotLoopback refuses an HTTP address other than loopback.
var ErrNotLoopback = errors.New("the station serves HTTP on loopback only until operators and roles exist: use 127.0.0.1 or localhost")

// Start starts a station.
func Start(cfg Config) (*Station, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.HTTPAddr == "" {
		cfg.HTTPAddr = "127.0.0.1:8080"
	}
	land, err := parseLand(cfg.Basemap)
	if err != nil {
		return nil, err
	}
	if cfg.Tiles != nil {
		t := *cfg.Tiles
		if err := t.Validate(); err != nil {
			return nil, err
		}
		cfg.Tiles = &t
	}
	db, err := openStore(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	ln, err := listenLoopback(cfg.HTTPAddr, cfg.HTTPFallback)
	if err != nil {
		closeStore(db)
		return nil, err
	}
	if cfg.Operation == nil {
		op, err := gcs.NewOperation(gcs.Operation{})
		if err != nil {
			ln.Close()
			closeStore(db)
			return nil, err
		}
		cfg.Operation = op
	}
	events := &gcs.Events{}
	opStore := &gcs.OperationStore{Events: events}
	opStore.Set(cfg.Operation)
	for _, p := range cfg.Operation.Problems() {
		cfg.Log.Warn("the operation's profile does not hold: every plan and guided order is refused until it does",
			"profile", cfg.Operation.ProfileName, "problem", p)
	}
	s := &Station{Events: events, Fleet: &gcs.Fleet{Log: cfg.Log.With("component", "fleet"), Operation: opStore, Events: events},
		Store: db, Operation: opStore}
	// The AIS picture comes first: drones with an AIS receiver report
	// vessels over MAVLink (AIS_VESSEL) from the links' start.
	s.AIS = &gcs.AISPicture{Events: events, Retention: cfg.AISRetention, Log: cfg.Log.With("component", "ais")}
	if err := s.AIS.Initialize(); err != nil {
		ln.Close()
		closeStore(db)
		return nil, fmt.Errorf("AIS: %w", err)
	}
	if err := s.Fleet.Initialize(); err != nil {
		s.AIS.Close()
		ln.Close()
		closeStore(db)
		return nil, err
	}
	s.Telemetry = &telemetry.Station{
		Links:       cfg.Links,
		Sink:        s.Fleet.Observe,
		Log:         cfg.Log, // telemetry names itself
		LinkTimeout: cfg.LinkTimeout,
		RecordDir:   cfg.RecordDir,

		MissionTiming: cfg.MissionTiming,
		AIS:           s.AIS.Update,
	}
	if err := s.Telemetry.Initialize(); err != nil {
		ln.Close()
		s.Fleet.Close()
		s.AIS.Close()
		closeStore(db)
		return nil, fmt.Errorf("links: %w", err)
	}
	s.Commander = &gcs.Commander{Fleet: s.Fleet, Uplink: s.Telemetry, Events: events, Log: cfg.Log.With("component", "commander")}
	s.Commander.Operation = s.Operation
	s.Missions = &gcs.Missions{Fleet: s.Fleet, Link: s.Telemetry, Operation: s.Operation, Log: cfg.Log.With("component", "missions")}
	s.Params = &gcs.Parameters{Fleet: s.Fleet, Link: s.Telemetry, Log: cfg.Log.With("component", "params")}
	if db != nil {
		s.Commander.Journal, s.Missions.Journal, s.Params.Journal = db.Orders(), db.Orders(), db.Orders()
	}
	var plans gcs.PlanStore
	if s.Store != nil {
		plans = gcs.AnnouncePlans(s.Store.Plans(), events)
	}
	s.Vessels = &gcs.Vessels{Events: events, Log: cfg.Log.With("component", "vessels")}
	if db != nil {
		s.Vessels.Store = db.Vessels()
	}
	if err := s.Vessels.Initialize(); err != nil {
		s.Telemetry.Close()
		s.Fleet.Close()
		s.AIS.Close()
		ln.Close()
		closeStore(db)
		return nil, fmt.Errorf("vessels: %w", err)
	}
	s.Video = &video.Manager{Events: events, Sink: s.Fleet.Observe, Configured: cfg.Cameras, Analyze: cfg.Analyze,
		SampleFPS: cfg.SampleFPS, Transport: cfg.VideoTransport, DataDir: cfg.DataDir, Log: cfg.Log.With("component", "video")}
	if !cfg.NoDetect {
		if land != nil {
			s.Video.Land, s.Video.LandMargin = land, cfg.LandMargin
		}
		s.Video.NewDetector = cfg.NewDetector
		if s.Video.NewDetector == nil {
			s.Video.NewDetector = func() detect.Detector {
				p := detect.DefaultParams()
				p.MinHits = 2 // a stream's frames confirm each other; a still image has no second look
				return detect.NewClassical(p)
			}
		}
		s.Video.Contacts = s.Vessels
	}
	if err := s.Video.Initialize(); err != nil {
		s.Telemetry.Close()
		s.Fleet.Close()
		s.AIS.Close()
		ln.Close()
		closeStore(db)
		s.Vessels.Close()
		return nil, fmt.Errorf("video: %w", err)
	}
	cfg.Log.Info("video decoding", "support", decode.Support())
	if s.Video.Land != nil {
		cfg.Log.Info("vessel detections on land and at the shore by the frame's edge are dropped", "land_polygons", land.Len(), "margin_m", max(s.Video.LandMargin, 0))
	}
	s.Hub = &live.Hub{Events: events, Log: cfg.Log.With("component", "hub")}
	if err := s.Hub.Initialize(); err != nil {
		s.Video.Close()
		s.Vessels.Close()
		s.Telemetry.Close()
		s.Fleet.Close()
		s.AIS.Close()
		ln.Close()
		closeStore(db)
		return nil, err
	}
	if err := s.startMaritime(cfg, land, "http://"+ln.Addr().String()+"/"); err != nil {
		s.closeParts()
		ln.Close()
		return nil, err
	}
	if err := s.startReports(cfg); err != nil {
		s.closeParts()
		ln.Close()
		return nil, err
	}
	if err := s.startInspect(cfg); err != nil {
		s.closeParts()
		ln.Close()
		return nil, err
	}
	if s.ais, err = openAIS(cfg.AIS, s.AIS, cfg.Log.With("component", "ais")); err != nil {
		s.closeParts()
		ln.Close()
		return nil, err
	}
	for i, addr := range s.AISAddrs() {
		cfg.Log.Info("AIS source", "spec", cfg.AIS[i], "addr", addr)
	}
	s.Planning = &gcs.Planning{Fleet: s.Fleet, Operation: s.Operation}
	webLog := cfg.Log.With("component", "web")
	rest := &api.Server{
		Planning:  s.Planning,
		Fleet:     s.Fleet,
		Commander: s.Commander,
		Missions:  s.Missions,
		Params:    s.Params,
		Operation: s.Operation,
		Links:     func() any { return s.Telemetry.Stats() },
		Video:     s.Video,
		Vessels:   s.Vessels,
		AIS:       s.AIS,
		Maritime:  s.Maritime,
		Units:     s.unitsService(),
		Inspect:   s.inspectService(),
		Log:       webLog,
	}
	if db != nil {
		rest.Plans, rest.Orders = plans, db.Orders()
		cfg.Log.Info("saved plans and the order journal kept", "file", db.Path())
	}
	front := &web.Server{API: rest, Hub: s.Hub, Video: s.Video, Basemap: cfg.Basemap, Tiles: cfg.Tiles, Stats: s.counters, Gauges: s.gauges, Log: webLog}
	s.http = &http.Server{Handler: front.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.URL = "http://" + ln.Addr().String() + "/"
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cfg.Log.Error("http server stopped", "err", err)
		}
	}()
	return s, nil
}

// Close stops the station, newest part first. It may be called more than
// once.
func (s *Station) Close() {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = s.http.Shutdown(ctx)
		s.closeParts()
	})
}

// closeParts closes what Start made before the HTTP server, newest first.
func (s *Station) closeParts() {
	s.ais.close()
	s.stopInspect()
	s.stopReports()
	s.stopHistory()
	if s.Maritime != nil {
		s.Maritime.Close()
	}
	s.Hub.Close()
	s.Video.Close()
	s.Vessels.Close()
	s.Telemetry.Close()
	s.AIS.Close() // after the links, which feed it AIS_VESSEL
	s.Fleet.Close()
	closeStore(s.Store)
}

// parseLand reads the basemap's land and ports; nil when it has none.
func parseLand(basemap []byte) (*gcs.Land, error) {
	if basemap == nil {
		return nil, nil
	}
	land, err := gcs.ParseLand(basemap)
	if err != nil {
		return nil, fmt.Errorf("basemap: %w", err)
	}
	if land.Empty() {
		return nil, nil
	}
	return land, nil
}

// counters flattens the MAVLink link counters and the vessel analysis
// counters for /metrics.
func (s *Station) counters() map[string]uint64 {
	vs := s.Video.AnalysisStats()
	out := map[string]uint64{"video_detections_on_land_total": vs.OnLand, "video_detections_at_shore_edge_total": vs.ShoreEdge}
	s.aisCounters(out)
	s.maritimeCounters(out)
	s.reportCounters(out)
	for _, ls := range s.Telemetry.Stats() {
		out["mavlink_frames_in_total"] += ls.FramesIn
		out["mavlink_frames_out_total"] += ls.FramesOut
		out["mavlink_junk_bytes_total"] += ls.Junk
		out["mavlink_bad_crc_total"] += ls.BadCRC
		out["mavlink_malformed_total"] += ls.Malformed
		out["mavlink_dropped_total"] += ls.Dropped
		out["mavlink_sysid0_total"] += ls.Sysid0
	}
	return out
}
