package stream_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/stream"
	"skerry/web/stream/streamtest"
)

const route = "GET /api/vehicles/{id}/streams/{key}/live"

// serve mounts h as web.Server does and returns the server's URL.
func serve(t *testing.T, h *stream.Handler) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(route, h)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { h.Close(); srv.Close() })
	return srv.URL
}

func testFeed(t *testing.T) *streamtest.Feed {
	return &streamtest.Feed{Vehicle: "sim1-1", Key: "c100s1", Units: streamtest.H264Units(t)}
}

func liveURL(base, id, key string) string {
	return "ws" + strings.TrimPrefix(base, "http") + "/api/vehicles/" + id + "/streams/" + key + "/live"
}

// viewer is a websocket client of the endpoint.
type viewer struct {
	t    *testing.T
	conn *websocket.Conn
}

// dial connects; readBuffer, when positive, shrinks the socket's receive
// buffer so that a viewer that stops reading soon holds up the station.
func dial(t *testing.T, url string, readBuffer int) *viewer {
	t.Helper()
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	if readBuffer > 0 {
		d.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err == nil {
				err = c.(*net.TCPConn).SetReadBuffer(readBuffer)
			}
			return c, err
		}
	}
	conn, res, err := d.Dial(url, nil)
	require.NoError(t, err)
	res.Body.Close()
	t.Cleanup(func() { conn.Close() })
	return &viewer{t: t, conn: conn}
}

// message is one message of the endpoint: a frame or a status.
type message struct {
	frame   *stream.Header
	payload []byte
	status  *stream.Status
}

func (v *viewer) next() message {
	v.t.Helper()
	require.NoError(v.t, v.conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	typ, b, err := v.conn.ReadMessage()
	require.NoError(v.t, err)
	if typ == websocket.TextMessage {
		var s stream.Status
		require.NoError(v.t, json.Unmarshal(b, &s), "%s", b)
		return message{status: &s}
	}
	h, p, err := stream.ParseHeader(b)
	require.NoError(v.t, err)
	return message{frame: &h, payload: p}
}

// nextFrame skips status messages.
func (v *viewer) nextFrame() (stream.Header, []byte) {
	for {
		if m := v.next(); m.frame != nil {
			return *m.frame, m.payload
		}
	}
}

func nalTypes(au []byte) []byte {
	var types []byte
	for _, n := range streamtest.NALUnits(au) {
		types = append(types, n[0]&0x1f)
	}
	return types
}

func TestFramesArriveFromAKeyFrameInOrder(t *testing.T) {
	feed := testFeed(t)
	base := serve(t, &stream.Handler{Feed: feed})
	v := dial(t, liveURL(base, "sim1-1", "c100s1"), 0)

	first := v.next()
	require.NotNil(t, first.status, "a status message comes first")
	require.Equal(t, "status", first.status.Type)
	require.Equal(t, gcs.VehicleID("sim1-1"), first.status.Vehicle)
	require.InDelta(t, time.Now().UnixMicro(), first.status.Time, float64(5*time.Second/time.Microsecond))

	h, p := v.nextFrame()
	require.Equal(t, uint8(stream.Version), h.Version)
	require.Equal(t, uint8(stream.CodecH264), h.Codec)
	require.NotZero(t, h.Flags&stream.FlagKey, "the first frame is a key frame")
	require.Equal(t, uint16(640), h.Width)
	require.Equal(t, uint16(360), h.Height)
	require.InDelta(t, time.Now().UnixMicro(), h.Captured, float64(5*time.Second/time.Microsecond))
	types := nalTypes(p)
	require.Contains(t, types, byte(7), "SPS in band before the key frame")
	require.Contains(t, types, byte(8), "PPS in band")
	require.Contains(t, types, byte(5), "an IDR slice")
	require.True(t, bytes.HasPrefix(p, []byte{0, 0, 0, 1}), "Annex B")

	seq := h.Seq
	keys := 1
	for range 2 * streamtest.ClipFPS {
		h, p := v.nextFrame()
		require.Equal(t, seq+1, h.Seq, "no frame lost on an idle machine's loopback")
		require.Zero(t, h.Flags&stream.FlagResync)
		seq = h.Seq
		if h.Flags&stream.FlagKey != 0 {
			keys++
			require.Contains(t, nalTypes(p), byte(7), "SPS before every key frame")
		} else {
			require.NotContains(t, nalTypes(p), byte(5))
		}
	}
	require.GreaterOrEqual(t, keys, 2, "a key frame a second")
}

// TestSlowViewerLosesFramesNotTheOthers: a viewer that stops reading fills
// its socket and its queue; it loses frames and, reading again, resumes
// at a key frame marked resync, told how many it lost, while a viewer
// that reads on keeps getting every frame.
func TestSlowViewerLosesFramesNotTheOthers(t *testing.T) {
	feed := testFeed(t)
	feed.Buffer = 64 // the feed itself keeps up: what is lost is lost in the handler
	h := &stream.Handler{Feed: feed, Queue: 4, SendBuffer: 8 << 10, WriteTimeout: time.Minute, StatusPeriod: 200 * time.Millisecond}
	base := serve(t, h)
	url := liveURL(base, "sim1-1", "c100s1")

	slow := dial(t, url, 4<<10)
	slow.nextFrame() // connected and playing; now it stops reading

	fast := dial(t, url, 0)
	var fastFrames atomic.Int64
	fastDone := make(chan struct{})
	go func() {
		defer close(fastDone)
		for {
			_ = fast.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			typ, _, err := fast.conn.ReadMessage()
			if err != nil {
				return
			}
			if typ == websocket.BinaryMessage {
				fastFrames.Add(1)
			}
		}
	}()

	require.Eventually(t, func() bool { return h.Stats().Dropped > 0 }, 30*time.Second, 10*time.Millisecond, "the slow viewer loses frames")
	atDrop := fastFrames.Load()
	require.Eventually(t, func() bool { return fastFrames.Load() >= atDrop+10 }, 30*time.Second, 10*time.Millisecond,
		"the fast viewer keeps getting frames while the slow one is stuck")

	// Reading again: what the socket held, then a key frame after a gap.
	var last uint64
	var resynced *stream.Header
	var told uint64
	for resynced == nil || told == 0 {
		m := slow.next()
		if m.status != nil {
			told = max(told, m.status.Dropped)
			continue
		}
		hd := *m.frame
		if last != 0 && hd.Seq != last+1 {
			require.NotZero(t, hd.Flags&stream.FlagKey, "after a gap, a key frame: seq %d after %d", hd.Seq, last)
			require.NotZero(t, hd.Flags&stream.FlagResync, "marked resync")
			resynced = &hd
		}
		last = hd.Seq
	}
	require.Zero(t, h.Stats().Stuck, "the slow viewer was not closed: its writes kept within WriteTimeout")
	fast.conn.Close()
	<-fastDone
}

// TestStuckViewerIsClosed: a viewer that takes nothing within
// WriteTimeout is closed, and its subscription to the feed ends.
func TestStuckViewerIsClosed(t *testing.T) {
	feed := testFeed(t)
	h := &stream.Handler{Feed: feed, Queue: 4, SendBuffer: 8 << 10, WriteTimeout: 300 * time.Millisecond}
	base := serve(t, h)
	dial(t, liveURL(base, "sim1-1", "c100s1"), 4<<10) // never reads
	require.Eventually(t, func() bool { return h.Stats().Stuck == 1 }, 30*time.Second, 10*time.Millisecond)
	require.Eventually(t, func() bool { return h.Stats().Viewers == 0 && feed.Watching() == 0 }, 10*time.Second, 10*time.Millisecond)
}

// endFeed is a feed whose stream the test ends by closing its channel.
type endFeed struct {
	streamtest.Feed
	units chan gcs.VideoUnit
}

func (f *endFeed) Watch(context.Context, gcs.VehicleID, string) (<-chan gcs.VideoUnit, error) {
	return f.units, nil
}

func TestStreamEndClosesNormally(t *testing.T) {
	feed := &endFeed{units: make(chan gcs.VideoUnit, 4)}
	base := serve(t, &stream.Handler{Feed: feed})
	v := dial(t, liveURL(base, "v1", "manual1"), 0)
	jpeg := []byte{0xff, 0xd8, 0xff, 0xd9}
	feed.units <- gcs.VideoUnit{Codec: "mjpeg", Key: true, Data: jpeg, Seq: 7, Width: 320, Height: 240}
	h, p := v.nextFrame()
	require.Equal(t, uint8(stream.CodecMJPEG), h.Codec)
	require.Equal(t, uint64(7), h.Seq)
	require.Zero(t, h.Captured, "capture time unknown")
	require.Equal(t, jpeg, p)
	close(feed.units)
	for {
		_, _, err := v.conn.ReadMessage()
		if err != nil {
			require.True(t, websocket.IsCloseError(err, websocket.CloseNormalClosure), "%v", err)
			require.Contains(t, err.Error(), "stream ended")
			return
		}
	}
}

// TestGapInTheFeedSkipsToAKeyFrame: frames after a gap in Seq (lost
// before the handler) are useless to a decoder until the next key frame.
func TestGapInTheFeedSkipsToAKeyFrame(t *testing.T) {
	feed := &endFeed{units: make(chan gcs.VideoUnit, 8)}
	h := &stream.Handler{Feed: feed}
	v := dial(t, liveURL(serve(t, h), "v1", "c100s1"), 0)
	for _, u := range []struct {
		seq uint64
		key bool
	}{{1, true}, {2, false}, {4, false}, {5, false}, {6, true}, {7, false}} {
		feed.units <- gcs.VideoUnit{Codec: "h264", Key: u.key, Seq: u.seq, Data: []byte{0, 0, 0, 1, 0x65}}
	}
	var got []uint64
	var flags []uint8
	for len(got) < 4 {
		hd, _ := v.nextFrame()
		got = append(got, hd.Seq)
		flags = append(flags, hd.Flags)
	}
	require.Equal(t, []uint64{1, 2, 6, 7}, got)
	require.Equal(t, []uint8{stream.FlagKey, 0, stream.FlagKey | stream.FlagResync, 0}, flags)
	require.Equal(t, uint64(2), h.Stats().Dropped)
}

func TestCloseEndsEveryViewer(t *testing.T) {
	feed := testFeed(t)
	h := &stream.Handler{Feed: feed}
	base := serve(t, h)
	v := dial(t, liveURL(base, "sim1-1", "c100s1"), 0)
	v.nextFrame()
	h.Close()
	for {
		_, _, err := v.conn.ReadMessage()
		if err != nil {
			require.True(t, websocket.IsCloseError(err, websocket.CloseGoingAway), "%v", err)
			break
		}
	}
	require.Eventually(t, func() bool { return feed.Watching() == 0 }, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, int64(1), feed.Watches(), "no subscription after Close (TestRefusedInBand has the refusal)")
	after := dial(t, liveURL(base, "sim1-1", "c100s1"), 0)
	for {
		if _, _, err := after.conn.ReadMessage(); err != nil {
			require.True(t, websocket.IsCloseError(err, 4503), "%v", err)
			break
		}
	}
	require.Equal(t, int64(1), feed.Watches())
}

func TestHealthInStatus(t *testing.T) {
	feed := testFeed(t)
	h := &stream.Handler{Feed: feed, StatusPeriod: 50 * time.Millisecond, Health: func(id gcs.VehicleID, key string) (gcs.StreamHealth, bool) {
		return gcs.StreamHealth{State: "playing", FPS: 25, Codec: "h264"}, id == "sim1-1" && key == "c100s1"
	}}
	v := dial(t, liveURL(serve(t, h), "sim1-1", "c100s1"), 0)
	for {
		if m := v.next(); m.status != nil && m.status.Sent > 0 {
			require.NotNil(t, m.status.Health)
			require.Equal(t, "playing", m.status.Health.State)
			require.Equal(t, "h264", m.status.Codec)
			return
		}
	}
}

// TestHostileRequests: bad ids and keys, wrong origins, plain HTTP, and
// streams that do not exist are refused with a status and a JSON error,
// before any subscription.
func TestHostileRequests(t *testing.T) {
	feed := &streamtest.Feed{Vehicle: "sim1-1", Key: "c100s1", Units: []gcs.VideoUnit{{Codec: "mjpeg", Key: true, Data: []byte{0xff, 0xd8}}}}
	base := serve(t, &stream.Handler{Feed: feed, AllowedOrigins: []string{"https://console.example.org"}})
	none := serve(t, &stream.Handler{})
	cases := []struct {
		name, base, path, origin string
		ws                       bool
		status                   int
	}{
		{"ok", base, "/api/vehicles/sim1-1/streams/c100s1/live", "", true, http.StatusSwitchingProtocols},
		{"listed origin", base, "/api/vehicles/sim1-1/streams/c100s1/live", "https://console.example.org", true, http.StatusSwitchingProtocols},
		{"loopback origin", base, "/api/vehicles/sim1-1/streams/c100s1/live", "http://localhost:8080", true, http.StatusSwitchingProtocols},
		{"foreign origin", base, "/api/vehicles/sim1-1/streams/c100s1/live", "https://evil.example.com", true, http.StatusForbidden},
		{"null origin", base, "/api/vehicles/sim1-1/streams/c100s1/live", "null", true, http.StatusForbidden},
		{"not a websocket", base, "/api/vehicles/sim1-1/streams/c100s1/live", "", false, http.StatusUpgradeRequired},
		{"key with a dot", base, "/api/vehicles/sim1-1/streams/c100.s1/live", "", true, http.StatusBadRequest},
		{"key escaping", base, "/api/vehicles/sim1-1/streams/%2e%2e%2fx/live", "", true, http.StatusBadRequest},
		{"key too long", base, "/api/vehicles/sim1-1/streams/" + strings.Repeat("k", 65) + "/live", "", true, http.StatusBadRequest},
		{"control in id", base, "/api/vehicles/sim%01/streams/c100s1/live", "", true, http.StatusBadRequest},
		{"bad utf-8 id", base, "/api/vehicles/%ff%fe/streams/c100s1/live", "", true, http.StatusBadRequest},
		{"id too long", base, "/api/vehicles/" + strings.Repeat("v", 129) + "/streams/c100s1/live", "", true, http.StatusBadRequest},
		{"no video", none, "/api/vehicles/sim1-1/streams/c100s1/live", "", false, http.StatusNotImplemented},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", ca.base+ca.path, nil)
			require.NoError(t, err)
			if ca.ws {
				req.Header.Set("Connection", "Upgrade")
				req.Header.Set("Upgrade", "websocket")
				req.Header.Set("Sec-WebSocket-Version", "13")
				req.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
			}
			if ca.origin != "" {
				req.Header.Set("Origin", ca.origin)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			require.Equal(t, ca.status, res.StatusCode)
			if ca.status >= 400 {
				var e struct{ Error string }
				require.NoError(t, json.NewDecoder(res.Body).Decode(&e))
				require.NotEmpty(t, e.Error)
			}
		})
	}
	require.Eventually(t, func() bool { return feed.Watching() == 0 }, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, int64(2+1), feed.Watches(), "only the accepted requests subscribed")
}

// TestRefusedInBand: a browser cannot read the HTTP status of a refused
// websocket handshake, so a well-formed request for a stream that cannot
// be watched is upgraded, told why, and closed with 4000 + the status.
func TestRefusedInBand(t *testing.T) {
	feed := &streamtest.Feed{Vehicle: "sim1-1", Key: "c100s1", Units: []gcs.VideoUnit{{Codec: "mjpeg", Key: true, Data: []byte{0xff, 0xd8}}}}
	base := serve(t, &stream.Handler{Feed: feed})
	none := serve(t, &stream.Handler{})
	closed := &stream.Handler{Feed: feed}
	closedURL := serve(t, closed)
	closed.Close()
	longURL := serve(t, &stream.Handler{Feed: failFeed{strings.Repeat("é", 200)}})
	cases := []struct {
		name, url string
		status    int
		says      string
	}{
		{"unknown vehicle", liveURL(base, "sim9-9", "c100s1"), http.StatusNotFound, "no such video stream"},
		{"unknown stream", liveURL(base, "sim1-1", "c101s1"), http.StatusNotFound, "no such video stream"},
		{"no video", liveURL(none, "sim1-1", "c100s1"), http.StatusNotImplemented, "serves no live video"},
		{"shutting down", liveURL(closedURL, "sim1-1", "c100s1"), http.StatusServiceUnavailable, "shutting down"},
		{"feed failure, long words", liveURL(longURL, "sim1-1", "c100s1"), http.StatusServiceUnavailable, "éé"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			v := dial(t, ca.url, 0)
			require.NoError(t, v.conn.SetReadDeadline(time.Now().Add(5*time.Second)))
			typ, b, err := v.conn.ReadMessage()
			require.NoError(t, err)
			require.Equal(t, websocket.TextMessage, typ)
			var r stream.Refusal
			require.NoError(t, json.Unmarshal(b, &r))
			require.Equal(t, stream.Refusal{Type: "error", Status: ca.status, Error: r.Error}, r)
			require.Contains(t, r.Error, ca.says)
			_, _, err = v.conn.ReadMessage()
			var ce *websocket.CloseError
			require.ErrorAs(t, err, &ce, "closed after the refusal")
			require.Equal(t, 4000+ca.status, ce.Code)
			require.LessOrEqual(t, len(ce.Text), 123)
			require.True(t, utf8.ValidString(ce.Text))
		})
	}
}

// failFeed refuses every Watch with its words.
type failFeed struct{ why string }

func (f failFeed) Watch(context.Context, gcs.VehicleID, string) (<-chan gcs.VideoUnit, error) {
	return nil, errors.New(f.why)
}

func (failFeed) Snapshot(context.Context, gcs.VehicleID, string) ([]byte, time.Time, error) {
	return nil, time.Time{}, gcs.ErrNoFrame
}

func (failFeed) StartRecording(context.Context, gcs.VehicleID, string) (gcs.Recording, error) {
	return gcs.Recording{}, gcs.ErrNoStream
}

func (failFeed) StopRecording(context.Context, gcs.VehicleID, string) (gcs.Recording, error) {
	return gcs.Recording{}, gcs.ErrNoStream
}
