package e2e

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"skerry/gcs"
	"skerry/web"
	"skerry/web/api"
)

// TestReportsInBrowser runs reports.test.mjs: the delivery of the reports
// about an incident in the incident panel, and the units panel, against
// the maritime test station (maritime_test.go) with the real units use
// case (gcs.Units) over units and reports held in memory. POST
// /test/report?status=S[&error=E][&quiet=1] sets the one report (to
// cutter-a about i1) to status S and, unless quiet, announces it as the
// dispatcher does; acknowledgements go through the real API with the
// unit's token ("tok-a").
func TestReportsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	chromium, node := browserTools(t)
	st := newMaritimeStation(t)
	mem := &memReports{units: map[gcs.UnitID]gcs.Unit{
		"cutter-a": {ID: "cutter-a", Name: "Cutter A", Webhook: "https://a.example/cap", Secret: "sec-a", Token: "tok-a",
			Area: &gcs.UnitArea{Lat: 36.12, Lon: -5.42, RadiusM: 20000}, Types: []gcs.IncidentType{gcs.IncidentDark}},
		"ops": {ID: "ops", Name: "Operations centre", Default: true},
	}, reports: map[string]gcs.Report{}}
	us := &gcs.Units{Store: mem, Outbox: mem, Report: mem.report, Events: st.events}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /test/start", st.start)
	mux.HandleFunc("POST /test/report", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		rep := mem.set(gcs.ReportStatus(q.Get("status")), q.Get("error"))
		if q.Get("quiet") == "" {
			st.events.Publish(gcs.ReportEvent{Report: &rep})
		}
		writeJSON(w, rep)
	})
	mux.HandleFunc("GET /test/units", func(w http.ResponseWriter, _ *http.Request) {
		all, _ := mem.Units(context.Background())
		writeJSON(w, all)
	})
	mux.Handle("/", (&web.Server{API: &api.Server{Fleet: st.fleet, Maritime: st, Units: us}, Hub: st.hub}).Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	runSuites(t, chromium, node, srv.URL, "reports.test.mjs")
}

// memReports keeps units and reports in memory: the gcs.UnitStore and
// the part of a gcs.Outbox that gcs.Units uses.
type memReports struct {
	gcs.Outbox // the rest: unused here
	mu         sync.Mutex
	units      map[gcs.UnitID]gcs.Unit
	reports    map[string]gcs.Report
}

// set moves the one report to status (creating it).
func (m *memReports) set(st gcs.ReportStatus, lastErr string) gcs.Report {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now().UTC()
	r, ok := m.reports["r-a-1"]
	if !ok {
		r = gcs.Report{ID: "r-a-1", Unit: "cutter-a", Incident: "i1", Version: 1, Kind: gcs.ReportAlert, Seq: 1, Created: now,
			ContentType: "application/cap+xml", Body: []byte("<alert/>")}
	}
	r.Status, r.LastError = st, lastErr
	switch st {
	case gcs.ReportFailing:
		r.Attempts++
		r.NextAttempt = now.Add(time.Minute)
	case gcs.ReportDelivered:
		r.Attempts++
		r.Delivered, r.NextAttempt = now, time.Time{}
	}
	m.reports[r.ID] = r
	r.Body = nil
	return r
}

func (m *memReports) Units(context.Context) ([]gcs.Unit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]gcs.Unit, 0, len(m.units))
	for _, u := range m.units {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b gcs.Unit) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

func (m *memReports) PutUnit(_ context.Context, u gcs.Unit) error {
	if u.Name == "" {
		return fmt.Errorf("unit %s has no name: %w", u.ID, gcs.ErrBadUnit)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.units[u.ID] = u
	return nil
}

func (m *memReports) DeleteUnit(_ context.Context, id gcs.UnitID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.units[id]; !ok {
		return fmt.Errorf("unit %s: %w", id, gcs.ErrNoUnit)
	}
	delete(m.units, id)
	return nil
}

func (m *memReports) Reports(_ context.Context, unit gcs.UnitID, incident string, limit int) ([]gcs.Report, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []gcs.Report{}
	for _, r := range m.reports {
		if (unit == "" || r.Unit == unit) && (incident == "" || r.Incident == incident) && len(out) < limit {
			r.Body = nil
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *memReports) MarkAcked(_ context.Context, id string, at time.Time, by string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.reports[id]
	if !ok {
		return fmt.Errorf("report %s: %w", id, gcs.ErrNoReport)
	}
	r.Status, r.Acked, r.AckedBy = gcs.ReportAcknowledged, at, by
	m.reports[id] = r
	return nil
}

func (m *memReports) report(_ context.Context, id string) (gcs.Report, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.reports[id]
	if !ok {
		return r, fmt.Errorf("report %s: %w", id, gcs.ErrNoReport)
	}
	return r, nil
}
