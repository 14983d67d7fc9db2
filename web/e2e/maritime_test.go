package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web"
	"skerry/web/api"
	"skerry/web/live"
)

// TestMaritimeInBrowser runs maritime.test.mjs: the console's maritime
// picture against a station whose live feed is the real hub over the
// core's event stream and whose API is the real api.Server, with a
// maritime picture held in memory (the engine is gcs/maritime's; here
// only what the API and the feed need). POST /test/start announces four
// targets (dark, inconsistent, identified, AIS only) and four incidents;
// lifecycle steps and manual incidents go through the API, follow the
// real lifecycle rule and are announced on the feed, as the engine does.
// Skips, loudly, without Chromium, Node.js or playwright-core; fails
// instead with CI=true.
func TestMaritimeInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	chromium, node := browserTools(t)
	st := newMaritimeStation(t)
	srv := httptest.NewServer(st.handler())
	t.Cleanup(srv.Close)
	runSuites(t, chromium, node, srv.URL, "maritime.test.mjs")
}

// maritimeStation is the test's station: the core's event stream, a
// fleet, the live hub, the API and a maritime picture in memory.
type maritimeStation struct {
	events *gcs.Events
	fleet  *gcs.Fleet
	hub    *live.Hub
	jpeg   []byte
	hash   string

	mu        sync.Mutex
	targets   map[gcs.VesselID]*gcs.Target
	incidents map[string]*gcs.Incident
	steps     []map[string]string // the lifecycle steps asked for
	raised    []gcs.ManualIncident
}

func newMaritimeStation(t *testing.T) *maritimeStation {
	img := image.NewRGBA(image.Rect(0, 0, 96, 64))
	for y := range 64 {
		for x := range 96 {
			img.Set(x, y, color.RGBA{R: 20, G: 60, B: 110, A: 255})
			if x > 20 && x < 76 && y > 26 && y < 40 {
				img.Set(x, y, color.RGBA{R: 230, G: 30, B: 30, A: 255})
			}
		}
	}
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, img, nil))
	sum := sha256.Sum256(buf.Bytes())
	events := &gcs.Events{}
	f := &gcs.Fleet{TickPeriod: time.Hour, Events: events}
	require.NoError(t, f.Initialize())
	h := &live.Hub{Events: events}
	require.NoError(t, h.Initialize())
	t.Cleanup(func() {
		h.Close()
		f.Close()
	})
	return &maritimeStation{events: events, fleet: f, hub: h, jpeg: buf.Bytes(), hash: hex.EncodeToString(sum[:]),
		targets: map[gcs.VesselID]*gcs.Target{}, incidents: map[string]*gcs.Incident{}}
}

func (s *maritimeStation) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /test/start", s.start)
	mux.HandleFunc("POST /test/bump/{id}", s.bump)
	mux.HandleFunc("POST /test/remove/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := gcs.VesselID(r.PathValue("id"))
		s.mu.Lock()
		delete(s.targets, id)
		s.mu.Unlock()
		s.events.Publish(gcs.TargetEvent{ID: id})
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /test/steps", func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		writeJSON(w, map[string]any{"steps": s.steps, "raised": s.raised})
	})
	mux.Handle("/", (&web.Server{API: &api.Server{Fleet: s.fleet, Maritime: s}, Hub: s.hub}).Handler())
	return mux
}

// start announces the targets and incidents.
func (s *maritimeStation) start(w http.ResponseWriter, _ *http.Request) {
	now := time.Now().UTC()
	risk := func(score float64, reasons ...gcs.RiskReason) gcs.Risk {
		return gcs.Risk{Score: score, Reasons: reasons}
	}
	targets := []*gcs.Target{
		{ID: "v1", Status: gcs.TargetDark, Sources: []string{gcs.SourceCamera}, Lat: 36.125, Lon: -5.42, ErrorM: 12, Course: 45, Speed: 6,
			Length: 11, Contact: "v1", Risk: risk(80, gcs.RiskReason{Factor: "dark_vessel", Points: 60, Text: "seen 14 min without AIS"},
				gcs.RiskReason{Factor: "zone", Points: 20, Text: "in the port approach"}), FirstSeen: now.Add(-14 * time.Minute), LastSeen: now},
		{ID: "v2", Status: gcs.TargetInconsistent, Sources: []string{gcs.SourceCamera, gcs.SourceAIS}, Lat: 36.118, Lon: -5.405, ErrorM: 20,
			Course: 300, Speed: 3, Length: gcs.Unknown, Contact: "v2", MMSI: 244000002, AIS: &gcs.AISVessel{MMSI: 244000002, AISStatic: gcs.AISStatic{Name: "GHOST"}},
			Inconsistency: "its AIS puts it 3.2 km from the boat seen", Risk: risk(55, gcs.RiskReason{Factor: "ais_inconsistency", Points: 55, Text: "AIS contradicts the cameras"}),
			FirstSeen: now, LastSeen: now},
		{ID: "v3", Status: gcs.TargetIdentified, Sources: []string{gcs.SourceCamera, gcs.SourceAIS}, Lat: 36.135, Lon: -5.435, ErrorM: 15,
			Course: 90, Speed: 4, Length: 80, Contact: "v3", MMSI: 244123456, AIS: &gcs.AISVessel{MMSI: 244123456, AISStatic: gcs.AISStatic{Name: "NORDIC STAR", CallSign: "PD1234", ShipType: 70}},
			Risk: risk(20, gcs.RiskReason{Factor: "loitering", Points: 20, Text: "within 300 m for 40 min"}), FirstSeen: now, LastSeen: now},
		{ID: "ais-235000001", Status: gcs.TargetAIS, Sources: []string{gcs.SourceAIS}, Lat: 36.14, Lon: -5.41, ErrorM: 30, Course: 200, Speed: 5,
			Length: gcs.Unknown, MMSI: 235000001, AIS: &gcs.AISVessel{MMSI: 235000001, AISStatic: gcs.AISStatic{Name: "SEA FOX"}},
			Risk: risk(5), FirstSeen: now, LastSeen: now},
	}
	sog, cog := 5.2, 44.0
	track := []gcs.TrackPoint{{At: now.Add(-2 * time.Minute), Lat: 36.12, Lon: -5.425}, {At: now.Add(-time.Minute), Lat: 36.1225, Lon: -5.4225}, {At: now, Lat: 36.125, Lon: -5.42}}
	inc := func(id string, typ gcs.IncidentType, sev gcs.IncidentSeverity, st gcs.IncidentState, title string, v gcs.VesselID, ago time.Duration) *gcs.Incident {
		at := now.Add(-ago)
		return &gcs.Incident{ID: id, Type: typ, Severity: sev, State: st, Key: string(typ) + "/" + string(v), Title: title, Summary: title + ", by the rules",
			Lat: 36.125, Lon: -5.42, Raised: at, Observed: at, Updated: at, Version: 1,
			Vessels: []gcs.IncidentVessel{{Target: v, Contact: v}}, History: []gcs.IncidentChange{{At: at, By: "station", To: gcs.IncidentNew}}}
	}
	i1 := inc("i1", gcs.IncidentDark, gcs.IncidentHigh, gcs.IncidentNew, "Dark vessel v1", "v1", time.Minute)
	i1.Evidence = []gcs.Evidence{
		{Kind: gcs.EvidenceSnapshot, At: now, Vessel: "v1", File: s.hash, MIME: "image/jpeg"},
		{Kind: gcs.EvidenceTrack, At: now, Vessel: "v1", Track: track},
		{Kind: gcs.EvidenceAIS, At: now, Vessel: "v2", AIS: &gcs.AISVessel{MMSI: 244000002, AISStatic: gcs.AISStatic{Name: "GHOST"}, SOG: &sog, COG: &cog}},
		{Kind: gcs.EvidenceSensors, At: now, Vessel: "v1", Sensors: []gcs.Sighting{{Vehicle: "cam1-1", Stream: "c100s1", At: now}}},
	}
	i2 := inc("i2", gcs.IncidentLoitering, gcs.IncidentMedium, gcs.IncidentNew, "Loitering NORDIC STAR", "v3", 2*time.Minute)
	i2.Lat, i2.Lon = 36.135, -5.435
	i3 := inc("i3", gcs.IncidentRendezvous, gcs.IncidentHigh, gcs.IncidentAcknowledged, "Rendezvous v1 and v2", "v2", 3*time.Minute)
	i4 := inc("i4", gcs.IncidentAISGap, gcs.IncidentLow, gcs.IncidentClosed, "AIS gap SEA FOX", "ais-235000001", 4*time.Minute)
	evs := []gcs.Event{}
	s.mu.Lock()
	for _, t := range targets {
		s.targets[t.ID] = t
		cp := *t
		evs = append(evs, gcs.TargetEvent{ID: t.ID, Target: &cp})
	}
	for _, i := range []*gcs.Incident{i1, i2, i3, i4} {
		s.incidents[i.ID] = i
		cp := *i
		evs = append(evs, gcs.IncidentEvent{Incident: &cp})
	}
	s.mu.Unlock()
	s.events.Publish(evs...)
	w.WriteHeader(http.StatusNoContent)
}

// bump makes a target the riskiest.
func (s *maritimeStation) bump(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	t, ok := s.targets[gcs.VesselID(r.PathValue("id"))]
	var cp gcs.Target
	if ok {
		t.Risk = gcs.Risk{Score: 95, Reasons: []gcs.RiskReason{{Factor: "fast_approach", Points: 95, Text: "18 kn towards the beach"}}}
		cp = *t
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.events.Publish(gcs.TargetEvent{ID: cp.ID, Target: &cp})
	w.WriteHeader(http.StatusNoContent)
}

// The api.Maritime of the test station.

func (s *maritimeStation) Targets(context.Context) ([]gcs.Target, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := make([]*gcs.Target, 0, len(s.targets))
	for _, t := range s.targets {
		ps = append(ps, t)
	}
	gcs.SortTargets(ps)
	out := make([]gcs.Target, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out, nil
}

func (s *maritimeStation) Target(_ context.Context, id gcs.VesselID) (gcs.Target, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.targets[id]; ok {
		return *t, nil
	}
	return gcs.Target{}, fmt.Errorf("%s: %w", id, gcs.ErrNoTarget)
}

func (s *maritimeStation) Incidents(context.Context, gcs.IncidentFilter) ([]gcs.Incident, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []gcs.Incident{}
	for _, i := range s.incidents {
		out = append(out, *i)
	}
	return out, nil
}

func (s *maritimeStation) Incident(_ context.Context, id string) (gcs.Incident, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, ok := s.incidents[id]; ok {
		return *i, nil
	}
	return gcs.Incident{}, fmt.Errorf("%s: %w", id, gcs.ErrNoIncident)
}

func (s *maritimeStation) StepIncident(_ context.Context, id string, to gcs.IncidentState, by, note string) (gcs.Incident, error) {
	s.mu.Lock()
	s.steps = append(s.steps, map[string]string{"id": id, "to": string(to), "by": by, "note": note})
	i, ok := s.incidents[id]
	if !ok {
		s.mu.Unlock()
		return gcs.Incident{}, fmt.Errorf("%s: %w", id, gcs.ErrNoIncident)
	}
	if err := gcs.CheckIncidentStep(i.State, to); err != nil {
		s.mu.Unlock()
		return gcs.Incident{}, err
	}
	now := time.Now().UTC()
	cp := *i
	cp.History = append(append([]gcs.IncidentChange(nil), i.History...), gcs.IncidentChange{At: now, By: by, From: i.State, To: to, Note: note})
	cp.State, cp.Updated, cp.Version = to, now, i.Version+1
	s.incidents[id] = &cp
	s.mu.Unlock()
	ann := cp
	s.events.Publish(gcs.IncidentEvent{Incident: &ann})
	return cp, nil
}

func (s *maritimeStation) RaiseIncident(_ context.Context, m gcs.ManualIncident) (gcs.Incident, error) {
	s.mu.Lock()
	now := time.Now().UTC()
	inc := gcs.Incident{ID: fmt.Sprintf("m%d", len(s.raised)+1), Type: gcs.IncidentManual, Severity: m.Severity, State: gcs.IncidentNew,
		Title: m.Title, Summary: m.Note, Raised: now, Observed: now, Updated: now, Version: 1, Vessels: []gcs.IncidentVessel{},
		History: []gcs.IncidentChange{{At: now, By: m.By, To: gcs.IncidentNew, Note: m.Note}}}
	if m.Target != "" {
		t, ok := s.targets[m.Target]
		if !ok {
			s.mu.Unlock()
			return inc, fmt.Errorf("%s: %w", m.Target, gcs.ErrNoTarget)
		}
		inc.Lat, inc.Lon = t.Lat, t.Lon
		inc.Vessels = []gcs.IncidentVessel{{Target: t.ID, Contact: t.Contact, MMSI: t.MMSI, Status: t.Status}}
	} else {
		inc.Lat, inc.Lon = *m.Lat, *m.Lon
	}
	inc.Key = "manual/" + inc.ID
	s.raised = append(s.raised, m)
	s.incidents[inc.ID] = &inc
	s.mu.Unlock()
	ann := inc
	s.events.Publish(gcs.IncidentEvent{Incident: &ann})
	return inc, nil
}

func (s *maritimeStation) IncidentFile(_ context.Context, hash string) ([]byte, error) {
	if hash != s.hash {
		return nil, fmt.Errorf("%s: %w", hash, os.ErrNotExist)
	}
	return s.jpeg, nil
}

func (s *maritimeStation) RuleSettings(context.Context) (json.RawMessage, error) {
	return json.RawMessage(`{}`), nil
}

func (s *maritimeStation) SetRuleSettings(_ context.Context, raw json.RawMessage, _ string) (json.RawMessage, error) {
	return raw, nil
}
