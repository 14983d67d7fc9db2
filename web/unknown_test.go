package web

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live"
	"skerry/web/live/livetest"
)

// bootingArduPilot is what an ArduPilot vehicle reports for its first
// seconds: HDOP and satellites unknown (GPS_RAW_INT eph 65535), battery
// not yet measured; and what a broken one reports: a NaN attitude.
var bootingArduPilot = []gcs.Update{
	gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "STABILIZE", SystemStatus: "boot"},
	gcs.GPSUpdate{GPS: gcs.GPS{Fix: 1, Satellites: gcs.Unknown, HDOP: gcs.Unknown}},
	gcs.AttitudeUpdate{Attitude: gcs.Attitude{Roll: gcs.Reading(math.NaN()), Pitch: gcs.Reading(math.Inf(1)), Yaw: 12}},
	gcs.SystemHealth{Battery: gcs.Battery{Voltage: gcs.Unknown, Current: gcs.Unknown, Remaining: gcs.Unknown}},
	gcs.HUD{AirSpeed: gcs.Reading(math.NaN()), GroundSpeed: 0, ClimbRate: gcs.Unknown},
}

// TestUnknownValuesAreNullEverywhere: a vehicle reporting unknown values
// stays in GET /api/vehicles and on the websocket, with null for each
// unknown value (before, the whole answer was a 200 with an empty body).
func TestUnknownValuesAreNullEverywhere(t *testing.T) {
	e := newFeedEnv(t, nil)
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, live.MsgSnapshot, c.Next().Type)
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "LOITER", Type: "quadrotor"}) // a healthy one beside it
	for _, u := range bootingArduPilot {
		observe(e.fleet, "l1-2", u)
	}

	code, body := do(t, "GET", e.srv.URL+"/api/vehicles", "")
	require.Equal(t, 200, code)
	var vs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &vs), body)
	require.Len(t, vs, 2)
	v := vs[1]
	require.Equal(t, "l1-2", v["id"])
	gps := v["gps"].(map[string]any)
	require.Nil(t, gps["hdop"])
	require.Nil(t, gps["satellites"])
	require.Contains(t, gps, "hdop", "unknown is null, not left out")
	att := v["attitude"].(map[string]any)
	require.Nil(t, att["roll"])
	require.Nil(t, att["pitch"])
	require.Equal(t, 12.0, att["yaw"])
	batt := v["battery"].(map[string]any)
	for _, k := range []string{"voltage", "current", "remaining", "consumed_mah"} {
		require.Nil(t, batt[k], k)
	}
	require.Nil(t, v["air_speed"])
	require.Equal(t, 0.0, v["ground_speed"])

	code, body = do(t, "GET", e.srv.URL+"/api/vehicles/l1-2", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"hdop": null`)

	// The websocket: the same state, null for unknown, no error member.
	m, _ := c.Until(func(m livetest.Msg) bool {
		st := c.Vehicles["l1-2"]
		return st != nil && bytes.Contains(st["gps"], []byte(`"hdop":null`)) && bytes.Contains(st["attitude"], []byte(`"roll":null`)) &&
			bytes.Contains(st["battery"], []byte(`"voltage":null`))
	})
	require.NotContains(t, string(m.Data), "encoding")
	require.NotContains(t, string(m.Data), `"error"`)
	require.Zero(t, e.hub.Metrics().EncodeErrors)
}
