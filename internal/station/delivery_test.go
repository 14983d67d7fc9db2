package station_test

import (
	"context"
	"fmt"
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

// The two delivery guarantees of issue 15 over the real path: the SQLite
// outbox written as the maritime engine writes it, the Dispatcher, HTTP
// over loopback and the units' Receivers verifying every signature, on
// an injected clock (backoffs, request timeouts and rechecks are
// simulated time; nothing here measures speed).

func TestDeliveryReceiverDownForTenMinutesOverTheStore(t *testing.T) {
	clk := &notifytest.Clock{}
	ctx := context.Background()
	down := freeAddr(t) // the cutter's address: connections refused for ten minutes
	patrol := newUnitOutlet(t, "patrol-secret", clk.Now, nil)
	rig := newDeliveryRig(t, rigOptions{now: clk.Now, after: clk.After},
		deliveryUnit("cutter", "http://"+down+"/reports", "cutter-secret"),
		deliveryUnit("patrol", patrol.srv.URL, "patrol-secret"))

	// Incidents keep coming: each minute one is raised and the one before
	// it changes (an Alert and an Update to each unit).
	for minute := range 10 {
		rig.change(ctx, fmt.Sprintf("inc-%d", minute))
		if minute > 0 {
			rig.change(ctx, fmt.Sprintf("inc-%d", minute-1))
		}
		advanceClock(clk, time.Minute, time.Second)
	}
	const total = 19
	require.Len(t, rig.savedIDs("cutter"), total)

	// The healthy unit has them all meanwhile.
	advanceClockUntil(t, clk, time.Second, func() bool { return rig.undelivered("patrol") == 0 })
	requireDeliveredOnce(t, rig, "patrol", patrol)

	// The cutter's reports queue in the store, the head failing in words.
	queued, err := rig.outbox.Pending(ctx, "cutter", 0)
	require.NoError(t, err)
	require.Len(t, queued, total)
	head := queued[0]
	require.Equal(t, rig.savedIDs("cutter")[0], head.ID)
	require.Equal(t, int64(1), head.Seq)
	require.Equal(t, gcs.ReportFailing, head.Status)
	require.Contains(t, head.LastError, "connection refused")
	require.Greater(t, head.Attempts, 2, "tried again and again over ten minutes")
	require.False(t, head.NextAttempt.IsZero())
	for _, r := range queued[1:] {
		require.Equal(t, gcs.ReportPending, r.Status, "only the head of the line is tried: %s", r.ID)
		require.Zero(t, r.Attempts)
	}
	listed, err := rig.outbox.Reports(ctx, "cutter", "", 0) // what the operators' API lists
	require.NoError(t, err)
	require.Equal(t, head.LastError, listed[len(listed)-1].LastError)
	st := rig.d.UnitStats()["cutter"]
	require.True(t, st.Failing)
	require.Contains(t, st.LastError, "connection refused")

	// It comes back on the same address: every report in order, once.
	var ln net.Listener
	require.Eventually(t, func() bool {
		ln, err = net.Listen("tcp", down)
		return err == nil
	}, 10*time.Second, 20*time.Millisecond)
	cutter := newUnitOutlet(t, "cutter-secret", clk.Now, ln)
	advanceClockUntil(t, clk, time.Second, func() bool { return rig.undelivered("cutter") == 0 })
	requireDeliveredOnce(t, rig, "cutter", cutter)
	require.False(t, rig.d.UnitStats()["cutter"].Failing)

	// More incidents after the outage go straight through, after the rest.
	rig.change(ctx, "inc-10")
	advanceClockUntil(t, clk, 100*time.Millisecond, func() bool {
		return rig.undelivered("cutter") == 0 && rig.undelivered("patrol") == 0
	})
	requireDeliveredOnce(t, rig, "cutter", cutter)
	requireDeliveredOnce(t, rig, "patrol", patrol)
}

func TestDeliveryFailingAndHangingUnitsNeverDelayAHealthyOne(t *testing.T) {
	clk := &notifytest.Clock{}
	ctx := context.Background()
	healthy := newUnitOutlet(t, "k-healthy", clk.Now, nil)
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "database is on fire", http.StatusInternalServerError)
	}))
	t.Cleanup(broken.Close)
	hung := hangingListener(t) // accepts connections, never answers
	rig := newDeliveryRig(t, rigOptions{now: clk.Now, after: clk.After},
		deliveryUnit("broken", broken.URL, "k-broken"),
		deliveryUnit("healthy", healthy.srv.URL, "k-healthy"),
		deliveryUnit("hung", "http://"+hung+"/", "k-hung"))

	// Round after round, the healthy unit has every report while the
	// other two are still stuck on their first.
	for round := range 4 {
		for i := range 5 {
			rig.change(ctx, fmt.Sprintf("inc-%d", i))
		}
		want := len(rig.savedIDs("healthy"))
		require.Equal(t, 5*(round+1), want)
		advanceClockUntil(t, clk, 10*time.Millisecond, func() bool { return healthy.count() == want })
		require.Equal(t, want, len(rig.savedIDs("broken")))
		require.Equal(t, want, rig.undelivered("broken"), "round %d", round)
		require.Equal(t, want, rig.undelivered("hung"), "round %d", round)
	}
	advanceClockUntil(t, clk, 10*time.Millisecond, func() bool { return rig.undelivered("healthy") == 0 })
	requireDeliveredOnce(t, rig, "healthy", healthy)
	require.Equal(t, uint64(20), rig.d.UnitStats()["healthy"].Delivered)

	// The others fail in words, still on their first report.
	advanceClockUntil(t, clk, time.Second, func() bool {
		return strings.Contains(rig.stored(rig.savedIDs("hung")[0]).LastError, "no answer within 10s")
	})
	for _, unit := range []gcs.UnitID{"broken", "hung"} {
		ids := rig.savedIDs(unit)
		head := rig.stored(ids[0])
		require.Equal(t, gcs.ReportFailing, head.Status, "unit %s", unit)
		require.NotZero(t, head.Attempts)
		for _, id := range ids[1:] {
			require.Equal(t, gcs.ReportPending, rig.stored(id).Status, "unit %s waits in order", unit)
		}
		require.Zero(t, rig.d.UnitStats()[unit].Delivered)
	}
	require.Equal(t, "HTTP 500 Internal Server Error: database is on fire", rig.stored(rig.savedIDs("broken")[0]).LastError)
}

// hangingListener is a loopback address that accepts connections and
// never reads from them nor answers; they close at the test's end.
func hangingListener(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().String()
}

// advanceClockUntil moves the clock on by step at a time, letting the
// goroutines run between steps, until cond holds; it fails the test after
// a generous real-time bound (a functional deadline, not a speed one).
func advanceClockUntil(t *testing.T, clk *notifytest.Clock, step time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met by %s of simulated time", clk.Now().Sub(notifytest.Epoch))
		}
		clk.Advance(step)
		time.Sleep(2 * time.Millisecond)
	}
}

// advanceClock moves the clock on by total, step at a time.
func advanceClock(clk *notifytest.Clock, total, step time.Duration) {
	for end := clk.Now().Add(total); clk.Now().Before(end); {
		clk.Advance(step)
		time.Sleep(2 * time.Millisecond)
	}
}
