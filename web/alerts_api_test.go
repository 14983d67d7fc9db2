package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live"
)

// newAckServer is a fleet with one low battery alert, a hub and the API.
func newAckServer(t *testing.T) (*httptest.Server, *gcs.Fleet) {
	events := &gcs.Events{}
	f := &gcs.Fleet{TickPeriod: time.Hour, Events: events}
	require.NoError(t, f.Initialize())
	h := &live.Hub{Events: events}
	require.NoError(t, h.Initialize())
	srv := httptest.NewServer((&Server{Fleet: f, Hub: h}).Handler())
	t.Cleanup(func() { h.Close(); srv.Close(); f.Close() })
	f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", At: time.Now(), Update: gcs.Identity{Mode: "AUTO"}})
	f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", At: time.Now(), Update: gcs.BatteryUpdate{Battery: gcs.Battery{Remaining: 25, Voltage: 14.8}}})
	require.Len(t, f.Alerts(), 1)
	return srv, f
}

func TestAckAlertReachesTheLiveFeed(t *testing.T) {
	srv, f := newAckServer(t)
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", nil)
	require.NoError(t, err)
	defer conn.Close()
	next := func() (string, json.RawMessage) {
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
		var m struct {
			Type string          `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		require.NoError(t, conn.ReadJSON(&m))
		return m.Type, m.Data
	}
	typ, _ := next()
	require.Equal(t, "snapshot", typ)

	code, body := do(t, "POST", srv.URL+"/api/alerts/ack", `{"id":"l1-1/battery_low","by":"Ana"}`)
	require.Equal(t, 200, code, body)
	var a gcs.Alert
	require.NoError(t, json.Unmarshal([]byte(body), &a))
	require.True(t, a.Acked)
	require.Equal(t, "Ana", a.AckedBy)
	require.NotNil(t, a.AckedAt)
	require.True(t, f.Alerts()[0].Acked)

	for {
		typ, data := next()
		if typ != "alert" {
			continue
		}
		var got gcs.Alert
		require.NoError(t, json.Unmarshal(data, &got))
		if got.Acked {
			require.Equal(t, "l1-1/battery_low", got.ID)
			require.Equal(t, "Ana", got.AckedBy)
			break
		}
	}
	code, body = do(t, "GET", srv.URL+"/api/alerts", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"acked_by": "Ana"`)
}

func TestAckAlertBadRequests(t *testing.T) {
	srv, _ := newAckServer(t)
	cases := []struct {
		name, body string
		code       int
		want       string
	}{
		{"unknown alert", `{"id":"l1-9/battery_low","by":"Ana"}`, 404, "no active or recent alert"},
		{"no id", `{"by":"Ana"}`, 400, "give the alert"},
		{"no name", `{"id":"l1-1/battery_low","by":"  "}`, 400, "who acknowledges"},
		{"control characters", `{"id":"l1-1/battery_low","by":"A\u0000na"}`, 400, "printable"},
		{"long name", `{"id":"l1-1/battery_low","by":"` + strings.Repeat("a", 101) + `"}`, 400, "at most 100"},
		{"not JSON", `{"id":`, 400, "bad JSON"},
		{"unknown field", `{"id":"l1-1/battery_low","by":"Ana","sudo":1}`, 400, "unknown field"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			code, body := do(t, "POST", srv.URL+"/api/alerts/ack", ca.body)
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.want)
		})
	}
}
