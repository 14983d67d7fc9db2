package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"skerry/gcs"
	"skerry/gcs/report"
	"skerry/internal/store"
	"skerry/web/notify"
)

// ReportsConfig sets up the report delivery benchmark: incident changes
// saved as the maritime engine saves them — report.Build for every unit,
// then the SQLite outbox's SaveIncidentWithReports (one transaction,
// synchronous=FULL) and a ReportEvent per report — delivered by the
// station's Dispatcher over loopback HTTP to Units units, each a
// notify.Receiver that verifies the HMAC signature and drops duplicates.
type ReportsConfig struct {
	// Units receive every incident (default 10).
	Units int
	// Changes is how many incident changes are saved (default 60); each
	// makes a report to every unit.
	Changes int
	// Interval is the pause between changes (default 1 s); negative: a
	// burst, every change saved as soon as the one before it is.
	Interval time.Duration
	// Drain saves every change first, the dispatcher stopped, then starts
	// it and measures how fast it empties the outbox (reports/s of the
	// delivery alone; each delay then counts from the dispatcher's start).
	// Interval is ignored.
	Drain bool
	// FailPercent of the requests are answered 500 (retried).
	FailPercent float64
	// MinBackoff and MaxBackoff bound the dispatcher's pause before a
	// retry (default 1 ms and 20 ms: a failure costs a retry, not the
	// production backoff of 2 s up to 5 min).
	MinBackoff, MaxBackoff time.Duration
	// Dir holds the database (default: a temporary directory, removed).
	Dir string
	// Log hears the dispatcher; nil discards.
	Log *slog.Logger
}

func (c ReportsConfig) withDefaults() ReportsConfig {
	if c.Units <= 0 {
		c.Units = 10
	}
	if c.Changes <= 0 {
		c.Changes = 60
	}
	if c.Interval == 0 {
		c.Interval = time.Second
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = time.Millisecond
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 20 * time.Millisecond
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return c
}

// ReportsResult is what the report benchmark measured.
type ReportsResult struct {
	Config ReportsConfig
	// Reports were handled by the receivers, once each.
	Reports int
	// Delay is per report, from the save call (with Drain: from the
	// dispatcher's start) to the receiver's Handle; Save the
	// SaveIncidentWithReports calls alone.
	Delay, Save Durations
	// Wall is from the first save (with Drain: the dispatcher's start) to
	// the last report handled; PerSecond is Reports over it.
	Wall      time.Duration
	PerSecond float64
	// Requests the receivers' servers answered, Failed of them with a
	// 500 on purpose; Duplicates the receivers answered without handling.
	Requests, Failed int64
	Duplicates       uint64
}

// Reports runs the report delivery benchmark.
func Reports(ctx context.Context, cfg ReportsConfig) (ReportsResult, error) {
	cfg = cfg.withDefaults()
	res := ReportsResult{Config: cfg}
	dir := cfg.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "skerry-bench-reports-")
		if err != nil {
			return res, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	st, err := store.Open(filepath.Join(dir, "reports.db"))
	if err != nil {
		return res, err
	}
	defer st.Close()

	var mu sync.Mutex
	savedAt := map[string]time.Time{}
	var delays []time.Duration
	var last time.Time
	allIn := make(chan struct{})
	want := cfg.Units * cfg.Changes
	handle := func(r notify.Received) error {
		at := time.Now()
		mu.Lock()
		defer mu.Unlock()
		if t0, ok := savedAt[r.ID]; ok {
			delete(savedAt, r.ID)
			delays = append(delays, at.Sub(t0))
			last = at
			if len(delays) == want {
				close(allIn)
			}
		}
		return nil
	}
	var requests, failed atomic.Int64
	var receivers []*notify.Receiver
	for i := range cfg.Units {
		u := gcs.Unit{ID: gcs.UnitID(fmt.Sprintf("unit-%02d", i)), Name: fmt.Sprintf("Unit %d", i),
			Secret: fmt.Sprintf("secret-%d-%d", i, time.Now().UnixNano()), Default: true}
		rv := &notify.Receiver{Secret: u.Secret, Handle: handle}
		receivers = append(receivers, rv)
		var n atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			// Every (100/FailPercent)th request to this unit fails.
			if k := float64(n.Add(1)); int64(k*cfg.FailPercent/100) > int64((k-1)*cfg.FailPercent/100) {
				failed.Add(1)
				http.Error(w, "busy", http.StatusInternalServerError)
				return
			}
			rv.ServeHTTP(w, r)
		}))
		defer srv.Close()
		u.Webhook = srv.URL
		if err := st.Units().PutUnit(ctx, u); err != nil {
			return res, err
		}
	}
	outbox, events := st.Outbox(), &gcs.Events{}
	d := &notify.Dispatcher{Outbox: outbox, Units: st.Units().Units, Events: events, Log: cfg.Log,
		MinBackoff: cfg.MinBackoff, MaxBackoff: cfg.MaxBackoff}
	if !cfg.Drain {
		if err := d.Initialize(); err != nil {
			return res, err
		}
		defer d.Close()
	}
	units, err := st.Units().Units(ctx)
	if err != nil {
		return res, err
	}

	var saves []time.Duration
	incidents := map[string]*gcs.Incident{}
	start := time.Now()
	var tick <-chan time.Time
	if cfg.Interval > 0 && !cfg.Drain {
		t := time.NewTicker(cfg.Interval)
		defer t.Stop()
		tick = t.C
	}
	for i := range cfg.Changes {
		if tick != nil && i > 0 {
			select {
			case <-tick:
			case <-ctx.Done():
				return res, ctx.Err()
			}
		}
		took, err := saveChange(ctx, outbox, events, units, incidents, fmt.Sprintf("inc-%d", i%25), func(ids []string) {
			t0 := time.Now()
			mu.Lock()
			defer mu.Unlock()
			for _, id := range ids {
				savedAt[id] = t0
			}
		})
		if err != nil {
			return res, err
		}
		saves = append(saves, took)
	}
	if cfg.Drain {
		mu.Lock()
		start = time.Now()
		for id := range savedAt {
			savedAt[id] = start
		}
		mu.Unlock()
		if err := d.Initialize(); err != nil {
			return res, err
		}
		defer d.Close()
	}
	select {
	case <-allIn:
	case <-ctx.Done():
		return res, ctx.Err()
	}

	mu.Lock()
	defer mu.Unlock()
	res.Reports, res.Wall = len(delays), last.Sub(start)
	res.PerSecond = float64(res.Reports) / res.Wall.Seconds()
	res.Delay, res.Save = summarise(delays), summarise(saves)
	res.Requests, res.Failed = requests.Load(), failed.Load()
	for _, rv := range receivers {
		res.Duplicates += rv.Stats().Duplicates
	}
	if res.Duplicates > 0 {
		return res, errors.New("a receiver got a report twice")
	}
	return res, nil
}

// saveChange saves incident id's next version (raising it if new) with
// its reports, as the maritime engine does, and announces them; before
// the save it tells saving the reports' ids. It returns how long the
// save took.
func saveChange(ctx context.Context, outbox *store.Outbox, events *gcs.Events, units []gcs.Unit,
	incidents map[string]*gcs.Incident, id string, saving func(ids []string)) (time.Duration, error) {
	now := time.Now()
	inc := incidents[id]
	if inc == nil {
		inc = &gcs.Incident{ID: id, Type: gcs.IncidentDark, Severity: gcs.IncidentHigh, State: gcs.IncidentNew,
			Key: "dark:" + id, Title: "A dark vessel", Summary: "no AIS for 12 min, 14 kn towards the harbour",
			Lat: 36.1 + float64(len(incidents))*0.001, Lon: -5.4, Raised: now}
	} else {
		c := *inc
		inc = &c
		inc.Lat += 0.0005
	}
	inc.Version++
	inc.Updated, inc.Observed = now, now
	incidents[id] = inc
	last, err := outbox.Latest(ctx, id)
	if err != nil {
		return 0, err
	}
	reports, err := report.Build(inc, units, last, now, report.Config{Sender: "skerry@bench.example"})
	if err != nil {
		return 0, err
	}
	ids := make([]string, len(reports))
	for i := range reports {
		ids[i] = reports[i].ID
	}
	saving(ids)
	t0 := time.Now()
	if err := outbox.SaveIncidentWithReports(ctx, inc, reports); err != nil {
		return 0, err
	}
	took := time.Since(t0)
	for i := range reports {
		r := reports[i]
		r.Body = nil
		events.Publish(gcs.ReportEvent{Report: &r})
	}
	return took, nil
}
