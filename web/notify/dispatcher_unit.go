package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"skerry/gcs"
)

// worker delivers one unit's reports; its goroutine owns its state.
type worker struct {
	d      *Dispatcher
	unit   gcs.Unit
	wakeC  chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// start starts a unit's goroutine; it begins once prev (the goroutine it
// replaces, if any) has ended, so that a unit never has two.
func (d *Dispatcher) start(u gcs.Unit, prev <-chan struct{}) *worker {
	ctx, cancel := context.WithCancel(d.ctx)
	w := &worker{d: d, unit: u, wakeC: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer close(w.done)
		defer cancel()
		if prev != nil {
			select {
			case <-prev:
			case <-ctx.Done():
				return
			}
		}
		w.run(ctx)
	}()
	return w
}

func (w *worker) wake() {
	select {
	case w.wakeC <- struct{}{}:
	default:
	}
}

// run delivers the unit's pending reports in Seq order until ctx ends.
func (w *worker) run(ctx context.Context) {
	d := w.d
	var failedID string // the report that failed last, and how often
	var failed int
	for {
		reports, err := d.Outbox.Pending(ctx, w.unit.ID, batch)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			d.Log.Error("reading the outbox", "unit", w.unit.ID, "err", err)
			if !w.pause(ctx, d.MinBackoff, false) {
				return
			}
			continue
		}
		if len(reports) == 0 {
			if !w.pause(ctx, d.Recheck, true) {
				return
			}
			continue
		}
		for i := range reports {
			r := &reports[i]
			err := w.deliver(ctx, r)
			if ctx.Err() != nil {
				return
			}
			if err == nil {
				continue
			}
			n := r.Attempts
			if r.ID == failedID {
				n = max(n, failed)
			}
			failedID, failed = r.ID, n+1
			delay := d.backoff(failed)
			w.failed(ctx, r, failed, err, delay)
			if !w.pause(ctx, delay, false) {
				return
			}
			break // read the outbox again: the same report heads it
		}
	}
}

// pause waits d, or until woken if wakeable; false when ctx ended.
func (w *worker) pause(ctx context.Context, d time.Duration, wakeable bool) bool {
	var wake <-chan struct{}
	if wakeable {
		wake = w.wakeC
	}
	select {
	case <-ctx.Done():
		return false
	case <-w.d.After(d):
	case <-wake:
	}
	return true
}

// errTimeout is a request without an answer within Timeout.
var errTimeout = errors.New("no answer")

// deliver POSTs one report and, on a 2xx, records it delivered.
func (w *worker) deliver(ctx context.Context, r *gcs.Report) error {
	d := w.d
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		select {
		case <-d.After(d.Timeout):
			cancel(errTimeout)
		case <-rctx.Done():
		}
	}()
	req, err := NewRequest(rctx, w.unit, r, d.Now())
	if err != nil {
		return err
	}
	resp, err := d.Client.Do(req)
	if err != nil {
		if errors.Is(context.Cause(rctx), errTimeout) {
			return fmt.Errorf("no answer within %s", d.Timeout)
		}
		return err
	}
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &statusError{code: resp.StatusCode, text: firstLine(snippet)}
	}
	at := d.Now()
	// Recorded even if the dispatcher is closing meanwhile: the unit has it.
	mctx, mcancel := context.WithTimeout(context.WithoutCancel(ctx), d.Timeout)
	err = d.Outbox.MarkDelivered(mctx, r.ID, at)
	mcancel()
	if err != nil {
		return fmt.Errorf("delivered, but not recorded as such: %w", err)
	}
	d.count(w.unit.ID, func(s *UnitStats) { s.Delivered++; s.Failing = false; s.LastError = "" })
	ev := *r
	ev.Body, ev.Status, ev.Delivered, ev.LastError, ev.NextAttempt = nil, gcs.ReportDelivered, at, "", time.Time{}
	d.Events.Publish(gcs.ReportEvent{Report: &ev})
	return nil
}

// failed records a failing attempt, says it in the log and publishes it.
func (w *worker) failed(ctx context.Context, r *gcs.Report, n int, err error, delay time.Duration) {
	d := w.d
	next := d.Now().Add(delay)
	msg := err.Error()
	if mErr := d.Outbox.MarkAttempt(ctx, r.ID, gcs.ReportFailing, msg, next); mErr != nil && ctx.Err() == nil {
		d.Log.Error("recording a failed attempt", "unit", w.unit.ID, "report", r.ID, "err", mErr)
	}
	d.count(w.unit.ID, func(s *UnitStats) { s.FailedAttempts++; s.Failing = true; s.LastError = msg })
	attrs := []any{"unit", w.unit.ID, "report", r.ID, "seq", r.Seq, "attempt", n, "retry_in", delay.Round(time.Millisecond), "err", msg}
	var se *statusError
	if errors.As(err, &se) && se.code >= 300 && se.code < 500 && se.code != http.StatusRequestTimeout && se.code != http.StatusTooManyRequests {
		d.Log.Warn("report refused: likely a configuration problem (the unit's webhook URL or secret); retrying", attrs...)
	} else {
		d.Log.Warn("report not delivered; retrying", attrs...)
	}
	ev := *r
	ev.Body, ev.Status, ev.Attempts, ev.LastError, ev.NextAttempt = nil, gcs.ReportFailing, n, msg, next
	d.Events.Publish(gcs.ReportEvent{Report: &ev})
}

// backoff is the pause before attempt n+1 after n failures: full jitter
// under BackoffCeiling.
func (d *Dispatcher) backoff(n int) time.Duration {
	return d.Jitter(d.BackoffCeiling(n))
}

// BackoffCeiling is the longest pause after n failed attempts:
// MinBackoff·2^(n-1), at most MaxBackoff.
func (d *Dispatcher) BackoffCeiling(n int) time.Duration {
	c := d.MinBackoff
	for i := 1; i < n && c < d.MaxBackoff; i++ {
		c *= 2
	}
	return min(c, d.MaxBackoff)
}

func fullJitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	return rand.N(max + 1)
}

// statusError is an answer other than 2xx.
type statusError struct {
	code int
	text string
}

func (e *statusError) Error() string {
	s := "HTTP " + strconv.Itoa(e.code) + " " + http.StatusText(e.code)
	if e.text != "" {
		s += ": " + e.text
	}
	return s
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}

// Content types of the report formats.
var contentTypes = map[string]string{
	gcs.FormatCAP:     "application/cap+xml",
	gcs.FormatGeoJSON: "application/geo+json",
	gcs.FormatJSON:    "application/json",
	"":                "application/cap+xml",
}

// NewRequest builds the signed POST of report r to unit u's webhook, as
// signed at now (see the package doc for the headers).
func NewRequest(ctx context.Context, u gcs.Unit, r *gcs.Report, now time.Time) (*http.Request, error) {
	target, err := url.Parse(u.Webhook)
	if err != nil || (target.Scheme != "http" && target.Scheme != "https") || target.Host == "" {
		return nil, fmt.Errorf("unit %s: webhook %q is not an http or https URL", u.ID, u.Webhook)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), bytes.NewReader(r.Body))
	if err != nil {
		return nil, err
	}
	ct := r.ContentType
	if ct == "" {
		ct = contentTypes[u.Format]
	}
	h := req.Header
	h.Set("Content-Type", ct)
	h.Set("User-Agent", "skerry-notify")
	h.Set(HeaderIdempotency, r.ID)
	h.Set(HeaderReport, r.ID)
	h.Set(HeaderSeq, strconv.FormatInt(r.Seq, 10))
	h.Set(HeaderUnit, string(u.ID))
	h.Set(HeaderIncident, r.Incident)
	h.Set(HeaderKind, string(r.Kind))
	h.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	h.Set(HeaderSignature, Sign(u.Secret, now, r.Body))
	return req, nil
}
