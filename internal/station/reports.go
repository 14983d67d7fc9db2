package station

import (
	"context"
	"fmt"
	"time"

	"skerry/gcs"
	"skerry/gcs/report"
	"skerry/internal/store"
	"skerry/web/api"
	"skerry/web/notify"
)

// prepareReports makes the maritime picture (before it starts) report
// incidents to the maritime units kept in the database (seeded from
// Config.Units). Without a database there is no outbox: incidents are
// kept in memory and reported to no one (said in the log when units are
// configured).
func (s *Station) prepareReports(cfg Config, url string) error {
	rc := report.Config{Sender: cfg.ReportSender, BaseURL: url, Status: cfg.ReportStatus}
	if err := report.CheckStatus(rc.Status); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	if s.Store == nil {
		if len(cfg.Units) > 0 {
			cfg.Log.Warn("maritime units configured but no data directory: no reports are sent (they need the database's outbox)")
		}
		return nil
	}
	outbox := s.Store.Outbox()
	s.Units = &gcs.Units{Store: s.Store.Units(), Outbox: outbox, Report: outbox.Report, Events: s.Events,
		Check: store.CheckUnit}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, u := range cfg.Units {
		if _, err := s.Units.Put(ctx, u); err != nil {
			return fmt.Errorf("unit %q: %w", u.ID, err)
		}
	}
	s.Maritime.Outbox, s.Maritime.Units, s.Maritime.ReportConfig = outbox, s.Store.Units(), rc
	return nil
}

// startReports starts the dispatcher that delivers the reports (the
// undelivered ones of a previous run first).
func (s *Station) startReports(cfg Config) error {
	if s.Units == nil {
		return nil
	}
	s.Dispatcher = &notify.Dispatcher{Outbox: s.Store.Outbox(), Units: s.Store.Units().Units, Events: s.Events,
		Log: cfg.Log.With("component", "reports")}
	if err := s.Dispatcher.Initialize(); err != nil {
		s.Dispatcher = nil
		return fmt.Errorf("reports: %w", err)
	}
	s.Units.Changed = s.Dispatcher.Reload
	return nil
}

// stopReports stops the dispatcher (undelivered reports stay in the
// outbox for the next start).
func (s *Station) stopReports() {
	if s.Dispatcher != nil {
		s.Dispatcher.Close()
	}
}

// reportCounters adds the dispatcher's counters for /metrics.
func (s *Station) reportCounters(out map[string]uint64) {
	if s.Dispatcher == nil {
		return
	}
	for k, v := range s.Dispatcher.Stats() {
		out[k+"_total"] = v
	}
}

// unitsService is the units API's service: nil (503) without a database.
func (s *Station) unitsService() api.UnitsService {
	if s.Units == nil {
		return nil
	}
	return s.Units
}
