package stream_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"skerry/gcs"
	"skerry/web/stream"
	"skerry/web/stream/streamtest"
)

// fanFeed hands every unit the benchmark sends to each watcher (waiting
// when a watcher's 16384 are full: a benchmark's feed, not the contract's).
type fanFeed struct {
	streamtest.Feed
	mu   sync.Mutex
	subs []chan gcs.VideoUnit
}

func (f *fanFeed) Watch(ctx context.Context, _ gcs.VehicleID, _ string) (<-chan gcs.VideoUnit, error) {
	ch := make(chan gcs.VideoUnit, 1<<14)
	f.mu.Lock()
	f.subs = append(f.subs, ch)
	f.mu.Unlock()
	return ch, nil
}

func (f *fanFeed) send(u gcs.VideoUnit) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.subs {
		ch <- u
	}
}

// BenchmarkViewers measures the handler writing a real H.264 clip's
// frames (640×360, about 9 KB on average) to 1 and 10 viewers
// over loopback websockets, reading as fast as they can: ns/op per frame
// to every viewer, and the time from the frame's capture stamp to its
// arrival (p50, p99), which at full speed is mostly queueing.
func BenchmarkViewers(b *testing.B) {
	units := streamtest.H264Units(b)
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprintf("viewers=%d", n), func(b *testing.B) {
			feed := &fanFeed{}
			h := &stream.Handler{Feed: feed, Queue: 1 << 14}
			mux := http.NewServeMux()
			mux.Handle(route, h)
			srv := httptest.NewServer(mux)
			defer srv.Close()
			defer h.Close()
			var wg sync.WaitGroup
			lat := make([][]time.Duration, n)
			for i := range n {
				conn, _, err := websocket.DefaultDialer.Dial(liveURL(srv.URL, "v1", "c100s1"), nil)
				if err != nil {
					b.Fatal(err)
				}
				defer conn.Close()
				wg.Add(1)
				go func() {
					defer wg.Done()
					for got := 0; got < b.N; {
						typ, msg, err := conn.ReadMessage()
						if err != nil {
							return
						}
						if typ != websocket.BinaryMessage {
							continue
						}
						hd, _, _ := stream.ParseHeader(msg)
						lat[i] = append(lat[i], time.Since(time.UnixMicro(hd.Captured)))
						got++
					}
				}()
			}
			for feed.count() < n {
				time.Sleep(time.Millisecond)
			}
			bytes := 0
			for _, u := range units {
				bytes += len(u.Data)
			}
			b.SetBytes(int64(bytes / len(units) * n))
			b.ResetTimer()
			for i := range b.N {
				u := units[i%len(units)]
				u.Seq, u.Captured = uint64(i+1), time.Now()
				feed.send(u)
			}
			wg.Wait()
			b.StopTimer()
			var all []time.Duration
			for _, l := range lat {
				all = append(all, l...)
			}
			if len(all) > 0 {
				sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
				b.ReportMetric(float64(all[len(all)/2].Microseconds()), "p50-µs")
				b.ReportMetric(float64(all[len(all)*99/100].Microseconds()), "p99-µs")
			}
		})
	}
}

func (f *fanFeed) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}
