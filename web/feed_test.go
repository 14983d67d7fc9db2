package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
	sqlstore "skerry/internal/store"
	"skerry/web/api"
	"skerry/web/live"
	"skerry/web/live/livetest"
	"skerry/web/view"
)

// TestSavedPlansReachTheFeed: the snapshot lists the saved plans, a save
// sends the new list to every console (from the core's event, which
// carries the summaries: the hub does not read the store again), and a
// console that connects later finds the plan in its snapshot.
func TestSavedPlansReachTheFeed(t *testing.T) {
	db, err := sqlstore.Open(filepath.Join(t.TempDir(), "skerry.db"))
	require.NoError(t, err)
	events := &gcs.Events{}
	f := &gcs.Fleet{Events: events}
	require.NoError(t, f.Initialize())
	op, err := gcs.NewOperation(gcs.Operation{})
	require.NoError(t, err)
	ops := &gcs.OperationStore{Events: events}
	ops.Set(op)
	plans := gcs.AnnouncePlans(db.Plans(), events)
	hub := &live.Hub{Events: events}
	require.NoError(t, hub.Initialize())
	srv := httptest.NewServer((&Server{API: &api.Server{Fleet: f, Operation: ops, Plans: plans}, Hub: hub}).Handler())
	t.Cleanup(func() { srv.Close(); hub.Close(); f.Close(); db.Close() })
	wsURL := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"

	type snap struct {
		Plans []view.SavedPlan `json:"plans"`
	}
	c := livetest.Dial(t, wsURL, nil, false)
	m := c.Next()
	require.Equal(t, live.MsgSnapshot, m.Type)
	var s snap
	require.NoError(t, json.Unmarshal(m.Data, &s))
	require.Empty(t, s.Plans)

	res, err := http.Post(srv.URL+"/api/plans", "application/json", strings.NewReader(`{"name":"east breakwater","plan":`+hopPlan+`}`))
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode)

	m, _ = c.Until(func(m livetest.Msg) bool { return m.Type == live.MsgPlans })
	var list []view.SavedPlan
	require.NoError(t, json.Unmarshal(m.Data, &list))
	require.Len(t, list, 1)
	require.Equal(t, "east breakwater", list[0].Name)
	require.Nil(t, list[0].Plan, "the feed carries summaries, not plan bodies")

	late := livetest.Dial(t, wsURL, nil, false)
	m = late.Next()
	require.Equal(t, live.MsgSnapshot, m.Type)
	require.NoError(t, json.Unmarshal(m.Data, &s))
	require.Len(t, s.Plans, 1)
	require.Equal(t, list[0].ID, s.Plans[0].ID)
}

func TestCommandResultsReachTheSocketWithTheRequestID(t *testing.T) {
	e := newFeedEnv(t, func(s *Server) {
		up := &gcstest.Uplink{Answer: func(gcs.VehicleID, gcs.Command) error { return nil }}
		s.API.Commander = &gcs.Commander{Fleet: s.API.Fleet, Uplink: up, Events: s.Hub.Events}
	})
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "LOITER"})
	waitVehicles(t, e.hub, 1)
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, live.MsgSnapshot, c.Next().Type)

	code, body := do(t, "POST", e.srv.URL+"/api/commands", `{"targets":["l1-1"],"command":{"kind":"land"}}`)
	require.Equal(t, 200, code, body)
	var rest struct {
		RequestID string `json:"request_id"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &rest))
	require.Len(t, rest.RequestID, 16)

	m, _ := c.Until(func(m livetest.Msg) bool { return m.Type == live.MsgResult })
	got := livetest.Decode[orderResults](t, m.Data)
	require.Equal(t, rest.RequestID, got.RequestID)
	require.Len(t, got.Results, 1)
	require.True(t, got.Results[0].OK)
}

// orderResults decodes a result message's data.
type orderResults struct {
	RequestID string       `json:"request_id"`
	Results   []gcs.Result `json:"results"`
}

func TestAckAlertReachesTheLiveFeed(t *testing.T) {
	e := newFeedEnv(t, nil)
	f := e.fleet
	observe(f, "l1-1", gcs.Identity{Mode: "AUTO"})
	observe(f, "l1-1", gcs.BatteryUpdate{Battery: gcs.Battery{Remaining: 25, Voltage: 14.8}})
	require.Len(t, f.Alerts(), 1)
	srv := e.srv
	conn, _, err := websocket.DefaultDialer.Dial(e.ws, nil)
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

// hopPlan is a small Skerry GeoJSON plan: take off, one waypoint, return.
const hopPlan = `{"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":null,"properties":{"kind":"plan","version":1,"name":"hop"}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[-5.4380,36.1270,40]},"properties":{"kind":"takeoff"}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[-5.4370,36.1275,40]},"properties":{"kind":"waypoint"}},
 {"type":"Feature","geometry":null,"properties":{"kind":"rtl"}}]}`

// feedEnv is the station's web side in a test: a fleet and an operation
// store publishing into one event stream, the hub following it, and the
// Server serving the API, the feed and the metrics.
type feedEnv struct {
	fleet *gcs.Fleet
	ops   *gcs.OperationStore
	hub   *live.Hub
	srv   *httptest.Server
	ws    string // ws:// URL of /ws
}

// newFeedEnv starts a feedEnv; configure, if not nil, completes the
// Server before it serves.
func newFeedEnv(t testing.TB, configure func(*Server)) *feedEnv {
	events := &gcs.Events{}
	f := &gcs.Fleet{TickPeriod: time.Hour, Events: events}
	require.NoError(t, f.Initialize())
	ops := &gcs.OperationStore{Events: events}
	h := &live.Hub{Events: events}
	require.NoError(t, h.Initialize())
	s := &Server{API: &api.Server{Fleet: f, Operation: ops}, Hub: h}
	if configure != nil {
		configure(s)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		h.Close()
		srv.Close()
		f.Close()
	})
	return &feedEnv{fleet: f, ops: ops, hub: h, srv: srv, ws: "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"}
}

func observe(f *gcs.Fleet, id gcs.VehicleID, u gcs.Update) {
	f.Observe(gcs.Observation{Vehicle: id, Link: "l1", SystemID: 1, At: time.Now(), Update: u})
}

func waitVehicles(t testing.TB, h *live.Hub, n int) {
	require.Eventually(t, func() bool { return h.Metrics().Vehicles == n }, 10*time.Second, 5*time.Millisecond)
}
