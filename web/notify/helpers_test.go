package notify

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/notify/notifytest"
)

// sink is a unit's receiving side in the tests: a Receiver behind a real
// HTTP server, recording the reports it handled in order.
type sink struct {
	rv  *Receiver
	srv *httptest.Server
	mu  sync.Mutex
	got []Received
}

func newSink(t *testing.T, secret string, clk *notifytest.Clock) *sink {
	t.Helper()
	s := &sink{}
	s.rv = &Receiver{Secret: secret, Now: clk.Now, Handle: func(r Received) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.got = append(s.got, r)
		return nil
	}}
	s.srv = httptest.NewServer(s.rv)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *sink) received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.got...)
}

func (s *sink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}

// requireInOrder checks that the unit got exactly want's ids, in order.
func requireInOrder(t *testing.T, got []Received, want []gcs.Report) {
	t.Helper()
	ids := make([]string, len(got))
	for i, r := range got {
		ids[i] = r.ID
	}
	wantIDs := make([]string, len(want))
	for i, r := range want {
		wantIDs[i] = r.ID
	}
	require.Equal(t, wantIDs, ids)
	for i, r := range got {
		require.Equal(t, int64(i+1), r.Seq)
	}
}

// reports makes n reports to unit about successive incidents.
func reports(unit gcs.UnitID, from, n int) []gcs.Report {
	var out []gcs.Report
	for i := from; i < from+n; i++ {
		kind := gcs.ReportAlert
		if i%3 == 2 {
			kind = gcs.ReportUpdate
		}
		body := fmt.Sprintf(`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>%s-%d</identifier><msgType>%s</msgType><info><headline>vessel %d</headline></info></alert>`, unit, i, kind, i)
		out = append(out, gcs.Report{
			ID: fmt.Sprintf("%s-r%d", unit, i), Unit: unit, Incident: fmt.Sprintf("inc-%d", i), Version: 1,
			Kind: kind, Created: notifytest.Epoch, ContentType: "application/cap+xml", Body: []byte(body),
		})
	}
	return out
}

// enqueue stores reports and announces them as the maritime engine does.
func enqueue(ob *notifytest.Outbox, ev *gcs.Events, rs []gcs.Report) []gcs.Report {
	stored := ob.Add(rs...)
	for i := range stored {
		r := stored[i]
		r.Body = nil
		ev.Publish(gcs.ReportEvent{Report: &r})
	}
	return stored
}

// logBuffer is a log that tests may read while the code writes it.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newDispatcher starts a dispatcher on the fake clock.
func newDispatcher(t *testing.T, ob gcs.Outbox, ev *gcs.Events, clk *notifytest.Clock, units ...gcs.Unit) (*Dispatcher, *logBuffer) {
	t.Helper()
	var mu sync.Mutex
	logs := &logBuffer{}
	d := &Dispatcher{
		Outbox: ob, Events: ev, Now: clk.Now, After: clk.After,
		Log: slog.New(slog.NewTextHandler(logs, nil)),
		Units: func(context.Context) ([]gcs.Unit, error) {
			mu.Lock()
			defer mu.Unlock()
			return units, nil
		},
	}
	require.NoError(t, d.Initialize())
	t.Cleanup(d.Close)
	return d, logs
}

// advanceUntil moves the fake clock on by step at a time, letting the
// goroutines run between steps, until cond holds (or fails the test after
// a generous real-time bound: a functional deadline, not a speed one).
func advanceUntil(t *testing.T, clk *notifytest.Clock, step time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met by %s of simulated time", clk.Now().Sub(notifytest.Epoch))
		}
		clk.Advance(step)
		time.Sleep(time.Millisecond)
	}
}

// advanceFor moves the fake clock on by total, step at a time.
func advanceFor(clk *notifytest.Clock, total, step time.Duration) {
	for end := clk.Now().Add(total); clk.Now().Before(end); {
		clk.Advance(step)
		time.Sleep(time.Millisecond)
	}
}

func unit(id, webhook, secret string) gcs.Unit {
	return gcs.Unit{ID: gcs.UnitID(id), Name: id, Webhook: webhook, Secret: secret}
}

var _ http.Handler = (*Receiver)(nil)

func newTextLog(w *logBuffer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
