package station_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"skerry/gcs"
	"skerry/web/notify"
)

// BenchmarkDeliveryStore measures the real report path on the wall clock:
// an incident change saved through the SQLite outbox
// (SaveIncidentWithReports, synchronous=FULL, one transaction with its
// reports) → the Dispatcher woken by the ReportEvent → a signed HTTP POST
// over loopback → each unit's Receiver verifies the HMAC and hands the
// report over. Every change goes to 10 units (10 reports); b.N is the
// number of changes, so run it with -benchtime=Nx:
//
//	go test -tags nolibav -run '^$' -bench DeliveryStore -benchtime=30x ./internal/station/
//
// delay is per report, from the save call to the Receiver's Handle
// (median-ms, p99-ms, max-ms), of which the save itself takes
// save-median-ms and save-p99-ms (an fsync); reports/s is the reports handled over the
// time from the first save to the last report handled. The modes:
// rate-1s, one change per second (the realistic rate; b.N seconds long);
// rate-100ms, the same ten times faster (a shorter run); burst, the b.N
// changes saved back to back, as fast as the store takes them (the delay
// then includes waiting behind the unit's earlier reports); burst-1pct,
// the burst with 1 % of the requests answered 500 (retried after a
// backoff of 1 ms up to 20 ms, as in web/notify's BenchmarkDeliver, so
// that a failure costs a retry, not the production backoff of 2 s up to
// 5 min).
func BenchmarkDeliveryStore(b *testing.B) {
	for _, m := range []struct {
		name     string
		interval time.Duration
		failing  bool
	}{
		{"rate-1s", time.Second, false},
		{"rate-100ms", 100 * time.Millisecond, false},
		{"burst", 0, false},
		{"burst-1pct", 0, true},
	} {
		b.Run(m.name, func(b *testing.B) { benchDeliveryStore(b, m.interval, m.failing) })
	}
}

func benchDeliveryStore(b *testing.B, interval time.Duration, failing bool) {
	const units = 10
	var (
		mu        sync.Mutex
		savedAt   = map[string]time.Time{}
		delays    []time.Duration
		lastAt    time.Time
		requests  atomic.Int64
		refused   atomic.Int64
		unitsList []gcs.Unit
	)
	handled := func(r notify.Received) {
		at := time.Now()
		mu.Lock()
		defer mu.Unlock()
		t0, ok := savedAt[r.ID]
		if !ok {
			return
		}
		delete(savedAt, r.ID) // once per id: a duplicate is not counted twice
		delays = append(delays, at.Sub(t0))
		lastAt = at
	}
	for i := range units {
		secret := fmt.Sprintf("secret-%d", i)
		rv := &notify.Receiver{Secret: secret, Handle: func(r notify.Received) error { handled(r); return nil }}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1)%100 == 0 && failing {
				refused.Add(1)
				http.Error(w, "busy", http.StatusInternalServerError)
				return
			}
			rv.ServeHTTP(w, r)
		}))
		b.Cleanup(srv.Close)
		unitsList = append(unitsList, deliveryUnit(fmt.Sprintf("unit-%02d", i), srv.URL, secret))
	}
	rig := newDeliveryRig(b, rigOptions{minBackoff: time.Millisecond, maxBackoff: 20 * time.Millisecond}, unitsList...)
	rig.onSave = func(ids []string) {
		t0 := time.Now()
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids {
			savedAt[id] = t0
		}
	}
	ctx := context.Background()
	want := b.N * units
	done := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(delays) >= want
	}

	b.ResetTimer()
	start := time.Now()
	var tick <-chan time.Time
	if interval > 0 {
		t := time.NewTicker(interval)
		defer t.Stop()
		tick = t.C
	}
	for i := range b.N {
		if tick != nil && i > 0 {
			<-tick
		}
		rig.change(ctx, fmt.Sprintf("inc-%d", i%25)) // 25 incidents raised, then changing
	}
	for !done() {
		time.Sleep(200 * time.Microsecond)
	}
	b.StopTimer()

	mu.Lock()
	defer mu.Unlock()
	slices.Sort(delays)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(float64(len(delays))/lastAt.Sub(start).Seconds(), "reports/s")
	b.ReportMetric(ms(delays[len(delays)/2]), "median-ms")
	b.ReportMetric(ms(delays[len(delays)*99/100]), "p99-ms")
	b.ReportMetric(ms(delays[len(delays)-1]), "max-ms")
	rig.mu.Lock()
	saves := slices.Clone(rig.saveTook)
	rig.mu.Unlock()
	slices.Sort(saves)
	b.ReportMetric(ms(saves[len(saves)/2]), "save-median-ms")
	b.ReportMetric(ms(saves[len(saves)*99/100]), "save-p99-ms")
	b.ReportMetric(float64(refused.Load())/float64(max(requests.Load(), 1))*100, "%failed")
}
