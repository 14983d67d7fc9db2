package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/stream"
	"skerry/web/stream/streamtest"
)

func TestVideoRouteWithoutAFeedAnswers501(t *testing.T) {
	srv := httptest.NewServer((&Server{}).Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/vehicles/sim1-1/streams/c100s1/live")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusNotImplemented, res.StatusCode)
	var e struct{ Error string }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&e))
	require.Contains(t, e.Error, "no live video")

	// a browser is told in-band: it cannot read a handshake's status
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/api/vehicles/sim1-1/streams/c100s1/live", nil)
	require.NoError(t, err)
	defer conn.Close()
	_, b, err := conn.ReadMessage()
	require.NoError(t, err)
	require.Contains(t, string(b), `"status":501`)
	_, _, err = conn.ReadMessage()
	require.True(t, websocket.IsCloseError(err, 4501), "%v", err)
}

// TestVideoRouteServesTheFeed: mounted beside the API, the route serves
// the feed's frames, and its status messages carry the stream's health
// from the fleet.
func TestVideoRouteServesTheFeed(t *testing.T) {
	feed := &streamtest.Feed{Vehicle: "l1-1", Key: "manual1", Units: []gcs.VideoUnit{{Codec: "mjpeg", Key: true, Data: []byte{0xff, 0xd8, 0xff, 0xd9}}}}
	e := newFeedEnv(t, func(s *Server) { s.Video = feed })
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "LOITER"})
	observe(e.fleet, "l1-1", gcs.CameraUpdate{Camera: gcs.VehicleCamera{Streams: []gcs.VideoStream{{Key: "manual1", URI: "rtsp://127.0.0.1:1/cam", Source: "configured"}}}})
	observe(e.fleet, "l1-1", gcs.StreamHealthUpdate{Key: "manual1", Health: gcs.StreamHealth{State: "playing", FPS: 25}})
	require.Eventually(t, func() bool {
		v, ok := e.fleet.Vehicle("l1-1")
		return ok && len(v.Cameras) == 1 && v.Cameras[0].Streams[0].Health != nil
	}, 10*time.Second, 5*time.Millisecond)
	url := "ws" + strings.TrimPrefix(e.srv.URL, "http") + "/api/vehicles/l1-1/streams/manual1/live"
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	require.NoError(t, err)
	defer conn.Close()
	sawFrame, sawHealth := false, false
	for !sawFrame || !sawHealth {
		typ, b, err := conn.ReadMessage()
		require.NoError(t, err)
		if typ == websocket.BinaryMessage {
			h, p, err := stream.ParseHeader(b)
			require.NoError(t, err)
			require.Equal(t, uint8(stream.CodecMJPEG), h.Codec)
			require.Equal(t, []byte{0xff, 0xd8, 0xff, 0xd9}, p)
			sawFrame = true
			continue
		}
		var s stream.Status
		require.NoError(t, json.Unmarshal(b, &s))
		if s.Health != nil {
			require.Equal(t, "playing", s.Health.State)
			sawHealth = true
		}
	}
}
