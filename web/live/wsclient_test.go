package live

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"skerry/web/live/livetest"
)

func TestOriginCheck(t *testing.T) {
	e := newHubEnv(t, envOptions{hub: func(h *Hub) { h.AllowedOrigins = []string{"https://console.example.org"} }})
	host := strings.TrimPrefix(e.srv.URL, "http://")
	cases := []struct {
		origin string
		ok     bool
	}{
		{"", true},
		{"http://" + host, true},
		{"http://localhost:5173", true},
		{"http://127.0.0.1:8080", true},
		{"https://console.example.org", true},
		{"https://evil.example", false},
		{"http://localhost.evil.example", false},
		{"null", false},
	}
	for _, ca := range cases {
		t.Run(ca.origin, func(t *testing.T) {
			h := http.Header{}
			if ca.origin != "" {
				h.Set("Origin", ca.origin)
			}
			conn, res, err := websocket.DefaultDialer.Dial(e.ws, h)
			if ca.ok {
				require.NoError(t, err)
				_ = conn.Close()
				return
			}
			require.Error(t, err)
			require.Equal(t, http.StatusForbidden, res.StatusCode)
		})
	}
}

func TestBadMaxRateIsRefused(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	_, res, err := websocket.DefaultDialer.Dial(e.ws+"?max_rate=fast", nil)
	require.Error(t, err)
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
}

func TestBadClientMessagesGetErrorsAndKeepTheConnection(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)
	cases := []struct{ send, want string }{
		{`{"type":`, "bad JSON"},
		{`[1,2]`, "bad JSON"},
		{`{"type":"launch_missiles","id":"7"}`, `unknown message type "launch_missiles"`},
		{`{"id":"8"}`, `no "type"`},
		{`{"type":"ping"}{"type":"ping"}`, "more than one value"},
		{``, "empty message"},
	}
	for _, ca := range cases {
		c.Send(ca.send)
		m := c.Next()
		require.Equal(t, MsgError, m.Type, ca.send)
		require.Contains(t, livetest.Decode[replyData](t, m.Data).Error, ca.want)
	}
	require.NoError(t, c.Conn.WriteMessage(websocket.BinaryMessage, []byte{1, 2}))
	require.Equal(t, MsgError, c.Next().Type)

	c.Send(`{"type":"ping","id":"abc"}`)
	m := c.Next()
	require.Equal(t, MsgPong, m.Type)
	require.Equal(t, "abc", livetest.Decode[replyData](t, m.Data).ID)
}

func TestOversizeMessageCloses1009(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)
	// The server may close before the whole message is written.
	_ = c.Conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"ping","id":"`+strings.Repeat("x", 70<<10)+`"}`))
	var err error
	for err == nil {
		_, err = c.TryNext()
	}
	var ce *websocket.CloseError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Equal(t, websocket.CloseMessageTooBig, ce.Code)
	require.Eventually(t, func() bool { return e.hub.Metrics().DroppedClients["message_too_big"] == 1 }, 10*time.Second, 5*time.Millisecond)
}
