package station_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/report"
	"skerry/internal/store"
	"skerry/web/notify"
)

// deliveryRig is the real delivery path without the rest of the station:
// a SQLite store in a temporary directory (its outbox and units), the
// core's event stream, the real Dispatcher, and the incident changes
// saved as the maritime engine saves them (report.Build, then
// Outbox.SaveIncidentWithReports, then a ReportEvent per report).
type deliveryRig struct {
	tb     testing.TB
	st     *store.Store
	outbox *store.Outbox
	events *gcs.Events
	d      *notify.Dispatcher
	now    func() time.Time

	mu       sync.Mutex
	versions map[string]*gcs.Incident // the incidents saved, latest version
	saved    map[gcs.UnitID][]string  // each unit's report ids, in save order
}

// rigOptions change a deliveryRig's dispatcher.
type rigOptions struct {
	now        func() time.Time
	after      func(time.Duration) <-chan time.Time
	minBackoff time.Duration
	maxBackoff time.Duration
}

// newDeliveryRig opens a store, puts units in it and starts a dispatcher
// on them. Everything is closed at the test's end, the dispatcher first.
func newDeliveryRig(tb testing.TB, o rigOptions, units ...gcs.Unit) *deliveryRig {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "skerry.db"))
	require.NoError(tb, err)
	tb.Cleanup(func() { require.NoError(tb, st.Close()) })
	ctx := context.Background()
	for _, u := range units {
		require.NoError(tb, st.Units().PutUnit(ctx, u))
	}
	if o.now == nil {
		o.now = time.Now
	}
	r := &deliveryRig{tb: tb, st: st, outbox: st.Outbox(), events: &gcs.Events{}, now: o.now,
		versions: map[string]*gcs.Incident{}, saved: map[gcs.UnitID][]string{}}
	r.d = &notify.Dispatcher{Outbox: r.outbox, Units: st.Units().Units, Events: r.events,
		Now: o.now, After: o.after, MinBackoff: o.minBackoff, MaxBackoff: o.maxBackoff}
	require.NoError(tb, r.d.Initialize())
	tb.Cleanup(r.d.Close)
	return r
}

// change saves the next version of incident id (raising it at version 1
// if new) with the reports the engine would build for it, and announces
// them; it returns the reports as stored.
func (r *deliveryRig) change(ctx context.Context, id string) []gcs.Report {
	r.tb.Helper()
	units, err := r.st.Units().Units(ctx)
	require.NoError(r.tb, err)
	now := r.now()
	r.mu.Lock()
	inc := r.versions[id]
	if inc == nil {
		n := len(r.versions)
		inc = &gcs.Incident{ID: id, Type: gcs.IncidentDark, Severity: gcs.IncidentHigh, State: gcs.IncidentNew,
			Key: "dark:" + id, Title: "A dark vessel " + id, Summary: "no AIS for 12 min, 14 kn towards the harbour",
			Lat: 36.10 + float64(n%50)*0.001, Lon: -5.40, Raised: now}
	} else {
		c := *inc
		inc = &c
		inc.Lat += 0.0005
		inc.Summary = fmt.Sprintf("moving: version %d", inc.Version+1)
	}
	inc.Version++
	inc.Updated, inc.Observed = now, now
	r.versions[id] = inc
	r.mu.Unlock()

	last, err := r.outbox.Latest(ctx, id)
	require.NoError(r.tb, err)
	reports, err := report.Build(inc, units, last, now, report.Config{Sender: "skerry@test.example"})
	require.NoError(r.tb, err)
	require.NoError(r.tb, r.outbox.SaveIncidentWithReports(ctx, inc, reports))
	r.mu.Lock()
	for _, rep := range reports {
		r.saved[rep.Unit] = append(r.saved[rep.Unit], rep.ID)
	}
	r.mu.Unlock()
	for i := range reports {
		rep := reports[i]
		rep.Body = nil
		r.events.Publish(gcs.ReportEvent{Report: &rep})
	}
	return reports
}

// savedIDs are unit's report ids in the order they were saved.
func (r *deliveryRig) savedIDs(unit gcs.UnitID) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.saved[unit]...)
}

// undelivered counts unit's reports the store has not yet had delivered.
func (r *deliveryRig) undelivered(unit gcs.UnitID) int {
	rs, err := r.outbox.Pending(context.Background(), unit, 0)
	require.NoError(r.tb, err)
	return len(rs)
}

// stored is the store's record of report id (without its body).
func (r *deliveryRig) stored(id string) gcs.Report {
	rep, err := r.outbox.Report(context.Background(), id)
	require.NoError(r.tb, err)
	return rep
}

// unitOutlet is a maritime unit's receiving end: the project's
// notify.Receiver (HMAC signature, timestamp, duplicates) behind a real
// HTTP server, recording what it handled in order.
type unitOutlet struct {
	rv      *notify.Receiver
	srv     *httptest.Server
	mu      sync.Mutex
	got     []notify.Received
	handled func(notify.Received) // called for each report handled
}

// newUnitOutlet serves a Receiver with secret on ln (nil: a new loopback
// port), its clock now.
func newUnitOutlet(tb testing.TB, secret string, now func() time.Time, ln net.Listener) *unitOutlet {
	tb.Helper()
	o := &unitOutlet{}
	o.rv = &notify.Receiver{Secret: secret, Now: now, Handle: func(r notify.Received) error {
		o.mu.Lock()
		o.got = append(o.got, r)
		h := o.handled
		o.mu.Unlock()
		if h != nil {
			h(r)
		}
		return nil
	}}
	if ln == nil {
		o.srv = httptest.NewServer(o.rv)
	} else {
		o.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: o.rv}}
		o.srv.Start()
	}
	tb.Cleanup(o.srv.Close)
	return o
}

func (o *unitOutlet) ids() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	ids := make([]string, len(o.got))
	for i, r := range o.got {
		ids[i] = r.ID
	}
	return ids
}

func (o *unitOutlet) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.got)
}

// requireDeliveredOnce checks that a unit handled exactly the reports
// saved for it, in the order saved, each once, with Seq 1, 2, 3… and the
// signature verified (none refused), and that the store has them all
// delivered.
func requireDeliveredOnce(t *testing.T, rig *deliveryRig, unit gcs.UnitID, o *unitOutlet) {
	t.Helper()
	want := rig.savedIDs(unit)
	require.NotEmpty(t, want)
	require.Equal(t, want, o.ids(), "unit %s: every report, in order", unit)
	o.mu.Lock()
	for i, r := range o.got {
		require.Equal(t, int64(i+1), r.Seq, "unit %s: Seq without gaps", unit)
		require.Equal(t, string(unit), r.Unit)
		require.Equal(t, report.ContentTypeCAP, r.ContentType)
	}
	o.mu.Unlock()
	st := o.rv.Stats()
	require.Equal(t, uint64(len(want)), st.Handled, "unit %s: once per id", unit)
	require.Zero(t, st.Refused, "unit %s: every signature verified", unit)
	require.Zero(t, st.Gaps, "unit %s", unit)
	for _, id := range want {
		rep := rig.stored(id)
		require.Equal(t, gcs.ReportDelivered, rep.Status, "report %s", id)
		require.False(t, rep.Delivered.IsZero())
	}
}

// freeAddr is a loopback address nobody listens on (for now).
func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	addr := ln.Addr().String()
	require.NoError(tb, ln.Close())
	return addr
}

// deliveryUnit is a unit that takes every incident, at webhook.
func deliveryUnit(id, webhook, secret string) gcs.Unit {
	return gcs.Unit{ID: gcs.UnitID(id), Name: id, Webhook: webhook, Secret: secret, Default: true}
}
