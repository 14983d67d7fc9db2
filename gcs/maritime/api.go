package maritime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"skerry/gcs"
)

// Targets returns the picture's targets as of the last round, highest
// risk first (gcs.SortTargets).
func (p *Picture) Targets(ctx context.Context) ([]gcs.Target, error) {
	var ptrs []*gcs.Target
	if !p.do(ctx, func() {
		ptrs = make([]*gcs.Target, 0, len(p.tracks))
		for _, tr := range p.tracks {
			t := tr.Target
			ptrs = append(ptrs, &t)
		}
	}) {
		return nil, p.gone(ctx)
	}
	gcs.SortTargets(ptrs)
	out := make([]gcs.Target, len(ptrs))
	for i, t := range ptrs {
		out[i] = *t
	}
	return out, nil
}

// Target returns one target; an error wrapping gcs.ErrNoTarget when the
// picture has none of that id.
func (p *Picture) Target(ctx context.Context, id gcs.VesselID) (gcs.Target, error) {
	var (
		t  gcs.Target
		ok bool
	)
	if !p.do(ctx, func() {
		if tr := p.tracks[id]; tr != nil {
			t, ok = tr.Target, true
		}
	}) {
		return t, p.gone(ctx)
	}
	if !ok {
		return t, fmt.Errorf("target %q: %w", id, gcs.ErrNoTarget)
	}
	return t, nil
}

// Incidents returns the incidents f selects, most recently updated
// first: those in memory, and the store's older ones.
func (p *Picture) Incidents(ctx context.Context, f gcs.IncidentFilter) ([]gcs.Incident, error) {
	byID := map[string]gcs.Incident{}
	if p.Store != nil {
		stored, err := p.Store.Incidents(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("incidents: %w", err)
		}
		for _, inc := range stored {
			byID[inc.ID] = inc
		}
	}
	if !p.do(ctx, func() {
		for _, inc := range p.book.byID {
			if selects(f, inc) {
				if old, ok := byID[inc.ID]; !ok || old.Version < inc.Version {
					byID[inc.ID] = *inc
				}
			}
		}
	}) {
		return nil, p.gone(ctx)
	}
	ptrs := make([]*gcs.Incident, 0, len(byID))
	for id := range byID {
		inc := byID[id]
		ptrs = append(ptrs, &inc)
	}
	sort.Slice(ptrs, func(i, j int) bool {
		if a, b := ptrs[i].Updated, ptrs[j].Updated; !a.Equal(b) {
			return a.After(b)
		}
		return ptrs[i].ID > ptrs[j].ID
	})
	if f.Limit > 0 && len(ptrs) > f.Limit {
		ptrs = ptrs[:f.Limit]
	}
	out := make([]gcs.Incident, len(ptrs))
	for i, inc := range ptrs {
		out[i] = *inc
	}
	return out, nil
}

// selects says whether f selects inc.
func selects(f gcs.IncidentFilter, inc *gcs.Incident) bool {
	return (f.State == "" || inc.State == f.State) && (f.Type == "" || inc.Type == f.Type) &&
		(f.Since.IsZero() || !inc.Updated.Before(f.Since))
}

// Incident returns one incident with its evidence; an error wrapping
// gcs.ErrNoIncident when there is none.
func (p *Picture) Incident(ctx context.Context, id string) (gcs.Incident, error) {
	var (
		inc gcs.Incident
		ok  bool
	)
	if !p.do(ctx, func() {
		if i := p.book.byID[id]; i != nil {
			inc, ok = *i, true
		}
	}) {
		return inc, p.gone(ctx)
	}
	if ok {
		return inc, nil
	}
	if p.Store != nil {
		return p.Store.Incident(ctx, id)
	}
	return inc, fmt.Errorf("incident %q: %w", id, gcs.ErrNoIncident)
}

// StepIncident moves an incident on in its lifecycle, as operator by with
// an optional note. It returns once the change is stored: an operator is
// never told of a step a crash could lose. Errors wrap gcs.ErrNoIncident
// or gcs.ErrIncidentState, or are the store's.
func (p *Picture) StepIncident(ctx context.Context, id string, to gcs.IncidentState, by, note string) (gcs.Incident, error) {
	if len(note) > 2000 {
		return gcs.Incident{}, fmt.Errorf("%w: a note of at most 2000 bytes", gcs.ErrIncidentState)
	}
	if strings.TrimSpace(by) == "" {
		by = "operator"
	}
	var (
		out gcs.Incident
		err error
	)
	if !p.do(ctx, func() { out, err = p.step(ctx, id, to, by, note) }) {
		return out, p.gone(ctx)
	}
	return out, err
}

func (p *Picture) step(ctx context.Context, id string, to gcs.IncidentState, by, note string) (gcs.Incident, error) {
	cur := p.book.byID[id]
	if cur == nil && p.Store != nil {
		stored, err := p.Store.Incident(ctx, id)
		if err != nil {
			return gcs.Incident{}, err
		}
		cur = &stored
	}
	if cur == nil {
		return gcs.Incident{}, fmt.Errorf("incident %q: %w", id, gcs.ErrNoIncident)
	}
	if err := gcs.CheckIncidentStep(cur.State, to); err != nil {
		return gcs.Incident{}, err
	}
	now := p.Now()
	n := clone(cur)
	n.History = append(n.History, gcs.IncidentChange{At: now, By: by, From: cur.State, To: to, Note: note})
	n.State, n.Version, n.Updated = to, n.Version+1, now
	if err := p.saveMaterial(ctx, n); err != nil {
		p.stats.storeErrors.Add(1)
		p.Log.Error("incident step not saved: refused", "incident", id, "to", to, "by", by, "err", err)
		return gcs.Incident{}, fmt.Errorf("incident %q not saved: %w", id, err)
	}
	delete(p.book.dirty, id)
	p.book.keep(n)
	p.stats.steps.Add(1)
	p.stats.open.Store(int64(len(p.book.open)))
	p.Log.Info("incident "+string(to), "incident", id, "by", by)
	p.Events.Publish(gcs.IncidentEvent{Incident: n})
	return *n, nil
}

// RaiseIncident raises an incident by hand, about a target or a place.
// Errors for a bad request wrap gcs.ErrIncidentState or gcs.ErrNoTarget.
func (p *Picture) RaiseIncident(ctx context.Context, m gcs.ManualIncident) (gcs.Incident, error) {
	if err := checkManual(&m); err != nil {
		return gcs.Incident{}, err
	}
	var (
		out gcs.Incident
		err error
	)
	if !p.do(ctx, func() { out, err = p.raiseManual(m) }) {
		return out, p.gone(ctx)
	}
	return out, err
}

func checkManual(m *gcs.ManualIncident) error {
	m.Title = strings.TrimSpace(m.Title)
	switch {
	case m.Title == "" || len(m.Title) > 200:
		return fmt.Errorf("%w: a title of 1 to 200 bytes", gcs.ErrIncidentState)
	case len(m.Note) > 2000:
		return fmt.Errorf("%w: a note of at most 2000 bytes", gcs.ErrIncidentState)
	case m.Target == "" && (m.Lat == nil || m.Lon == nil):
		return fmt.Errorf("%w: a target or a position (lat, lon)", gcs.ErrIncidentState)
	case m.Lat != nil && !(*m.Lat >= -90 && *m.Lat <= 90), m.Lon != nil && !(*m.Lon >= -180 && *m.Lon <= 180):
		return fmt.Errorf("%w: a position on the globe", gcs.ErrIncidentState)
	}
	switch m.Severity {
	case "":
		m.Severity = gcs.IncidentMedium
	case gcs.IncidentLow, gcs.IncidentMedium, gcs.IncidentHigh:
	default:
		return fmt.Errorf("%w: severity %q is not low, medium or high", gcs.ErrIncidentState, m.Severity)
	}
	if strings.TrimSpace(m.By) == "" {
		m.By = "operator"
	}
	return nil
}

func (p *Picture) raiseManual(m gcs.ManualIncident) (gcs.Incident, error) {
	now := p.Now()
	inc := &gcs.Incident{ID: newIncidentID(now), Type: gcs.IncidentManual, Severity: m.Severity, State: gcs.IncidentNew,
		Title: m.Title, Summary: m.Note, Raised: now, Observed: now, Updated: now, Version: 1,
		History: []gcs.IncidentChange{{At: now, By: m.By, To: gcs.IncidentNew, Note: m.Note}}}
	inc.Key = "manual:" + inc.ID
	if m.Target != "" {
		tr := p.tracks[m.Target]
		if tr == nil {
			return gcs.Incident{}, fmt.Errorf("target %q: %w", m.Target, gcs.ErrNoTarget)
		}
		inc.Lat, inc.Lon = tr.Target.Lat, tr.Target.Lon
		inc.Vessels = []gcs.IncidentVessel{incidentVessel(&tr.Target)}
		inc.Evidence = p.evidence(tr, now)
		if len(tr.Target.Zones) > 0 {
			inc.Area = tr.Target.Zones[0]
		}
		p.book.past[tr.Identity()]++
	}
	if m.Lat != nil && m.Lon != nil {
		inc.Lat, inc.Lon = *m.Lat, *m.Lon
	}
	if m.Note != "" {
		inc.Evidence = append(inc.Evidence, gcs.Evidence{Kind: gcs.EvidenceNote, At: now, Note: m.Note})
	}
	if err := p.saveMaterial(context.Background(), inc); err != nil {
		p.stats.storeErrors.Add(1)
		p.Log.Error("manual incident not saved: refused", "by", m.By, "err", err)
		return gcs.Incident{}, fmt.Errorf("incident not saved: %w", err)
	}
	p.book.keep(inc)
	p.stats.manual.Add(1)
	p.stats.open.Store(int64(len(p.book.open)))
	p.Log.Info("incident raised by hand", "incident", inc.ID, "by", m.By, "title", inc.Title)
	p.Events.Publish(gcs.IncidentEvent{Incident: inc})
	return *inc, nil
}

// RuleSettings returns the rules' settings as JSON.
func (p *Picture) RuleSettings(ctx context.Context) (json.RawMessage, error) {
	var s Settings
	if !p.do(ctx, func() { s = p.set }) {
		return nil, p.gone(ctx)
	}
	return json.Marshal(s)
}

// ErrBadSettings: settings that cannot be used; the error says why.
var ErrBadSettings = errors.New("bad rules' settings")

// SetRuleSettings changes the rules' settings: raw holds the fields to
// change (the others keep their values). It returns the settings now in
// force once they are stored; bad settings wrap ErrBadSettings.
func (p *Picture) SetRuleSettings(ctx context.Context, raw json.RawMessage, by string) (json.RawMessage, error) {
	var (
		out json.RawMessage
		err error
	)
	if !p.do(ctx, func() {
		var s Settings
		if s, err = decodeSettings(p.set, raw); err != nil {
			return
		}
		if out, err = json.Marshal(s); err != nil {
			return
		}
		if p.SettingsStore != nil {
			if err = p.SettingsStore.Put(ctx, SettingsName, out, by); err != nil {
				err = fmt.Errorf("rules' settings not saved: %w", err)
				return
			}
		}
		p.set = s
		p.Log.Info("rules' settings changed", "by", by, "settings", string(out))
	}) {
		return nil, p.gone(ctx)
	}
	return out, err
}

// decodeSettings applies raw over base strictly (unknown fields are
// refused) and checks the result.
func decodeSettings(base Settings, raw json.RawMessage) (Settings, error) {
	s := base
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return base, fmt.Errorf("%w: %v", ErrBadSettings, err)
	}
	if err := s.Check(); err != nil {
		return base, fmt.Errorf("%w: %v", ErrBadSettings, err)
	}
	return s, nil
}
