package station

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"skerry/gcs"
	"skerry/gcs/maritime"
	"skerry/internal/store"
)

// startMaritime starts the maritime picture over the event stream: the sea
// zones of the basemap and of the --sea-zones files, the land, the
// operation's area as the watched area, and the database when there is
// one.
func (s *Station) startMaritime(cfg Config, land *gcs.Land, url string) error {
	zones, err := seaZones(cfg.Basemap, cfg.SeaZones)
	if err != nil {
		return err
	}
	s.Maritime = &maritime.Picture{Events: s.Events, Zones: zones, Watch: s.inOperationArea,
		Settings: cfg.Rules, Log: cfg.Log.With("component", "maritime"),
		Snapshot: s.Vessels.Snapshot, Clips: s.Video}
	if land != nil {
		s.Maritime.Land = land
	}
	if s.Store != nil {
		inc := s.Store.Incidents()
		if n, err := inc.RemoveTemporaryFiles(context.Background()); err != nil {
			return fmt.Errorf("evidence files: %w", err)
		} else if n > 0 {
			cfg.Log.Warn("evidence files left half-written by a crash removed", "files", n)
		}
		s.Maritime.Store, s.Maritime.SettingsStore = inc, s.Store.Settings()
	}
	if err := s.prepareReports(cfg, url); err != nil {
		return err
	}
	if err := s.Maritime.Initialize(); err != nil {
		return fmt.Errorf("maritime picture: %w", err)
	}
	if s.Store != nil {
		ctx, cancel := context.WithCancel(context.Background())
		s.history = &store.AISRecorder{Store: s.Store, Events: s.Events, Log: cfg.Log.With("component", "history"),
			Retention: cfg.HistoryRetention}
		s.historyStop = cancel
		s.historyDone = make(chan struct{})
		go func() {
			defer close(s.historyDone)
			s.history.Run(ctx)
		}()
	}
	return nil
}

// stopHistory stops the AIS history recorder, which writes what it holds.
func (s *Station) stopHistory() {
	if s.historyStop != nil {
		s.historyStop()
		<-s.historyDone
	}
}

// inOperationArea says whether a position is inside the active
// operation's area; everywhere when it has none.
func (s *Station) inOperationArea(lat, lon float64) bool {
	op := s.Operation.Get()
	if op == nil || len(op.Area) == 0 {
		return true
	}
	return planar.PolygonContains(op.Area, orb.Point{lon, lat})
}

// seaZones reads the sea zones of the basemap and of each extra file (each
// a GeoJSON FeatureCollection) as one set.
func seaZones(basemap []byte, files [][]byte) (*maritime.Zones, error) {
	var all struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	all.Type = "FeatureCollection"
	for i, b := range append([][]byte{basemap}, files...) {
		if b == nil {
			continue
		}
		var fc struct {
			Features []json.RawMessage `json:"features"`
		}
		if err := json.Unmarshal(b, &fc); err != nil {
			if i == 0 {
				return nil, fmt.Errorf("basemap: sea zones: %w", err)
			}
			return nil, fmt.Errorf("sea zones file %d: %w", i, err)
		}
		all.Features = append(all.Features, fc.Features...)
	}
	merged, err := json.Marshal(all)
	if err != nil {
		return nil, err
	}
	z, err := maritime.ParseZones(merged)
	if err != nil {
		return nil, fmt.Errorf("sea zones: %w", err)
	}
	return z, nil
}

// maritimeCounters adds the maritime picture's counters for /metrics.
func (s *Station) maritimeCounters(out map[string]uint64) {
	if s.Maritime == nil {
		return
	}
	ms := s.Maritime.Stats()
	out["maritime_evaluations_total"] = ms.Evaluations
	out["maritime_findings_total"] = ms.Findings
	out["maritime_incidents_raised_total"] = ms.Raised
	out["maritime_incidents_manual_total"] = ms.Manual
	out["maritime_incident_steps_total"] = ms.Steps
	out["maritime_store_errors_total"] = ms.StoreErrors
}

// gauges are the station's levels for /metrics.
func (s *Station) gauges() map[string]float64 {
	if s.Maritime == nil {
		return nil
	}
	ms := s.Maritime.Stats()
	return map[string]float64{"maritime_targets": float64(ms.Targets), "maritime_open_incidents": float64(ms.Open),
		"maritime_last_evaluation_seconds": ms.LastEval.Seconds()}
}
