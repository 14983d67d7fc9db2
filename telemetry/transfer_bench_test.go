package telemetry

import (
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/mission/mavlink"
)

// benchTransfers measures 500-item transfers over loopback against the fake
// vehicle. At 0 % loss the station runs with its default timeouts (no
// timeout fires: the figure is the protocol's round trips); at 20 % loss
// in each direction the timeouts are scaled to loopback (ack 40 ms, item
// 8 ms, vehicle re-request 8 ms; over a radio they are QGC's 1500/250 ms,
// so a lossy transfer there costs ≈ retries × 250 ms more).
func benchTransfers(b *testing.B, upload bool) {
	for _, ca := range []struct {
		name   string
		loss   float64
		timing MissionTiming
	}{{"loss0", 0, MissionTiming{}}, {"loss20", 0.2, loopbackTiming}} {
		b.Run(ca.name, func(b *testing.B) {
			s := &Station{LinkTimeout: time.Hour, MissionTiming: ca.timing, Log: slog.New(slog.DiscardHandler)}
			_, p := commandSetup(b, s, copter())
			f := newFakeMission(b, p, fakeReRequest)
			f.setLoss(ca.loss, ca.loss, 7)
			items := testItems(mavlink.TypeMission, 500)
			require.NoError(b, s.Upload(bg, "a-1", mavlink.TypeMission, items, nil))
			r0 := s.xferRetries.Load()
			b.ResetTimer()
			n := 0
			for b.Loop() {
				n++
				if upload {
					require.NoError(b, s.Upload(bg, "a-1", mavlink.TypeMission, items, nil))
					continue
				}
				_, err := s.Download(bg, "a-1", mavlink.TypeMission, nil)
				require.NoError(b, err)
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(n), "ms/transfer")
			b.ReportMetric(float64(s.xferRetries.Load()-r0)/float64(n), "retries/transfer")
		})
	}
}

func BenchmarkUpload500(b *testing.B)   { benchTransfers(b, true) }
func BenchmarkDownload500(b *testing.B) { benchTransfers(b, false) }
