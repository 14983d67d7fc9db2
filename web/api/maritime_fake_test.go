package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"skerry/gcs"
)

// fakeMaritime is a maritime picture held in memory: targets, incidents
// following the real lifecycle rule (gcs.CheckIncidentStep), files and
// rules; it records who did what. Its fail, when set, makes every call
// fail.
type fakeMaritime struct {
	mu        sync.Mutex
	targets   []gcs.Target
	incidents map[string]gcs.Incident
	files     map[string][]byte
	rules     json.RawMessage
	rulesBy   string
	raised    []gcs.ManualIncident
	filters   []gcs.IncidentFilter
	fail      error
	now       time.Time
}

func (m *fakeMaritime) Targets(context.Context) ([]gcs.Target, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	ps := make([]*gcs.Target, len(m.targets))
	for i := range m.targets {
		ps[i] = &m.targets[i]
	}
	gcs.SortTargets(ps)
	out := make([]gcs.Target, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out, nil
}

func (m *fakeMaritime) Target(_ context.Context, id gcs.VesselID) (gcs.Target, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.targets {
		if t.ID == id {
			return t, nil
		}
	}
	return gcs.Target{}, fmt.Errorf("target %s: %w", id, gcs.ErrNoTarget)
}

func (m *fakeMaritime) Incidents(_ context.Context, f gcs.IncidentFilter) ([]gcs.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	m.filters = append(m.filters, f)
	out := []gcs.Incident{}
	for _, inc := range m.incidents {
		if (f.State == "" || inc.State == f.State) && (f.Type == "" || inc.Type == f.Type) {
			out = append(out, inc)
		}
	}
	return out, nil
}

func (m *fakeMaritime) Incident(_ context.Context, id string) (gcs.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	inc, ok := m.incidents[id]
	if !ok {
		return inc, fmt.Errorf("incident %s: %w", id, gcs.ErrNoIncident)
	}
	return inc, nil
}

func (m *fakeMaritime) StepIncident(_ context.Context, id string, to gcs.IncidentState, by, note string) (gcs.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	inc, ok := m.incidents[id]
	if !ok {
		return inc, fmt.Errorf("incident %s: %w", id, gcs.ErrNoIncident)
	}
	if err := gcs.CheckIncidentStep(inc.State, to); err != nil {
		return inc, err
	}
	inc.History = append(inc.History, gcs.IncidentChange{At: m.now, By: by, From: inc.State, To: to, Note: note})
	inc.State, inc.Updated, inc.Version = to, m.now, inc.Version+1
	m.incidents[id] = inc
	return inc, nil
}

func (m *fakeMaritime) RaiseIncident(_ context.Context, mi gcs.ManualIncident) (gcs.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	inc := gcs.Incident{ID: fmt.Sprintf("m%d", len(m.raised)+1), Type: gcs.IncidentManual, Severity: mi.Severity, State: gcs.IncidentNew,
		Title: mi.Title, Raised: m.now, Updated: m.now, Observed: m.now, Version: 1,
		History: []gcs.IncidentChange{{At: m.now, By: mi.By, To: gcs.IncidentNew, Note: mi.Note}}}
	if mi.Target != "" {
		found := false
		for _, t := range m.targets {
			if t.ID == mi.Target {
				found, inc.Lat, inc.Lon = true, t.Lat, t.Lon
				inc.Vessels = []gcs.IncidentVessel{{Target: t.ID, Contact: t.Contact, MMSI: t.MMSI, Status: t.Status}}
			}
		}
		if !found {
			return inc, fmt.Errorf("raise about %s: %w", mi.Target, gcs.ErrNoTarget)
		}
	} else {
		inc.Lat, inc.Lon = *mi.Lat, *mi.Lon
	}
	m.raised = append(m.raised, mi)
	m.incidents[inc.ID] = inc
	return inc, nil
}

func (m *fakeMaritime) IncidentFile(_ context.Context, hash string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[hash]
	if !ok {
		return nil, fmt.Errorf("file %s: %w", hash, os.ErrNotExist)
	}
	return b, nil
}

func (m *fakeMaritime) RuleSettings(context.Context) (json.RawMessage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rules, nil
}

func (m *fakeMaritime) SetRuleSettings(_ context.Context, raw json.RawMessage, by string) (json.RawMessage, error) {
	var v struct {
		Loitering *struct {
			RadiusM float64 `json:"radius_m"`
		} `json:"loitering"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	if v.Loitering != nil && v.Loitering.RadiusM <= 0 {
		return nil, errors.New("loitering.radius_m must be positive")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rules, m.rulesBy = raw, by
	return raw, nil
}
