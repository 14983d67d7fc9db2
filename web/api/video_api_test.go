package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

// memFeed is a gcs.VideoFeed over streams held in memory: "a-1"/"c100s1"
// has a frame, "a-1"/"c100s2" none yet.
type memFeed struct {
	mu        sync.Mutex
	recording map[string]gcs.Recording
}

var captured = time.Date(2026, 12, 6, 12, 0, 0, 123456789, time.UTC)

func (f *memFeed) stream(id gcs.VehicleID, key string) error {
	if id != "a-1" || (key != "c100s1" && key != "c100s2") {
		return gcs.ErrNoStream
	}
	return nil
}

func (f *memFeed) Watch(context.Context, gcs.VehicleID, string) (<-chan gcs.VideoUnit, error) {
	return nil, gcs.ErrNoStream
}

func (f *memFeed) Snapshot(_ context.Context, id gcs.VehicleID, key string) ([]byte, time.Time, error) {
	if err := f.stream(id, key); err != nil {
		return nil, time.Time{}, err
	}
	if key == "c100s2" {
		return nil, time.Time{}, gcs.ErrNoFrame
	}
	return []byte("\xff\xd8\xff\xe0fake jpeg\xff\xd9"), captured, nil
}

func (f *memFeed) StartRecording(_ context.Context, id gcs.VehicleID, key string) (gcs.Recording, error) {
	if err := f.stream(id, key); err != nil {
		return gcs.Recording{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, on := f.recording[key]; on {
		return gcs.Recording{}, gcs.ErrRecording
	}
	r := gcs.Recording{File: "video/a-1-" + key + ".mp4", Started: captured}
	f.recording[key] = r
	return r, nil
}

func (f *memFeed) StopRecording(_ context.Context, id gcs.VehicleID, key string) (gcs.Recording, error) {
	if err := f.stream(id, key); err != nil {
		return gcs.Recording{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r, on := f.recording[key]
	if !on {
		return gcs.Recording{}, gcs.ErrNotRecording
	}
	delete(f.recording, key)
	r.Bytes = 4096
	return r, nil
}

func videoServer(t *testing.T, feed gcs.VideoFeed) (*httptest.Server, *gcstest.Journal, *gcs.Fleet) {
	t.Helper()
	f := &gcs.Fleet{}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	j := &gcstest.Journal{}
	s := &Server{Fleet: f, Commander: &gcs.Commander{Fleet: f, Uplink: &gcstest.Uplink{}, Journal: j}, Orders: j, Video: feed}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, j, f
}

func TestVideoSnapshot(t *testing.T) {
	srv, _, _ := videoServer(t, &memFeed{recording: map[string]gcs.Recording{}})
	res, err := http.Get(srv.URL + "/api/vehicles/a-1/streams/c100s1/snapshot.jpg")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	require.Equal(t, "image/jpeg", res.Header.Get("Content-Type"))
	require.Equal(t, "2026-12-06T12:00:00.123456789Z", res.Header.Get("X-Captured"))

	cases := []struct {
		name, path string
		code       int
		msg        string
	}{
		{"no frame yet", "/api/vehicles/a-1/streams/c100s2/snapshot.jpg", 503, "no frame yet"},
		{"no such stream", "/api/vehicles/a-1/streams/c100s9/snapshot.jpg", 404, "no video stream c100s9"},
		{"no such vehicle", "/api/vehicles/b-7/streams/c100s1/snapshot.jpg", 404, "no video"},
		{"huge key", "/api/vehicles/a-1/streams/" + strings.Repeat("k", 5000) + "/snapshot.jpg", 400, "stream key"},
		{"bad id", "/api/vehicles/a%20b/streams/c100s1/snapshot.jpg", 400, "vehicle id"},
		{"bad key", "/api/vehicles/a-1/streams/c1%00/snapshot.jpg", 400, "stream key"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			code, body := do(t, "GET", srv.URL+ca.path, "")
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.msg)
		})
	}
}

func TestVideoRecordingIsJournalled(t *testing.T) {
	srv, j, _ := videoServer(t, &memFeed{recording: map[string]gcs.Recording{}})
	url := srv.URL + "/api/vehicles/a-1/streams/c100s1/recording"
	code, body := do(t, "POST", url, "")
	require.Equal(t, 201, code, body)
	var rec gcs.Recording
	require.NoError(t, json.Unmarshal([]byte(body), &rec))
	require.Equal(t, "video/a-1-c100s1.mp4", rec.File)

	code, body = do(t, "POST", url, "")
	require.Equal(t, 409, code)
	require.Contains(t, body, "already being recorded")

	code, body = do(t, "DELETE", url, "")
	require.Equal(t, 200, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &rec))
	require.Equal(t, int64(4096), rec.Bytes)

	code, body = do(t, "DELETE", url, "")
	require.Equal(t, 409, code)
	require.Contains(t, body, "not being recorded")
	code, _ = do(t, "DELETE", srv.URL+"/api/vehicles/a-1/streams/nope/recording", "")
	require.Equal(t, 404, code)

	recs, err := j.Recent(context.Background(), 10, false)
	require.NoError(t, err)
	require.Len(t, recs, 5)
	last := recs[4] // oldest
	require.Equal(t, gcs.CmdRecordStart, last.Command.Kind)
	require.Equal(t, "c100s1", last.Command.Stream)
	require.True(t, last.OK)
	require.False(t, recs[3].OK)
	require.Contains(t, recs[3].Error, "already recording")
	require.Equal(t, gcs.CmdRecordStop, recs[0].Command.Kind)
}

func TestVideoRoutesWithoutVideo(t *testing.T) {
	srv, _, _ := videoServer(t, nil)
	for _, m := range []string{"POST", "DELETE"} {
		code, body := do(t, m, srv.URL+"/api/vehicles/a-1/streams/c100s1/recording", "")
		require.Equal(t, 501, code)
		require.Contains(t, body, "no video")
	}
	code, _ := do(t, "GET", srv.URL+"/api/vehicles/a-1/streams/c100s1/snapshot.jpg", "")
	require.Equal(t, 501, code)
}

func TestVehicleJSONCarriesCamerasGimbalAndFootprint(t *testing.T) {
	srv, j, f := videoServer(t, nil)
	obs := func(u gcs.Update) {
		f.Observe(gcs.Observation{Vehicle: "a-1", Link: "a", SystemID: 1, At: captured, Update: u})
	}
	obs(gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "GUIDED", Armed: true})
	obs(gcs.GlobalPosition{Position: gcs.Position{Lat: 36.14, Lon: -5.35, AltAMSL: 102, AltRel: 100}, Heading: 0})
	obs(gcs.CameraUpdate{Camera: gcs.VehicleCamera{Component: 100, Vendor: "SIYI", Model: "A8 mini", HFOV: 81,
		Streams: []gcs.VideoStream{{Key: "c100s1", ID: 1, URI: "rtsp://10.0.0.5:8554/main", Codec: "h264", Width: 1280, Height: 720, Source: "mavlink"}}}})
	obs(gcs.StreamHealthUpdate{Key: "c100s1", Health: gcs.StreamHealth{State: "playing", FPS: 25, Frames: 250},
		Recording: &gcs.Recording{File: "video/x.mp4", Started: captured}})
	obs(gcs.GimbalUpdate{Gimbal: gcs.Gimbal{Component: 154, Pitch: -45, Yaw: 0, YawEarth: gcs.Unknown, At: captured}})

	// A gimbal order through the API, and a look_at remembered as the ROI.
	code, body := do(t, "POST", srv.URL+"/api/commands", `{"targets":["a-1"],"command":{"kind":"gimbal","pitch":-60,"yaw":10}}`)
	require.Equal(t, 200, code, body)
	code, body = do(t, "POST", srv.URL+"/api/commands", `{"targets":["a-1"],"command":{"kind":"look_at","lat":36.15,"lon":-5.35}}`)
	require.Equal(t, 200, code, body)
	code, body = do(t, "POST", srv.URL+"/api/commands", `{"targets":["a-1"],"command":{"kind":"gimbal","pitch":-95}}`)
	require.Equal(t, 207, code, body)
	require.Contains(t, body, "outside -90")
	recs, _ := j.Recent(context.Background(), 10, false)
	require.Len(t, recs, 3)

	code, body = do(t, "GET", srv.URL+"/api/vehicles/a-1", "")
	require.Equal(t, 200, code)
	var v struct {
		Cameras []struct {
			Vendor  string `json:"vendor"`
			Streams []struct {
				Key       string         `json:"key"`
				Health    map[string]any `json:"health"`
				Recording map[string]any `json:"recording"`
			} `json:"streams"`
		} `json:"cameras"`
		Gimbal struct {
			Pitch float64 `json:"pitch"`
			Yaw   *float64
			ROI   map[string]float64 `json:"roi"`
		} `json:"gimbal"`
		Footprint struct {
			Stream  string           `json:"stream"`
			Corners []map[string]any `json:"corners"`
			Clipped bool             `json:"clipped"`
		} `json:"footprint"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &v), body)
	require.Equal(t, "SIYI", v.Cameras[0].Vendor)
	require.Equal(t, "playing", v.Cameras[0].Streams[0].Health["state"])
	require.Equal(t, "video/x.mp4", v.Cameras[0].Streams[0].Recording["file"])
	require.Equal(t, -45.0, v.Gimbal.Pitch)
	require.Equal(t, 36.15, v.Gimbal.ROI["lat"])
	require.Equal(t, "c100s1", v.Footprint.Stream)
	require.Len(t, v.Footprint.Corners, 4)
	require.Contains(t, body, `"yaw_earth": null`, "unknown readings are null")
}
