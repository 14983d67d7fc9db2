package station_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/internal/demo"
)

// wsMessage is one live-feed message.
type wsMessage struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// TestOrdersFromAnyFrontEndReachTheConsoles: an order the demo script
// gives (not through the HTTP API) reaches a console's websocket as a
// result, and a new operation reaches it; both come from the core's
// event stream (before, only orders given over HTTP did).
func TestOrdersFromAnyFrontEndReachTheConsoles(t *testing.T) {
	op, _ := portOperation(t)
	w := startLawWorld(t, op, 1, 10)
	waitFor(t, 30*time.Second, "vehicle ready", w.ready(1))
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(w.st.URL, "http")+"ws", nil)
	require.NoError(t, err)
	defer c.Close()
	next := func(kind string) wsMessage {
		t.Helper()
		for {
			require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
			var m wsMessage
			require.NoError(t, c.ReadJSON(&m))
			if m.Type == kind {
				return m
			}
		}
	}
	next("snapshot")

	// The demo script takes off: its order goes through the core only.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	script := &demo.Script{Fleet: w.st.Fleet, Commander: w.st.Commander, Vehicles: 1, Log: slog.New(slog.DiscardHandler), Tick: 20 * time.Millisecond}
	go script.Run(ctx) //nolint:errcheck // ends with ctx
	var res struct {
		RequestID string       `json:"request_id"`
		Results   []gcs.Result `json:"results"`
	}
	require.NoError(t, json.Unmarshal(next("result").Data, &res))
	require.Len(t, res.RequestID, 16)
	require.Len(t, res.Results, 1)
	require.Equal(t, gcs.VehicleID("l1-1"), res.Results[0].Vehicle)
	require.True(t, res.Results[0].OK, res.Results[0].Error)

	changed, err := w.st.Operation.Get().With(gcs.OperationChange{Name: ptr("night watch")})
	require.NoError(t, err)
	w.st.Operation.Set(changed)
	require.Contains(t, string(next("operation").Data), "night watch")
}

func ptr[T any](v T) *T { return &v }
