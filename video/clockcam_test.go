package video

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/bluenviron/gortsplib/v4/pkg/description"
	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/pion/rtcp"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// clockCamera is an RTSP camera on loopback (TCP) sending MJPEG at 25 fps
// and an RFC 3550 sender report every half second whose wall clock is off
// from the truth, as a camera's without NTP is.
type clockCamera struct {
	url    string
	media  *description.Media
	stream *gortsplib.ServerStream
	off    atomic.Int64 // the camera clock's offset, ns
	quiet  atomic.Bool  // sends nothing (the station reconnects)
}

func newClockCamera(t *testing.T, off time.Duration) *clockCamera {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	c := &clockCamera{url: "rtsp://" + addr + "/cam"}
	c.off.Store(int64(off))
	f := &format.MJPEG{}
	c.media = &description.Media{Type: description.MediaTypeVideo, Formats: []format.Format{f}}
	srv := &gortsplib.Server{Handler: c, RTSPAddress: addr, DisableRTCPSenderReports: true}
	require.NoError(t, srv.Start())
	c.stream = &gortsplib.ServerStream{Server: srv, Desc: &description.Session{Medias: []*description.Media{c.media}}}
	require.NoError(t, c.stream.Initialize())
	enc, err := f.CreateEncoder()
	require.NoError(t, err)
	pic := testJPEG(t, 64, 48)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done; c.stream.Close(); srv.Close() })
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Second / 25)
		defer tick.Stop()
		epoch, lastSR := time.Now(), time.Time{}
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if c.quiet.Load() {
				continue
			}
			captured := time.Now()
			ts := uint32(captured.Sub(epoch).Nanoseconds() * 9 / 100_000)
			pkts, err := enc.Encode(pic)
			if err != nil {
				t.Errorf("clock camera: %v", err)
				return
			}
			var ssrc uint32
			for _, p := range pkts {
				p.Timestamp = ts
				_ = c.stream.WritePacketRTPWithNTP(c.media, p, captured)
				ssrc = p.SSRC // set by the stream
			}
			if captured.Sub(lastSR) >= 500*time.Millisecond {
				lastSR = captured
				camera := captured.Add(time.Duration(c.off.Load()))
				_ = c.stream.WritePacketRTCP(c.media, &rtcp.SenderReport{SSRC: ssrc, NTPTime: timeToNTP(camera), RTPTime: ts})
			}
		}
	}()
	return c
}

func (c *clockCamera) OnDescribe(*gortsplib.ServerHandlerOnDescribeCtx) (*base.Response, *gortsplib.ServerStream, error) {
	return &base.Response{StatusCode: base.StatusOK}, c.stream, nil
}

func (c *clockCamera) OnSetup(*gortsplib.ServerHandlerOnSetupCtx) (*base.Response, *gortsplib.ServerStream, error) {
	return &base.Response{StatusCode: base.StatusOK}, c.stream, nil
}

func (c *clockCamera) OnPlay(*gortsplib.ServerHandlerOnPlayCtx) (*base.Response, error) {
	return &base.Response{StatusCode: base.StatusOK}, nil
}

// TestCameraClockOff runs cameras whose clocks are set, 3 h behind, and set
// 1970, through the whole ingest: a camera clock within ClockBound gives
// capture times (health clock "rtcp"); one off by hours is not trusted,
// capture times stay near the station's clock (as they were not: 3 h off,
// and no pose lookup found a pose) and the health says how far the
// camera's clock is off. When the camera's clock is set right, it is
// trusted again.
func TestCameraClockOff(t *testing.T) {
	cases := []struct {
		name string
		off  time.Duration
	}{
		{"set", 0},
		{"3 h behind", -3 * time.Hour},
		{"1970", -time.Since(time.Unix(0, 0))},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			cam := newClockCamera(t, ca.off)
			warns := &warnLog{}
			r := newRig(t, map[gcs.VehicleID][]string{"v1": {cam.url}}, func(m *Manager) {
				m.Transport, m.Log = TransportTCP, slog.New(warns)
			})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ch := r.watch(ctx, "v1", "manual1")
			trusted := ca.off == 0
			h := r.waitHealth("v1", "manual1", 15*time.Second, "the camera clock judged", func(h gcs.StreamHealth) bool {
				return h.State == "playing" && (h.Clock == ClockRTCP) == trusted && (h.CameraClockOffset != 0) != trusted
			})
			if !trusted {
				require.Equal(t, ClockArrival, h.Clock)
				require.InDelta(t, ca.off.Seconds(), h.CameraClockOffset, 5, "the camera clock's offset, in the health")
			}
			requireNearNow(t, ch, 25)
			if trusted {
				require.Empty(t, warns.all())
				return
			}
			require.Len(t, warns.all(), 1, "one warning")
			t.Logf("warned: %s", warns.all()[0])
			if ca.name == "3 h behind" {
				// The camera goes quiet: the station reconnects, and does
				// not warn again about the same clock.
				cam.quiet.Store(true)
				r.waitHealth("v1", "manual1", 10*time.Second, "reconnecting", func(h gcs.StreamHealth) bool { return h.Restarts > 0 })
				cam.quiet.Store(false)
				r.waitHealth("v1", "manual1", 15*time.Second, "reconnected, the camera clock judged again", func(h gcs.StreamHealth) bool {
					return h.State == "playing" && h.CameraClockOffset != 0
				})
				requireNearNow(t, ch, 10)
				require.Len(t, warns.all(), 1, "no second warning after a reconnection: %q", warns.all())
			}
			cam.off.Store(0) // the camera's clock is set right
			r.waitHealth("v1", "manual1", 15*time.Second, "the camera clock trusted again", func(h gcs.StreamHealth) bool {
				return h.Clock == ClockRTCP && h.CameraClockOffset == 0
			})
			requireNearNow(t, ch, 25)
		})
	}
}

// warnLog keeps the warnings logged, in words.
type warnLog struct {
	mu    sync.Mutex
	lines []string
}

func (w *warnLog) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (w *warnLog) WithAttrs([]slog.Attr) slog.Handler           { return w }
func (w *warnLog) WithGroup(string) slog.Handler                { return w }

func (w *warnLog) Handle(_ context.Context, r slog.Record) error {
	line := r.Message
	r.Attrs(func(a slog.Attr) bool { line += " " + a.String(); return true })
	w.mu.Lock()
	w.lines = append(w.lines, line)
	w.mu.Unlock()
	return nil
}

// all is the warnings about the camera's clock.
func (w *warnLog) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, l := range w.lines {
		if strings.HasPrefix(l, "camera clock") {
			out = append(out, l)
		}
	}
	return out
}

// requireNearNow reads n units (after the ones queued): their capture
// times are near the station's clock.
func requireNearNow(t *testing.T, ch <-chan gcs.VideoUnit, n int) {
	t.Helper()
	for len(ch) > 0 {
		<-ch
	}
	worst := time.Duration(0)
	for i := range n {
		var u gcs.VideoUnit
		select {
		case u = <-ch:
		case <-time.After(10 * time.Second):
			t.Fatalf("unit %d did not come", i)
		}
		d := time.Since(u.Captured)
		require.Less(t, math.Abs(d.Seconds()), 3.0, "unit %d captured %s, %s from now", i, u.Captured.Format(time.RFC3339Nano), d)
		worst = max(worst, d.Abs())
	}
	t.Logf("capture times within %s of the station's clock", fmt.Sprint(worst.Round(time.Millisecond)))
}
