package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"skerry/gcs"
	"skerry/web"
	"skerry/web/stream/streamtest"
)

// TestVideoInBrowser runs video.test.mjs: the console, served by the real
// web.Server with a test VideoFeed playing real H.264 (and MJPEG) frames
// over the real video websocket, against a fake station (its live feed and
// the few REST routes the video panel uses) whose fleet is a vehicle with
// an H.264 camera, one with an MJPEG camera and one with no camera.
// Skips, loudly, without Chromium, Node.js, playwright-core or ffmpeg;
// fails instead with CI=true.
func TestVideoInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	chromium, node := browserTools(t)
	st := newFakeStation(t)
	srv := httptest.NewServer(st.handler())
	t.Cleanup(srv.Close)

	runSuites(t, chromium, node, srv.URL, "video.test.mjs", "videoparse.test.mjs")
}

// feeds serves each stream, by vehicle id and key, from its own test feed.
type feeds map[string]*streamtest.Feed

func (f feeds) get(id gcs.VehicleID, key string) (*streamtest.Feed, error) {
	if x, ok := f[string(id)+"/"+key]; ok {
		return x, nil
	}
	return nil, gcs.ErrNoStream
}

func (f feeds) Watch(ctx context.Context, id gcs.VehicleID, key string) (<-chan gcs.VideoUnit, error) {
	x, err := f.get(id, key)
	if err != nil {
		return nil, err
	}
	return x.Watch(ctx, id, key)
}

func (f feeds) Snapshot(ctx context.Context, id gcs.VehicleID, key string) ([]byte, time.Time, error) {
	x, err := f.get(id, key)
	if err != nil {
		return nil, time.Time{}, err
	}
	return x.Snapshot(ctx, id, key)
}

func (f feeds) StartRecording(ctx context.Context, id gcs.VehicleID, key string) (gcs.Recording, error) {
	x, err := f.get(id, key)
	if err != nil {
		return gcs.Recording{}, err
	}
	return x.StartRecording(ctx, id, key)
}

func (f feeds) StopRecording(ctx context.Context, id gcs.VehicleID, key string) (gcs.Recording, error) {
	x, err := f.get(id, key)
	if err != nil {
		return gcs.Recording{}, err
	}
	return x.StopRecording(ctx, id, key)
}

// fakeStation is the station's side the video panel talks to: the live
// feed at /ws (PROTOCOL.md's snapshot and vehicle messages, pongs), POST
// /api/commands (gimbal orders, applied to the vehicle's gimbal), the
// recording routes, and, for the checks, GET /test/commands. The rest is
// the real web.Server with the feeds as its Video.
type fakeStation struct {
	t     *testing.T
	feeds feeds
	mu    sync.Mutex
	cars  map[gcs.VehicleID]*fakeVehicle
	conns map[*fakeConn]bool
	cmds  []json.RawMessage
}

type fakeVehicle struct {
	v         gcs.Vehicle
	footprint map[string]any
}

type fakeConn struct {
	mu   sync.Mutex
	c    *websocket.Conn
	seq  int
	dead bool
}

func (c *fakeConn) send(typ string, data any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dead {
		return
	}
	c.seq++
	_ = c.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if err := c.c.WriteJSON(map[string]any{"type": typ, "seq": c.seq, "data": data}); err != nil {
		c.dead = true
	}
}

func newFakeStation(t *testing.T) *fakeStation {
	h264 := streamtest.H264Units(t)
	mjpeg := streamtest.MJPEGUnits(t)
	fs := feeds{
		"cam1-1/c100s1": {Vehicle: "cam1-1", Key: "c100s1", Units: h264, FPS: streamtest.ClipFPS},
		// a lossy link: every 10th frame lost, so the player resyncs at key frames
		"cam1-1/c100s2":  {Vehicle: "cam1-1", Key: "c100s2", Units: h264, FPS: streamtest.ClipFPS, Lose: 10},
		"cam2-1/manual1": {Vehicle: "cam2-1", Key: "manual1", Units: mjpeg, FPS: 10},
		// H.265 the browser cannot decode: the bytes never reach a decoder
		"cam3-1/c100s1": {Vehicle: "cam3-1", Key: "c100s1", Units: []gcs.VideoUnit{{Codec: "h265", Key: true, Data: []byte{0, 0, 0, 1, 0x40, 0x01, 0x0c}, Width: 1920, Height: 1080}}, FPS: 10},
	}
	now := time.Now().UTC()
	at := func(id gcs.VehicleID, lat, lon float64) gcs.Vehicle {
		return gcs.Vehicle{ID: id, Link: "l1", SystemID: 1, Type: "quadrotor", Autopilot: "ardupilot", Mode: "LOITER", Armed: true,
			Landed: "in_air", HasPosition: true, Position: gcs.Position{Lat: lat, Lon: lon, AltRel: 60, AltAMSL: 60}, Heading: 90,
			LastSeen: now, Mission: gcs.MissionState{Current: -1, Total: -1, Reached: -1, State: "unknown"}, Fence: gcs.FenceState{Type: "none"},
			Cameras: []gcs.VehicleCamera{}}
	}
	cam1 := at("cam1-1", 36.13, -5.43)
	cam1.Cameras = []gcs.VehicleCamera{{Component: 100, Vendor: "Skerry", Model: "SimCam", HFOV: 70, Streams: []gcs.VideoStream{{
		Key: "c100s1", ID: 1, Name: "main", URI: "rtsp://127.0.0.1:8554/cam1", Codec: "h264", Width: 640, Height: 360, FPS: 25, Source: "mavlink",
		Health: &gcs.StreamHealth{State: "playing", Transport: "udp", Codec: "h264", Width: 640, Height: 360, FPS: 25, Bitrate: 850_000,
			Frames: 1000, LastFrame: now, Decoder: "libavcodec h264", Clock: "rtcp"}},
		{Key: "c100s2", ID: 2, Name: "lossy", URI: "rtsp://127.0.0.1:8554/cam1b", Codec: "h264", Source: "mavlink",
			Health: &gcs.StreamHealth{State: "playing", Codec: "h264", Width: 640, Height: 360, FPS: 22.5, Bitrate: 800_000, Gaps: 40}}}}}
	cam1.Gimbal = &gcs.Gimbal{Component: 154, Pitch: -45, Yaw: 0, YawEarth: 90, At: now}
	cam2 := at("cam2-1", 36.12, -5.40)
	cam2.Cameras = []gcs.VehicleCamera{{Component: 0, Streams: []gcs.VideoStream{{
		Key: "manual1", Name: "nose", URI: "rtsp://127.0.0.1:8554/cam2", Codec: "mjpeg", Source: "configured",
		Health: &gcs.StreamHealth{State: "playing", Codec: "mjpeg", Width: 320, Height: 240, FPS: 10, Bitrate: 400_000, Decoder: "image/jpeg", Clock: "arrival"}}}}}
	cam3 := at("cam3-1", 36.11, -5.44)
	cam3.Cameras = []gcs.VehicleCamera{{Component: 100, Streams: []gcs.VideoStream{{
		Key: "c100s1", Name: "thermal", URI: "rtsp://127.0.0.1:8554/cam3", Codec: "h265", Source: "mavlink",
		Health: &gcs.StreamHealth{State: "playing", Codec: "h265", Width: 1920, Height: 1080, FPS: 10, Bitrate: 2_000_000}}}}}
	ghost := at("ghost1-1", 36.15, -5.41) // its camera announced, its stream not served
	ghost.Cameras = []gcs.VehicleCamera{{Component: 100, Streams: []gcs.VideoStream{{Key: "c100s1", URI: "rtsp://127.0.0.1:1/none", Source: "mavlink",
		Health: &gcs.StreamHealth{State: "retrying", Error: "connection refused", Restarts: 3}}}}}
	plain := at("plain1-1", 36.14, -5.42)
	corners := func(lat, lon, d float64) []map[string]float64 {
		return []map[string]float64{{"lat": lat - d, "lon": lon - d}, {"lat": lat - d, "lon": lon + d}, {"lat": lat + d, "lon": lon + d}, {"lat": lat + d, "lon": lon - d}}
	}
	return &fakeStation{t: t, feeds: fs, conns: map[*fakeConn]bool{}, cars: map[gcs.VehicleID]*fakeVehicle{
		"cam1-1":   {v: cam1, footprint: map[string]any{"corners": corners(36.128, -5.425, 0.002), "clipped": false}},
		"cam2-1":   {v: cam2, footprint: map[string]any{"corners": corners(36.118, -5.395, 0.003), "clipped": true}},
		"cam3-1":   {v: cam3},
		"ghost1-1": {v: ghost},
		"plain1-1": {v: plain},
	}}
}

// state is a vehicle's JSON as the feed carries it, with its footprint.
func (s *fakeStation) state(id gcs.VehicleID) map[string]any {
	fv := s.cars[id]
	b, err := json.Marshal(fv.v)
	if err != nil {
		s.t.Errorf("vehicle %s: %v", id, err)
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	if fv.footprint != nil {
		m["footprint"] = fv.footprint
	}
	return m
}

func (s *fakeStation) snapshot() map[string]any {
	var list []map[string]any
	for _, id := range []gcs.VehicleID{"cam1-1", "cam2-1", "cam3-1", "ghost1-1", "plain1-1"} {
		list = append(list, s.state(id))
	}
	return map[string]any{"vehicles": list, "alerts": []any{}, "operation": nil}
}

// changed sends a vehicle's new state to every console.
func (s *fakeStation) changed(id gcs.VehicleID) {
	st := s.state(id)
	for c := range s.conns {
		c.send("vehicle", st)
	}
}

func (s *fakeStation) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", s.serveWS)
	mux.HandleFunc("POST /api/commands", s.command)
	mux.HandleFunc("POST /api/vehicles/{id}/streams/{key}/recording", s.recording)
	mux.HandleFunc("DELETE /api/vehicles/{id}/streams/{key}/recording", s.recording)
	mux.HandleFunc("GET /test/commands", func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		_ = json.NewEncoder(w).Encode(s.cmds)
	})
	mux.Handle("/", (&web.Server{Video: s.feeds}).Handler())
	return mux
}

func (s *fakeStation) serveWS(w http.ResponseWriter, r *http.Request) {
	conn, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &fakeConn{c: conn}
	s.mu.Lock()
	s.conns[c] = true
	c.send("snapshot", s.snapshot())
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		conn.Close()
	}()
	for {
		var m struct{ Type, ID string }
		if err := conn.ReadJSON(&m); err != nil {
			return
		}
		switch m.Type {
		case "ping":
			c.send("pong", map[string]string{"id": m.ID})
		case "resync":
			s.mu.Lock()
			c.send("snapshot", s.snapshot())
			s.mu.Unlock()
		}
	}
}

// command accepts every order; gimbal orders move the vehicle's gimbal.
func (s *fakeStation) command(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Targets []gcs.VehicleID `json:"targets"`
		Command struct {
			Kind       string
			Pitch, Yaw float64
			Lat, Lon   float64
		} `json:"command"`
	}
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil || json.Unmarshal(raw, &req) != nil || len(req.Targets) != 1 {
		http.Error(w, `{"error":"bad order"}`, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cmds = append(s.cmds, raw)
	id := req.Targets[0]
	fv, ok := s.cars[id]
	if !ok {
		http.Error(w, `{"error":"no such vehicle"}`, http.StatusNotFound)
		return
	}
	if g := fv.v.Gimbal; g != nil {
		switch req.Command.Kind {
		case "gimbal":
			g.Pitch, g.Yaw = gcs.Reading(req.Command.Pitch), gcs.Reading(req.Command.Yaw)
		case "look_at":
			g.ROI = &gcs.Position{Lat: req.Command.Lat, Lon: req.Command.Lon}
		case "look_free":
			g.ROI = nil
		}
		s.changed(id)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"request_id": fmt.Sprintf("%016x", len(s.cmds)), "results": []map[string]any{{"vehicle": id, "ok": true}}})
}

// recording starts (POST) or stops (DELETE) a pretended recording.
func (s *fakeStation) recording(w http.ResponseWriter, r *http.Request) {
	id, key := gcs.VehicleID(r.PathValue("id")), r.PathValue("key")
	var rec gcs.Recording
	var err error
	if r.Method == http.MethodPost {
		rec, err = s.feeds.StartRecording(r.Context(), id, key)
	} else {
		rec, err = s.feeds.StopRecording(r.Context(), id, key)
	}
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		w.WriteHeader(http.StatusConflict)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
		return
	}
	rec.Bytes = 1_234_567
	s.mu.Lock()
	defer s.mu.Unlock()
	if fv, ok := s.cars[id]; ok {
		for i := range fv.v.Cameras[0].Streams {
			if st := &fv.v.Cameras[0].Streams[i]; st.Key == key {
				st.Recording = nil
				if r.Method == http.MethodPost {
					st.Recording = &rec
				}
			}
		}
		s.changed(id)
	}
	_ = json.NewEncoder(w).Encode(rec)
}
