package api

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http/httptest"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// fakeUnits is a UnitsService of function fields; newFakeUnits sets them
// to keep units and reports in memory, the way gcs.Units does (Put keeps
// a stored secret and token left empty; Ack checks the unit's token).
type fakeUnits struct {
	mu      sync.Mutex
	units   map[gcs.UnitID]gcs.Unit
	reports map[string]gcs.Report

	list    func(ctx context.Context) ([]gcs.Unit, error)
	get     func(ctx context.Context, id gcs.UnitID) (gcs.Unit, error)
	put     func(ctx context.Context, u gcs.Unit) (gcs.Unit, error)
	del     func(ctx context.Context, id gcs.UnitID) error
	list2   func(ctx context.Context, unit gcs.UnitID, incident string, limit int) ([]gcs.Report, error)
	ack     func(ctx context.Context, id, token string) (gcs.Report, error)
	queries []string // unit|incident|limit of each Reports call
}

func (f *fakeUnits) List(ctx context.Context) ([]gcs.Unit, error)             { return f.list(ctx) }
func (f *fakeUnits) Get(ctx context.Context, id gcs.UnitID) (gcs.Unit, error) { return f.get(ctx, id) }
func (f *fakeUnits) Put(ctx context.Context, u gcs.Unit) (gcs.Unit, error)    { return f.put(ctx, u) }
func (f *fakeUnits) Delete(ctx context.Context, id gcs.UnitID) error          { return f.del(ctx, id) }
func (f *fakeUnits) Ack(ctx context.Context, id, token string) (gcs.Report, error) {
	return f.ack(ctx, id, token)
}
func (f *fakeUnits) Reports(ctx context.Context, unit gcs.UnitID, incident string, limit int) ([]gcs.Report, error) {
	return f.list2(ctx, unit, incident, limit)
}

// Report makes fakeUnits a ReportFetcher: one report with its body.
func (f *fakeUnits) Report(_ context.Context, id string) (gcs.Report, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.reports[id]
	if !ok {
		return gcs.Report{}, fmt.Errorf("report %s: %w", id, gcs.ErrNoReport)
	}
	return r, nil
}

const (
	secretA = "s3cr3t-of-cutter-a"
	tokenA  = "t0k3n-of-cutter-a"
	tokenB  = "t0k3n-of-boat-b"
)

var t0 = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func newFakeUnits() *fakeUnits {
	f := &fakeUnits{
		units: map[gcs.UnitID]gcs.Unit{
			"cutter-a": {ID: "cutter-a", Name: "Cutter A", Webhook: "https://a.example/cap", Secret: secretA, Token: tokenA,
				Area: &gcs.UnitArea{Lat: 36.1, Lon: -5.4, RadiusM: 20000}, Types: []gcs.IncidentType{gcs.IncidentDark}},
			"boat-b": {ID: "boat-b", Name: "Boat B", Token: tokenB, Default: true},
		},
		reports: map[string]gcs.Report{},
	}
	for i, r := range []gcs.Report{
		{ID: "r1", Unit: "cutter-a", Incident: "i1", Version: 1, Kind: gcs.ReportAlert, Seq: 1, Status: gcs.ReportDelivered, Attempts: 1, Delivered: t0},
		{ID: "r2", Unit: "cutter-a", Incident: "i1", Version: 2, Kind: gcs.ReportUpdate, Seq: 2, Status: gcs.ReportFailing, Attempts: 3, LastError: "503 from unit"},
		{ID: "r3", Unit: "boat-b", Incident: "i1", Version: 1, Kind: gcs.ReportAlert, Seq: 1, Status: gcs.ReportPending},
		{ID: "r4", Unit: "boat-b", Incident: "i2", Version: 1, Kind: gcs.ReportAlert, Seq: 2, Status: gcs.ReportPending},
	} {
		r.Created = t0.Add(time.Duration(i) * time.Second)
		r.ContentType = "application/cap+xml"
		r.Body = []byte("<alert><identifier>" + r.ID + "</identifier></alert>")
		f.reports[r.ID] = r
	}
	f.list = func(context.Context) ([]gcs.Unit, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		var out []gcs.Unit
		for _, u := range f.units {
			out = append(out, u)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out, nil
	}
	f.get = func(_ context.Context, id gcs.UnitID) (gcs.Unit, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		u, ok := f.units[id]
		if !ok {
			return u, fmt.Errorf("unit %q: %w", id, gcs.ErrNoUnit)
		}
		return u, nil
	}
	f.put = func(_ context.Context, u gcs.Unit) (gcs.Unit, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if u.Name == "" {
			return u, fmt.Errorf("unit %s has no name: %w", u.ID, gcs.ErrBadUnit)
		}
		if old, ok := f.units[u.ID]; ok {
			if u.Secret == "" {
				u.Secret = old.Secret
			}
			if u.Token == "" {
				u.Token = old.Token
			}
		}
		f.units[u.ID] = u
		return u, nil
	}
	f.del = func(_ context.Context, id gcs.UnitID) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		if _, ok := f.units[id]; !ok {
			return fmt.Errorf("unit %q: %w", id, gcs.ErrNoUnit)
		}
		delete(f.units, id)
		return nil
	}
	f.list2 = func(_ context.Context, unit gcs.UnitID, incident string, limit int) ([]gcs.Report, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.queries = append(f.queries, fmt.Sprintf("%s|%s|%d", unit, incident, limit))
		var out []gcs.Report
		for _, r := range f.reports {
			if (unit == "" || r.Unit == unit) && (incident == "" || r.Incident == incident) {
				r.Body = nil
				out = append(out, r)
			}
		}
		slices.SortFunc(out, func(a, b gcs.Report) int { return b.Created.Compare(a.Created) })
		if len(out) > limit {
			out = out[:limit]
		}
		return out, nil
	}
	f.ack = func(_ context.Context, id, token string) (gcs.Report, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		r, ok := f.reports[id]
		if !ok {
			return r, fmt.Errorf("report %s: %w", id, gcs.ErrNoReport)
		}
		u := f.units[r.Unit]
		if u.Token == "" || subtle.ConstantTimeCompare([]byte(u.Token), []byte(token)) != 1 {
			return gcs.Report{}, fmt.Errorf("report %s: %w", id, gcs.ErrUnitToken)
		}
		r.Status, r.Acked, r.AckedBy = gcs.ReportAcknowledged, t0.Add(time.Minute), string(u.ID)
		f.reports[id] = r
		r.Body = nil
		return r, nil
	}
	return f
}

// unitsServer serves the API over svc (nil: no units service).
func unitsServer(t *testing.T, svc UnitsService) *httptest.Server {
	t.Helper()
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	s := &Server{Fleet: f}
	if svc != nil {
		s.Units = svc
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}
