package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

// orders records what the commander sent.
type orders struct {
	mu   sync.Mutex
	sent map[gcs.VehicleID][]gcs.Command
}

func (o *orders) of(id gcs.VehicleID) []gcs.Command {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]gcs.Command(nil), o.sent[id]...)
}

// newConfirmServer flies a small fleet: a-1 and a-2 in the air, g-1 armed
// on the ground, g-2 disarmed, u-1 armed with an unknown landed state.
func newConfirmServer(t *testing.T) (*httptest.Server, *orders) {
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	see := func(id gcs.VehicleID, armed bool, landed string) {
		f.Observe(gcs.Observation{Vehicle: id, Link: "l", At: time.Now(), Update: gcs.Identity{Mode: "GUIDED", Armed: armed}})
		if landed != "" {
			f.Observe(gcs.Observation{Vehicle: id, Link: "l", At: time.Now(), Update: gcs.LandedUpdate{Landed: landed}})
		}
	}
	see("a-1", true, "in_air")
	see("a-2", true, "landing")
	see("g-1", true, "on_ground")
	see("g-2", false, "on_ground")
	see("u-1", true, "")
	rec := &orders{sent: map[gcs.VehicleID][]gcs.Command{}}
	up := &gcstest.Uplink{Answer: func(id gcs.VehicleID, c gcs.Command) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.sent[id] = append(rec.sent[id], c)
		return nil
	}}
	s := &Server{Fleet: f, Commander: &gcs.Commander{Fleet: f, Uplink: up}}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, rec
}

func TestDangerousOrdersNeedConfirmation(t *testing.T) {
	cases := []struct {
		name, body string
		code       int
		required   string // confirm_required of a 428
	}{
		{"fleet-wide without confirmation", `{"command":{"kind":"return"}}`, 428, "fleet"},
		{"fleet-wide with a wrong confirmation", `{"command":{"kind":"return"},"confirm":"all"}`, 428, "fleet"},
		{"fleet-wide confirmed", `{"command":{"kind":"return"},"confirm":"fleet"}`, 200, ""},
		{"fleet-wide confirmed in the command", `{"command":{"kind":"hold","confirm":"fleet"}}`, 200, ""},
		{"disarm in the air", `{"targets":["a-1"],"command":{"kind":"disarm"}}`, 428, "a-1"},
		{"disarm while landing", `{"targets":["a-2"],"command":{"kind":"disarm","force":true}}`, 428, "a-2"},
		{"disarm, landed state unknown", `{"targets":["u-1"],"command":{"kind":"disarm"}}`, 428, "u-1"},
		{"disarm on the ground", `{"targets":["g-1","g-2"],"command":{"kind":"disarm"}}`, 200, ""},
		{"disarm several, only the flying named", `{"targets":["g-1","a-2","a-1"],"command":{"kind":"disarm"}}`, 428, "a-1,a-2"},
		{"disarm several, one named", `{"targets":["a-1","a-2"],"command":{"kind":"disarm"},"confirm":"a-1"}`, 428, "a-1,a-2"},
		{"disarm several, confirmed in any order", `{"targets":["a-1","a-2","g-1"],"command":{"kind":"disarm"},"confirm":" a-2, a-1 "}`, 200, ""},
		{"disarm, confirmation names a stranger", `{"targets":["a-1"],"command":{"kind":"disarm"},"confirm":"a-1,a-2"}`, 428, "a-1"},
		{"land needs nothing", `{"targets":["a-1"],"command":{"kind":"land"}}`, 200, ""},
		{"terminate needs its vehicle", `{"targets":["g-2"],"command":{"kind":"terminate"}}`, 428, "g-2"},
		{"terminate confirmed the old way", `{"targets":["a-1"],"command":{"kind":"terminate","confirm":"a-1"}}`, 200, ""},
		{"terminate two confirmed", `{"targets":["a-1","a-2"],"command":{"kind":"terminate"},"confirm":"a-1,a-2"}`, 200, ""},
		{"terminate the fleet", `{"command":{"kind":"terminate"},"confirm":"fleet"}`, 400, ""},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			srv, _ := newConfirmServer(t)
			code, body := do(t, "POST", srv.URL+"/api/commands", ca.body)
			require.Equal(t, ca.code, code, body)
			if ca.code != http.StatusPreconditionRequired {
				return
			}
			var got struct {
				Error           string `json:"error"`
				ConfirmRequired string `json:"confirm_required"`
			}
			require.NoError(t, json.Unmarshal([]byte(body), &got))
			require.Equal(t, ca.required, got.ConfirmRequired)
			require.Contains(t, got.Error, `"confirm":"`+ca.required+`"`, "the message says what to send")
		})
	}
}

// TestConfirmationHandshake: the console sends the order, then the same
// request with the confirm_required value it got back.
func TestConfirmationHandshake(t *testing.T) {
	srv, rec := newConfirmServer(t)
	code, body := do(t, "POST", srv.URL+"/api/commands", `{"targets":["a-1","g-1"],"command":{"kind":"disarm","force":true}}`)
	require.Equal(t, 428, code)
	require.Empty(t, rec.of("a-1"), "nothing sent before the confirmation")
	require.Empty(t, rec.of("g-1"))
	var ask struct {
		ConfirmRequired string `json:"confirm_required"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &ask))
	again, _ := json.Marshal(map[string]any{"targets": []string{"a-1", "g-1"}, "command": map[string]any{"kind": "disarm", "force": true}, "confirm": ask.ConfirmRequired})
	code, body = do(t, "POST", srv.URL+"/api/commands", string(again))
	require.Equal(t, 200, code, body)
	require.Len(t, rec.of("a-1"), 1)
	require.Len(t, rec.of("g-1"), 1)
	require.True(t, rec.of("a-1")[0].Force)
}

func TestTerminateReachesEachVehicleWithItsOwnConfirmation(t *testing.T) {
	srv, rec := newConfirmServer(t)
	code, body := do(t, "POST", srv.URL+"/api/commands", `{"targets":["a-1","a-2"],"command":{"kind":"terminate"},"confirm":"a-2,a-1"}`)
	require.Equal(t, 200, code, body)
	for _, id := range []gcs.VehicleID{"a-1", "a-2"} {
		sent := rec.of(id)
		require.Len(t, sent, 1)
		require.Equal(t, gcs.CmdTerminate, sent[0].Kind)
		require.Equal(t, string(id), sent[0].Confirm)
	}
}
