package live

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live/livetest"
)

// TestCamerasGoThroughTheFeed: a vehicle's camera, its streams' health
// once a second (as a stream_health patch, not the whole cameras member),
// its gimbal and its footprint reach the console, whose picture stays the
// station's.
func TestCamerasGoThroughTheFeed(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO", Type: "quadrotor"})
	observe(e.fleet, "l1-1", gcs.GlobalPosition{Position: gcs.Position{Lat: 36.1, Lon: -5.4, AltAMSL: 100, AltRel: 98}, Heading: 45})
	c.Until(vehicleAt("l1-1", 36.1))

	observe(e.fleet, "l1-1", gcs.CameraUpdate{Camera: gcs.VehicleCamera{Component: 100, Model: "A8 mini", Streams: []gcs.VideoStream{
		{Key: "c100s1", ID: 1, URI: "rtsp://10.0.0.5:8554/main", Codec: "h264", HFOV: 80, Source: "mavlink"}}}})
	observe(e.fleet, "l1-1", gcs.GimbalUpdate{Gimbal: gcs.Gimbal{Component: 154, Pitch: -60, Yaw: 0, YawEarth: gcs.Unknown}})
	m, _ := c.Until(func(m livetest.Msg) bool {
		v := livetest.Decode[gcs.Vehicle](t, m.Data)
		return m.Type == MsgVehicle && v.Gimbal != nil && v.Footprint != nil
	})
	v := livetest.Decode[gcs.Vehicle](t, m.Data)
	require.Equal(t, "A8 mini", v.Cameras[0].Model)
	require.Len(t, v.Footprint.Corners, 4)

	for i := 1; i <= 3; i++ {
		observe(e.fleet, "l1-1", gcs.StreamHealthUpdate{Key: "c100s1", Health: gcs.StreamHealth{State: "playing", FPS: 25, Frames: uint64(25 * i),
			LastFrame: time.Date(2026, 12, 6, 12, 0, i, 0, time.UTC)}})
	}
	m, _ = c.Until(func(m livetest.Msg) bool {
		v := livetest.Decode[gcs.Vehicle](t, m.Data)
		return m.Type == MsgVehicle && len(v.Cameras) == 1 && v.Cameras[0].Streams[0].Health != nil && v.Cameras[0].Streams[0].Health.Frames == 75
	})
	require.True(t, m.Delta)
	require.Contains(t, string(m.Sent), `"stream_health":{"c100s1":{"health":{"state":"playing"`)
	require.NotContains(t, string(m.Sent), `"cameras"`, "the patch, not the member")
	var station []byte
	require.Eventually(t, func() bool {
		e.hub.do(func() { station = e.hub.vehicles["l1-1"].payload() })
		return strings.Contains(string(station), `"frames":75`)
	}, 5*time.Second, time.Millisecond)
	require.JSONEq(t, string(station), string(m.Data), "the console's picture is the station's")
	var got map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(station, &got))
	require.Contains(t, got, "footprint")
}
