package e2e

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"skerry/gcs"
	"skerry/web"
	"skerry/web/stream/streamtest"
)

// TestVesselsInBrowser runs vessels.test.mjs: the console's vessel
// contacts (map, list, snapshot, point and follow with a camera) and the
// detection boxes over live video, against the video test's station (the
// real web.Server and video websocket playing real H.264 frames, a fake
// fleet) whose live feed also carries contacts: none at first, then, once
// the browser asks (POST /test/start), three contacts by `vessel`
// messages, one moving every 300 ms, and `detections` of cam1-1's main
// stream every 200 ms. It serves GET /api/vessels, /api/vessels/{id} (with
// the track) and the snapshot JPEG, and records the orders. Skips, loudly,
// without Chromium, Node.js or playwright-core; fails instead with CI=true.
func TestVesselsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	chromium, node := browserTools(t)
	st := newVesselStation(t)
	srv := httptest.NewServer(st.handler())
	t.Cleanup(srv.Close)
	t.Cleanup(st.stop)

	runSuites(t, chromium, node, srv.URL, "vessels.test.mjs")
}

// vesselStation is the video test's fake station with contacts: its own
// /ws (the snapshot with `vessels`, then `vessel` and `detections`
// messages) and the contacts' REST routes; orders go to the fake
// station, which records them.
type vesselStation struct {
	*fakeStation
	jpeg    []byte
	vmu     sync.Mutex // guards the contacts and started
	vessels map[gcs.VesselID]*gcs.Vessel
	tracks  map[gcs.VesselID][]gcs.TrackPoint
	started bool
	quiet   atomic.Bool // no more detections
	done    chan struct{}
	once    sync.Once
}

func newVesselStation(t *testing.T) *vesselStation {
	img := image.NewRGBA(image.Rect(0, 0, 96, 64))
	for y := range 64 {
		for x := range 96 {
			img.Set(x, y, color.RGBA{R: 20, G: 60, B: 110, A: 255})
			if x > 20 && x < 76 && y > 26 && y < 40 {
				img.Set(x, y, color.RGBA{R: 240, G: 240, B: 240, A: 255})
			}
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return &vesselStation{fakeStation: newFakeStation(t), jpeg: buf.Bytes(), vessels: map[gcs.VesselID]*gcs.Vessel{},
		tracks: map[gcs.VesselID][]gcs.TrackPoint{}, done: make(chan struct{})}
}

func (s *vesselStation) stop() { s.once.Do(func() { close(s.done) }) }

func (s *vesselStation) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", s.serveWS)
	mux.HandleFunc("POST /api/commands", s.command)
	mux.HandleFunc("GET /api/vessels", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, s.list()) })
	mux.HandleFunc("GET /api/vessels/{id}", s.vessel)
	mux.HandleFunc("GET /api/vessels/{id}/snapshot.jpg", s.snapshotJPEG)
	mux.HandleFunc("GET /test/commands", func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		writeJSON(w, s.cmds)
	})
	mux.HandleFunc("POST /test/start", s.start)
	mux.HandleFunc("POST /test/stale/{id}", s.makeStale)
	mux.HandleFunc("POST /test/garbage", s.garbage)
	mux.HandleFunc("POST /test/quiet", func(w http.ResponseWriter, _ *http.Request) {
		s.quiet.Store(true)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.Handle("/", (&web.Server{Video: s.feeds}).Handler())
	return mux
}

// clone copies a contact deeply enough to send it while run moves it.
func clone(v *gcs.Vessel) gcs.Vessel {
	c := *v
	c.SeenBy = append([]gcs.Sighting(nil), v.SeenBy...)
	return c
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// list is every contact, without tracks, by id.
func (s *vesselStation) list() []gcs.Vessel {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	out := []gcs.Vessel{}
	for _, id := range []gcs.VesselID{"v1", "v2", "v3"} {
		if v, ok := s.vessels[id]; ok {
			out = append(out, clone(v))
		}
	}
	return out
}

func (s *vesselStation) vessel(w http.ResponseWriter, r *http.Request) {
	s.vmu.Lock()
	v, ok := s.vessels[gcs.VesselID(r.PathValue("id"))]
	var one gcs.Vessel
	if ok {
		one = clone(v)
		one.Track = append([]gcs.TrackPoint(nil), s.tracks[v.ID]...)
	}
	s.vmu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		writeJSON(w, map[string]string{"error": gcs.ErrNoVessel.Error()})
		return
	}
	writeJSON(w, one)
}

func (s *vesselStation) snapshotJPEG(w http.ResponseWriter, r *http.Request) {
	s.vmu.Lock()
	v, ok := s.vessels[gcs.VesselID(r.PathValue("id"))]
	ok = ok && v.Snapshot != ""
	s.vmu.Unlock()
	if !ok {
		http.Error(w, `{"error":"no snapshot"}`, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	_, _ = w.Write(s.jpeg)
}

// broadcast sends a message to every console.
func (s *vesselStation) broadcast(typ string, data any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.send(typ, data)
	}
}

func (s *vesselStation) serveWS(w http.ResponseWriter, r *http.Request) {
	conn, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &fakeConn{c: conn}
	snapshot := func() {
		m := s.snapshot()
		m["vessels"] = s.list()
		c.send("snapshot", m)
	}
	s.mu.Lock()
	s.conns[c] = true
	snapshot()
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
			snapshot()
			s.mu.Unlock()
		}
	}
}

// start adds the contacts (v1 moving, seen by cam1-1, with a snapshot and
// a track; v2 still, no course, speed or length, seen by cam2-1; v3 seen
// five minutes ago) and starts the updates and detections.
func (s *vesselStation) start(w http.ResponseWriter, _ *http.Request) {
	s.vmu.Lock()
	if s.started {
		s.vmu.Unlock()
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.started = true
	now := time.Now().UTC()
	box := [4]int{100, 120, 80, 30}
	v1 := &gcs.Vessel{ID: "v1", Lat: 36.125, Lon: -5.42, ErrorM: 12, Course: 45, Speed: 5, Length: 18, Score: 0.9,
		FirstSeen: now.Add(-time.Minute), LastSeen: now, Snapshot: "/api/vessels/v1/snapshot.jpg",
		SeenBy: []gcs.Sighting{{Vehicle: "cam1-1", Stream: "c100s1", At: now, Box: box}}}
	for i := range 20 { // a minute of history, oldest first
		at := now.Add(time.Duration(i-20) * 3 * time.Second)
		d := float64(20-i) * 0.0001
		s.tracks["v1"] = append(s.tracks["v1"], gcs.TrackPoint{At: at, Lat: v1.Lat - d, Lon: v1.Lon - d, ErrorM: 15})
	}
	v2 := &gcs.Vessel{ID: "v2", Lat: 36.118, Lon: -5.405, ErrorM: 30, Course: gcs.Unknown, Speed: gcs.Unknown, Length: gcs.Unknown, Score: 0.6,
		FirstSeen: now, LastSeen: now, SeenBy: []gcs.Sighting{{Vehicle: "cam2-1", Stream: "manual1", At: now, Box: [4]int{10, 20, 12, 6}}}}
	v3 := &gcs.Vessel{ID: "v3", Lat: 36.135, Lon: -5.435, ErrorM: 20, Course: 270, Speed: 2, Length: 9, Score: 0.7,
		FirstSeen: now.Add(-10 * time.Minute), LastSeen: now.Add(-5 * time.Minute), SeenBy: []gcs.Sighting{}}
	s.vessels = map[gcs.VesselID]*gcs.Vessel{"v1": v1, "v2": v2, "v3": v3}
	list := []gcs.Vessel{clone(v1), clone(v2), clone(v3)}
	s.vmu.Unlock()
	for _, v := range list {
		s.broadcast("vessel", v)
	}
	go s.run()
	w.WriteHeader(http.StatusNoContent)
}

// run moves v1 north-east at 5 m/s every 300 ms and sends cam1-1's
// detections every 200 ms (until POST /test/quiet), until the test ends.
func (s *vesselStation) run() {
	move := time.NewTicker(300 * time.Millisecond)
	defer move.Stop()
	detect := time.NewTicker(200 * time.Millisecond)
	defer detect.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-move.C:
			s.vmu.Lock()
			v := s.vessels["v1"]
			now := time.Now().UTC()
			v.Lat += 0.00001
			v.Lon += 0.0000125
			v.LastSeen = now
			v.SeenBy[0].At = now
			s.tracks["v1"] = append(s.tracks["v1"], gcs.TrackPoint{At: now, Lat: v.Lat, Lon: v.Lon, ErrorM: v.ErrorM})
			one := clone(v)
			s.vmu.Unlock()
			s.broadcast("vessel", one)
		case <-detect.C:
			if s.quiet.Load() {
				continue
			}
			s.broadcast("detections", gcs.Detections{Vehicle: "cam1-1", Stream: "c100s1", Captured: time.Now().UTC(),
				Width: streamtest.ClipWidth, Height: streamtest.ClipHeight, Boxes: []gcs.DetectionBox{
					{X: 100, Y: 120, W: 80, H: 30, Score: 0.9, Vessel: "v1"},
					{X: 400, Y: 200, W: 40, H: 20, Score: 0.45},
				}})
		}
	}
}

// makeStale makes a contact last seen five minutes ago and sends it.
func (s *vesselStation) makeStale(w http.ResponseWriter, r *http.Request) {
	s.vmu.Lock()
	v, ok := s.vessels[gcs.VesselID(r.PathValue("id"))]
	var one gcs.Vessel
	if ok {
		v.LastSeen = time.Now().UTC().Add(-5 * time.Minute)
		one = clone(v)
	}
	s.vmu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.broadcast("vessel", one)
	w.WriteHeader(http.StatusNoContent)
}

// garbage sends contacts and detections the console must shrug off: no
// id, no position, a position off the globe, a detection without a frame
// size or with boxes that are not boxes.
func (s *vesselStation) garbage(w http.ResponseWriter, _ *http.Request) {
	for _, v := range []any{
		map[string]any{"lat": 36.1, "lon": -5.4},
		map[string]any{"id": "bad1"},
		map[string]any{"id": "bad2", "lat": 214.7, "lon": -5.4},
		map[string]any{"id": 7, "lat": "north"},
		"a string",
		nil,
	} {
		s.broadcast("vessel", v)
	}
	for _, d := range []any{
		map[string]any{"vehicle": "cam1-1", "stream": "c100s1", "boxes": []any{}},
		map[string]any{"vehicle": "cam1-1", "stream": "c100s1", "width": 640, "height": 360, "boxes": []any{nil, "x", map[string]any{"x": "1"}, map[string]any{"x": 1, "y": 2, "w": -5, "h": 3}}},
		map[string]any{"vehicle": "cam1-1", "stream": "c100s1", "width": 640, "height": 360, "boxes": "none"},
		nil,
	} {
		s.broadcast("detections", d)
	}
	w.WriteHeader(http.StatusNoContent)
}
