package notify

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"skerry/gcs"
	"skerry/web/notify/notifytest"
)

// BenchmarkDeliver delivers reports to 10 units over loopback HTTP, each
// unit a Receiver (verifying signatures, dropping duplicates) behind a
// server that answers 500 to 1 % of the requests. burst: b.N reports are
// put in the outbox at once (the delay includes waiting behind the
// unit's earlier reports); steady: one report per unit at a time, the
// next round once the round is delivered (the delay is the dispatcher's
// own). Backoff is 1 ms up to 20 ms so that the failures cost what a
// retry costs, not what the production backoff (2 s up to 5 min) would.
func BenchmarkDeliver(b *testing.B) {
	for _, mode := range []string{"burst", "steady"} {
		b.Run(mode, func(b *testing.B) { benchDeliver(b, mode == "burst") })
	}
}

func benchDeliver(b *testing.B, burst bool) {
	const units = 10
	ob, ev := &notifytest.Outbox{}, &gcs.Events{}
	var list []gcs.Unit
	var requests, failed atomic.Int64
	for i := range units {
		rv := &Receiver{Secret: "k"}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1)%100 == 0 { // 1 %
				failed.Add(1)
				http.Error(w, "busy", http.StatusInternalServerError)
				return
			}
			rv.ServeHTTP(w, r)
		}))
		b.Cleanup(srv.Close)
		list = append(list, unit(fmt.Sprintf("unit-%d", i), srv.URL, "k"))
	}
	d := &Dispatcher{Outbox: ob, Events: ev, MinBackoff: time.Millisecond, MaxBackoff: 20 * time.Millisecond,
		Units: func(context.Context) ([]gcs.Unit, error) { return list, nil }}
	if err := d.Initialize(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(d.Close)
	body := []byte(`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><msgType>Alert</msgType><info><headline>a dark vessel</headline></info></alert>`)
	make1 := func(i int) gcs.Report {
		return gcs.Report{ID: fmt.Sprintf("r%d", i), Unit: list[i%units].ID, Incident: "inc", Kind: gcs.ReportAlert,
			Created: time.Now(), ContentType: "application/cap+xml", Body: body}
	}
	wait := func() {
		for ob.Undelivered() > 0 {
			time.Sleep(50 * time.Microsecond)
		}
	}
	b.ResetTimer()
	start := time.Now()
	if burst {
		rs := make([]gcs.Report, b.N)
		for i := range rs {
			rs[i] = make1(i)
		}
		enqueue(ob, ev, rs)
		wait()
	} else {
		for i := 0; i < b.N; i += units {
			var round []gcs.Report
			for j := i; j < min(i+units, b.N); j++ {
				round = append(round, make1(j))
			}
			enqueue(ob, ev, round)
			wait()
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	delays := make([]time.Duration, 0, b.N)
	for i := range b.N {
		r, _ := ob.Report(fmt.Sprintf("r%d", i))
		delays = append(delays, r.Delivered.Sub(r.Created))
	}
	slices.Sort(delays)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "reports/s")
	b.ReportMetric(float64(delays[len(delays)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(delays[len(delays)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(failed.Load())/float64(max(requests.Load(), 1))*100, "%failed")
}
