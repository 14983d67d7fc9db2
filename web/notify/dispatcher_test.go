package notify

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/notify/notifytest"
)

func TestDeliverInOrderToThreeUnits(t *testing.T) {
	clk := &notifytest.Clock{}
	ob := &notifytest.Outbox{}
	ev := &gcs.Events{}
	sinks := map[gcs.UnitID]*sink{}
	var units []gcs.Unit
	for _, id := range []string{"cutter", "patrol-1", "ops-centre"} {
		s := newSink(t, "secret-"+id, clk)
		sinks[gcs.UnitID(id)] = s
		units = append(units, unit(id, s.srv.URL, "secret-"+id))
	}
	units = append(units, gcs.Unit{ID: "puller", Token: "t"}) // pulls: no goroutine
	sub := ev.Subscribe()
	defer sub.Cancel()
	d, _ := newDispatcher(t, ob, ev, clk, units...)

	want := map[gcs.UnitID][]gcs.Report{}
	for round := range 3 { // reports arrive while earlier ones are delivered
		for _, u := range units[:3] {
			want[u.ID] = append(want[u.ID], enqueue(ob, ev, reports(u.ID, 5*round, 5))...)
		}
	}
	advanceUntil(t, clk, 10*time.Millisecond, func() bool { return ob.Undelivered() == 0 })
	for id, s := range sinks {
		requireInOrder(t, s.received(), want[id])
		require.Equal(t, "Alert", s.received()[0].Kind)
		require.Equal(t, "inc-0", s.received()[0].Incident)
		require.Equal(t, string(id), s.received()[0].Unit)
		require.Equal(t, "application/cap+xml", s.received()[0].ContentType)
		require.Zero(t, s.rv.Stats().Refused)
	}
	stats := d.Stats()
	require.Equal(t, uint64(45), stats["reports_delivered"])
	require.Equal(t, uint64(15), stats["reports_delivered_unit_cutter"])
	require.Zero(t, stats["report_attempts_failed"])

	// Every delivery was announced, without its body.
	delivered := 0
	advanceUntil(t, clk, time.Millisecond, func() bool {
		for _, e := range sub.Next() {
			if re, ok := e.(gcs.ReportEvent); ok && re.Report.Status == gcs.ReportDelivered {
				require.Nil(t, re.Report.Body)
				require.False(t, re.Report.Delivered.IsZero())
				delivered++
			}
		}
		return delivered == 45
	})
}

func TestReceiverDownForTenMinutes(t *testing.T) {
	clk := &notifytest.Clock{}
	ob := &notifytest.Outbox{}
	ev := &gcs.Events{}

	// The unit's address refuses connections for ten minutes.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	d, _ := newDispatcher(t, ob, ev, clk, unit("cutter", "http://"+addr+"/reports", "k"))

	var want []gcs.Report
	for minute := range 10 {
		want = append(want, enqueue(ob, ev, reports("cutter", 3*minute, 3))...)
		advanceFor(clk, time.Minute, time.Second)
	}
	marks := ob.Marks()
	require.NotEmpty(t, marks)
	for _, m := range marks {
		require.Equal(t, gcs.ReportFailing, m.Status)
		require.Equal(t, want[0].ID, m.ID, "only the head of the line is tried")
		require.Contains(t, m.Err, "connection refused")
	}
	require.Equal(t, 30, ob.Undelivered())
	r, _ := ob.Report(want[0].ID)
	require.Equal(t, len(marks), r.Attempts)
	require.Equal(t, uint64(len(marks)), d.UnitStats()["cutter"].FailedAttempts)
	require.True(t, d.UnitStats()["cutter"].Failing)

	// It comes back on the same address.
	s := &sink{}
	s.rv = &Receiver{Secret: "k", Now: clk.Now, Handle: func(r Received) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.got = append(s.got, r)
		return nil
	}}
	var ln2 net.Listener
	require.Eventually(t, func() bool {
		ln2, err = net.Listen("tcp", addr)
		return err == nil
	}, 10*time.Second, 50*time.Millisecond)
	srv := &httptest.Server{Listener: ln2, Config: &http.Server{Handler: s.rv}}
	srv.Start()
	defer srv.Close()

	advanceUntil(t, clk, time.Second, func() bool { return ob.Undelivered() == 0 })
	requireInOrder(t, s.received(), want)
	st := s.rv.Stats()
	require.Equal(t, uint64(30), st.Handled, "once each per id")
	require.Zero(t, st.Gaps)
	require.Zero(t, st.Refused)
	require.False(t, d.UnitStats()["cutter"].Failing)
}

func TestFailingAndHangingUnitsNeverBlockAHealthyOne(t *testing.T) {
	clk := &notifytest.Clock{}
	ob := &notifytest.Outbox{}
	ev := &gcs.Events{}
	healthy := newSink(t, "k", clk)
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "database is on fire\nsecond line", http.StatusInternalServerError)
	}))
	t.Cleanup(broken.Close)
	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	t.Cleanup(hung.Close)
	t.Cleanup(func() { close(release) }) // runs before hung.Close
	d, logs := newDispatcher(t, ob, ev, clk,
		unit("broken", broken.URL, "k"), unit("hung", hung.URL, "k"), unit("healthy", healthy.srv.URL, "k"))

	var want []gcs.Report
	for round := range 4 {
		enqueue(ob, ev, reports("broken", 10*round, 10))
		enqueue(ob, ev, reports("hung", 10*round, 10))
		want = append(want, enqueue(ob, ev, reports("healthy", 10*round, 10))...)
		advanceUntil(t, clk, 10*time.Millisecond, func() bool { return healthy.count() == len(want) })
	}
	requireInOrder(t, healthy.received(), want)

	// The others are still on their first report, failing in words.
	advanceUntil(t, clk, time.Second, func() bool {
		r, _ := ob.Report("hung-r0")
		return strings.Contains(r.LastError, "no answer within 10s")
	})
	r, _ := ob.Report("broken-r0")
	require.Equal(t, gcs.ReportFailing, r.Status)
	require.Equal(t, "HTTP 500 Internal Server Error: database is on fire", r.LastError)
	require.Equal(t, 80, ob.Undelivered())
	st := d.UnitStats()
	require.Equal(t, uint64(40), st["healthy"].Delivered)
	require.NotZero(t, st["broken"].FailedAttempts)
	require.NotContains(t, logs.String(), "configuration problem") // 500 and timeouts are not
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	d := &Dispatcher{MinBackoff: 2 * time.Second, MaxBackoff: 5 * time.Minute}
	for _, tc := range []struct {
		n    int
		want time.Duration
	}{{1, 2 * time.Second}, {2, 4 * time.Second}, {3, 8 * time.Second}, {8, 256 * time.Second}, {9, 5 * time.Minute}, {50, 5 * time.Minute}, {1 << 30, 5 * time.Minute}} {
		require.Equal(t, tc.want, d.BackoffCeiling(tc.n), "after %d failures", tc.n)
	}
	for range 1000 {
		j := fullJitter(time.Second)
		require.True(t, j >= 0 && j <= time.Second)
	}

	// The pauses a failing unit really gets, jitter at its ceiling: a 401
	// is retried too, and the log calls it a configuration problem.
	clk := &notifytest.Clock{}
	ob := &notifytest.Outbox{}
	ev := &gcs.Events{}
	refusing := httptest.NewServer(&Receiver{Secret: "the right one"})
	t.Cleanup(refusing.Close)
	logs := &logBuffer{}
	var mu sync.Mutex
	var asked []time.Duration // the ceilings the jitter was asked for
	dd := &Dispatcher{Outbox: ob, Events: ev, Now: clk.Now, After: clk.After, Log: newTextLog(logs),
		Jitter: func(max time.Duration) time.Duration {
			mu.Lock()
			defer mu.Unlock()
			asked = append(asked, max)
			return max
		},
		Units: func(context.Context) ([]gcs.Unit, error) {
			return []gcs.Unit{unit("cutter", refusing.URL, "a wrong one")}, nil
		}}
	require.NoError(t, dd.Initialize())
	t.Cleanup(dd.Close)
	enqueue(ob, ev, reports("cutter", 0, 2))
	advanceUntil(t, clk, time.Second, func() bool { return len(ob.Marks()) >= 12 })
	mu.Lock()
	require.Equal(t, []time.Duration{2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300},
		scale(asked[:12], time.Second))
	mu.Unlock()
	marks := ob.Marks()[:12]
	for i, m := range marks {
		require.Equal(t, "cutter-r0", m.ID, "the next report waits")
		require.Contains(t, m.Err, "HTTP 401 Unauthorized: refused: bad signature")
		if i > 0 { // no attempt before the pause ends
			require.GreaterOrEqual(t, m.Next.Sub(marks[i-1].Next), dd.BackoffCeiling(i+1))
		}
	}
	require.Contains(t, logs.String(), "likely a configuration problem")
}

func TestUnitsAddedChangedAndRemoved(t *testing.T) {
	clk := &notifytest.Clock{}
	ob := &notifytest.Outbox{}
	ev := &gcs.Events{}
	a, b := newSink(t, "k", clk), newSink(t, "k2", clk)
	units := []gcs.Unit{unit("cutter", a.srv.URL, "k")}
	var mu sync.Mutex
	d := &Dispatcher{Outbox: ob, Events: ev, Now: clk.Now, After: clk.After,
		Units: func(context.Context) ([]gcs.Unit, error) {
			mu.Lock()
			defer mu.Unlock()
			return append([]gcs.Unit(nil), units...), nil
		}}
	require.NoError(t, d.Initialize())
	t.Cleanup(d.Close)

	enqueue(ob, ev, reports("cutter", 0, 2))
	advanceUntil(t, clk, 10*time.Millisecond, func() bool { return a.count() == 2 })

	// A new unit's pending report makes the dispatcher read the units.
	mu.Lock()
	units = append(units, unit("patrol", b.srv.URL, "k2"))
	mu.Unlock()
	enqueue(ob, ev, reports("patrol", 0, 1))
	advanceUntil(t, clk, 10*time.Millisecond, func() bool { return b.count() == 1 })

	// The cutter moves to the other receiver (and its secret): Reload.
	mu.Lock()
	units[0] = unit("cutter", b.srv.URL, "k2")
	mu.Unlock()
	d.Reload()
	enqueue(ob, ev, reports("cutter", 2, 1))
	advanceUntil(t, clk, 10*time.Millisecond, func() bool { return b.count() == 2 })
	require.Equal(t, 2, a.count())

	// Removed: its reports stay pending.
	mu.Lock()
	units = units[1:]
	mu.Unlock()
	d.Reload()
	advanceFor(clk, time.Second, 100*time.Millisecond)
	enqueue(ob, ev, reports("cutter", 3, 1))
	advanceFor(clk, 2*time.Minute, time.Second)
	require.Equal(t, 1, ob.Undelivered())
	require.Equal(t, 2, b.count())
}

// scale divides each duration by unit.
func scale(ds []time.Duration, unit time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d / unit
	}
	return out
}

func TestRedirectIsAFailedAttempt(t *testing.T) {
	clk := &notifytest.Clock{}
	ob, ev := &notifytest.Outbox{}, &gcs.Events{}
	elsewhere := newSink(t, "k", clk)
	moved := httptest.NewServer(http.RedirectHandler(elsewhere.srv.URL, http.StatusTemporaryRedirect))
	t.Cleanup(moved.Close)
	_, logs := newDispatcher(t, ob, ev, clk, unit("cutter", moved.URL, "k"))
	enqueue(ob, ev, reports("cutter", 0, 1))
	advanceUntil(t, clk, 10*time.Millisecond, func() bool { return len(ob.Marks()) > 0 })
	require.Equal(t, "HTTP 307 Temporary Redirect", ob.Marks()[0].Err[:len("HTTP 307 Temporary Redirect")])
	require.Zero(t, elsewhere.count(), "the signed report does not follow a redirect")
	require.Contains(t, logs.String(), "likely a configuration problem")
}
