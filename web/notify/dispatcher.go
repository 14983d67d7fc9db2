package notify

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"skerry/gcs"
)

// Dispatcher delivers the outbox's reports to the units' webhooks. One
// goroutine per unit with a webhook delivers that unit's reports strictly
// in Seq order: the next is not sent before the one before it is
// delivered (answered 2xx). Anything else — another status, no answer
// within Timeout, a connection refused — is recorded as a failing
// attempt with the error in words, and the same report is tried again
// after an exponential backoff with full jitter (a random pause up to
// MinBackoff·2^(n-1), capped at MaxBackoff). A unit that is down, answers
// 500 or hangs delays only its own reports.
//
// The unit goroutines wake when a pending report is announced on Events
// (a gcs.ReportEvent with status pending) and look at the outbox every
// Recheck anyway. The units are read again every Recheck, when a pending
// report names a unit without a goroutine, and on Reload: goroutines of
// removed units stop, those of changed units restart.
//
// A backoff lives in memory: after a restart each unit's first report is
// tried at once, whatever its stored NextAttempt.
//
// Zero values of the exported fields mean the documented defaults. Call
// Initialize before use and Close when done.
type Dispatcher struct {
	// Outbox holds the reports; required. Pending must return each
	// report with its Body and ContentType.
	Outbox gcs.Outbox
	// Units lists the units (a gcs.UnitStore's Units); required.
	Units func(ctx context.Context) ([]gcs.Unit, error)
	// Events is the core's event stream: the dispatcher hears pending
	// reports there and publishes each delivery state (ReportEvent,
	// without the body); nil: neither (the outbox is polled every
	// Recheck).
	Events *gcs.Events
	// Client makes the requests (default: a client of its own that does
	// not follow redirects: a 3xx is a failed attempt, since the signed
	// headers must not go where the unit did not say).
	Client *http.Client
	// Log receives failures and unit changes; nil discards.
	Log *slog.Logger
	// Now is the clock (default time.Now); After its timers (default
	// time.After): backoffs, request timeouts and rechecks all use them.
	Now   func() time.Time
	After func(d time.Duration) <-chan time.Time
	// MinBackoff and MaxBackoff bound the pause before a retry (defaults
	// 2 s and 5 min).
	MinBackoff, MaxBackoff time.Duration
	// Timeout bounds one request (default 10 s).
	Timeout time.Duration
	// Recheck is how often each unit looks at the outbox without being
	// woken, and the units are read again (default 30 s).
	Recheck time.Duration
	// Jitter picks the pause in [0, max] (default uniformly at random);
	// tests may fix it.
	Jitter func(max time.Duration) time.Duration

	ctx      context.Context
	cancel   context.CancelFunc
	sub      *gcs.EventSub
	reload   chan struct{}
	finished chan struct{}
	once     sync.Once
	wg       sync.WaitGroup // unit goroutines

	// Owned by the run goroutine: the unit goroutines, and the units
	// without a webhook at the last reading (they pull their reports).
	workers map[gcs.UnitID]*worker
	pullers map[gcs.UnitID]bool

	statsMu sync.Mutex
	stats   map[gcs.UnitID]*UnitStats
}

// batch is how many pending reports a unit goroutine reads at once.
const batch = 64

// Initialize checks the configuration, subscribes to Events and starts
// the dispatcher: it reads the units and starts a goroutine for each
// with a webhook.
func (d *Dispatcher) Initialize() error {
	if d.Outbox == nil || d.Units == nil {
		return errors.New("notify: Dispatcher needs an Outbox and Units")
	}
	d.defaults()
	d.ctx, d.cancel = context.WithCancel(context.Background())
	d.reload = make(chan struct{}, 1)
	d.finished = make(chan struct{})
	d.workers = map[gcs.UnitID]*worker{}
	d.stats = map[gcs.UnitID]*UnitStats{}
	if d.Events != nil {
		d.sub = d.Events.Subscribe()
	}
	d.readUnits()
	go d.run()
	return nil
}

func (d *Dispatcher) defaults() {
	if d.Client == nil {
		d.Client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.After == nil {
		d.After = time.After
	}
	if d.MinBackoff <= 0 {
		d.MinBackoff = 2 * time.Second
	}
	if d.MaxBackoff <= 0 {
		d.MaxBackoff = 5 * time.Minute
	}
	if d.MaxBackoff < d.MinBackoff {
		d.MaxBackoff = d.MinBackoff
	}
	if d.Timeout <= 0 {
		d.Timeout = 10 * time.Second
	}
	if d.Recheck <= 0 {
		d.Recheck = 30 * time.Second
	}
	if d.Jitter == nil {
		d.Jitter = fullJitter
	}
}

// Reload makes the dispatcher read the units again soon (after the API
// changed one); it never blocks.
func (d *Dispatcher) Reload() {
	select {
	case d.reload <- struct{}{}:
	default:
	}
}

// Close stops every unit goroutine (a request in flight is abandoned and
// its report stays pending) and waits for them; it may be called more
// than once.
func (d *Dispatcher) Close() {
	d.once.Do(d.cancel)
	<-d.finished
	d.wg.Wait()
}

func (d *Dispatcher) run() {
	defer close(d.finished)
	var events <-chan struct{}
	if d.sub != nil {
		defer d.sub.Cancel()
		events = d.sub.C()
	}
	recheck := d.After(d.Recheck)
	for {
		select {
		case <-d.ctx.Done():
			for _, w := range d.workers {
				w.cancel()
			}
			return
		case <-events:
			d.heard(d.sub.Next())
		case <-d.reload:
			d.readUnits()
		case <-recheck:
			d.readUnits()
			recheck = d.After(d.Recheck)
		}
	}
}

// heard wakes the units that have a new pending report.
func (d *Dispatcher) heard(evs []gcs.Event) {
	unknown := false
	for _, ev := range evs {
		switch ev := ev.(type) {
		case gcs.ReportEvent:
			if ev.Report == nil || ev.Report.Status != gcs.ReportPending {
				continue
			}
			if w, ok := d.workers[ev.Report.Unit]; ok {
				w.wake()
			} else if !d.pullers[ev.Report.Unit] {
				unknown = true
			}
		case gcs.SnapshotEvent:
			if ev.Lost > 0 { // events lost: some may have been reports
				for _, w := range d.workers {
					w.wake()
				}
			}
		}
	}
	if unknown {
		d.readUnits()
	}
}

// readUnits brings the unit goroutines in line with the units.
func (d *Dispatcher) readUnits() {
	ctx, cancel := context.WithTimeout(d.ctx, d.Timeout)
	units, err := d.Units(ctx)
	cancel()
	if err != nil {
		if d.ctx.Err() == nil {
			d.Log.Error("reading the units", "err", err)
		}
		return
	}
	keep := map[gcs.UnitID]bool{}
	d.pullers = map[gcs.UnitID]bool{}
	for _, u := range units {
		if u.Webhook == "" {
			d.pullers[u.ID] = true
			continue
		}
		keep[u.ID] = true
		old := d.workers[u.ID]
		if old != nil && old.unit.Webhook == u.Webhook && old.unit.Secret == u.Secret {
			old.wake()
			continue
		}
		var prev <-chan struct{}
		if old != nil {
			old.cancel()
			prev = old.done
			d.Log.Info("unit changed: delivering to its new webhook", "unit", u.ID)
		} else {
			d.Log.Info("delivering to unit", "unit", u.ID, "webhook", u.Webhook)
		}
		d.workers[u.ID] = d.start(u, prev)
	}
	for id, w := range d.workers {
		if !keep[id] {
			w.cancel()
			delete(d.workers, id)
			d.Log.Info("unit removed or without webhook: delivery stopped", "unit", id)
		}
	}
}
