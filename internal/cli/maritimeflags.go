package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"skerry/gcs/maritime"
	"skerry/gcs/report"
	"skerry/internal/station"
	"skerry/internal/store"
)

// maritimeFlags configure the maritime picture: extra sea zones and the
// rules' settings.
type maritimeFlags struct {
	seaZones  listFlag
	rules     string
	retention time.Duration
	units     string
	sender    string
	status    string
}

func (f *maritimeFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.seaZones, "sea-zones", "GeoJSON `FILE` of sea zones, repeatable: features with \"kind\":\"sea_zone\" and \"zone\": restricted, protected, anchorage or berth, beside the basemap's (see gcs/maritime/RULES.md)")
	fs.DurationVar(&f.retention, "history-retention", 30*24*time.Hour, "how long the vessel history (AIS positions, the cameras' tracks) is kept in the data directory; 0 keeps it all")
	fs.StringVar(&f.units, "units", "", "JSON `FILE` of maritime units to report incidents to (an array of {id, name, webhook, secret, token, area: {polygon: [[lon,lat]...]} or {lat, lon, radius_m}, types, min_severity, default, format: cap|geojson|json}); kept in the data directory with those the API adds")
	fs.StringVar(&f.sender, "report-sender", "skerry", "the station's name in its reports (CAP sender)")
	fs.StringVar(&f.status, "report-status", "Actual", "the reports' CAP status: Actual, Exercise, System, Test or Draft")
	fs.StringVar(&f.rules, "rules", "", "JSON `FILE` of the suspicious-behaviour rules' settings at first start (fields not given keep their defaults; settings changed through the API and stored in the data directory win); see gcs/maritime/RULES.md")
}

// apply reads the files into cfg.
func (f *maritimeFlags) apply(cfg *station.Config) error {
	if f.retention < 0 {
		return fmt.Errorf("--history-retention %v: 0 (keep all) or more", f.retention)
	}
	cfg.HistoryRetention = f.retention
	cfg.ReportSender, cfg.ReportStatus = f.sender, f.status
	if err := report.CheckStatus(f.status); err != nil {
		return fmt.Errorf("--report-status: %w", err)
	}
	if f.units != "" {
		b, err := os.ReadFile(f.units)
		if err != nil {
			return fmt.Errorf("--units: %w", err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cfg.Units); err != nil {
			return fmt.Errorf("--units %s: %w", f.units, err)
		}
		for _, u := range cfg.Units {
			if err := store.CheckUnit(u); err != nil {
				return fmt.Errorf("--units %s: %w", f.units, err)
			}
		}
	}
	for _, name := range f.seaZones {
		b, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("--sea-zones: %w", err)
		}
		if _, err := maritime.ParseZones(b); err != nil {
			return fmt.Errorf("--sea-zones %s: %w", name, err)
		}
		cfg.SeaZones = append(cfg.SeaZones, b)
	}
	if f.rules == "" {
		return nil
	}
	b, err := os.ReadFile(f.rules)
	if err != nil {
		return fmt.Errorf("--rules: %w", err)
	}
	s := maritime.DefaultSettings()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("--rules %s: %w", f.rules, err)
	}
	if err := s.Check(); err != nil {
		return fmt.Errorf("--rules %s: %w", f.rules, err)
	}
	cfg.Rules = &s
	return nil
}
