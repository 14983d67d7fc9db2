package web

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"skerry/gcs"
)

// Server serves the station's HTTP API. Its zero-value optional fields mean
// the documented defaults.
type Server struct {
	// Fleet is the live fleet; required.
	Fleet *gcs.Fleet
	// Commander carries orders; required for POST /api/commands.
	Commander *gcs.Commander
	// Missions transfers plans for /api/vehicles/{id}/plan; nil answers
	// 501.
	Missions *gcs.Missions
	// Operation holds the active operation for /api/operation and
	// /api/check; nil answers 404.
	Operation *gcs.OperationStore
	// Basemap is the console's offline basemap, GeoJSON (coastline and
	// port features with a "kind" property), served at /api/basemap; nil
	// answers 404.
	Basemap []byte
	// Links reports the MAVLink links (bound addresses and counters) for
	// GET /api/links; nil serves an empty list.
	Links func() any
	// Log receives request errors; nil discards.
	Log *slog.Logger
	// MaxBody bounds request bodies (default 64 KiB).
	MaxBody int64
	// Hub, when set, serves the live feed on GET /ws and receives the
	// results of POST /api/commands. The caller initializes and closes it.
	Hub *Hub
	// Stats, when set, reports station counters (telemetry messages in,
	// parse errors, ...) for GET /metrics, each as skerry_<name>.
	Stats func() map[string]uint64
}

// Handler returns the API's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/vehicles", s.listVehicles)
	mux.HandleFunc("GET /api/vehicles/{id}", s.getVehicle)
	mux.HandleFunc("GET /api/alerts", s.listAlerts)
	mux.HandleFunc("GET /api/links", s.listLinks)
	mux.HandleFunc("GET /api/basemap", s.basemap)
	mux.HandleFunc("POST /api/commands", s.postCommand)
	mux.HandleFunc("PUT /api/vehicles/{id}/plan", s.uploadPlan)
	mux.HandleFunc("POST /api/vehicles/{id}/plan", s.uploadPlan)
	mux.HandleFunc("GET /api/vehicles/{id}/plan", s.downloadPlan)
	mux.HandleFunc("DELETE /api/vehicles/{id}/plan", s.clearPlan)
	if s.Operation != nil {
		mux.HandleFunc("GET /api/operation", s.getOperation)
		mux.HandleFunc("PUT /api/operation", s.putOperation)
		mux.HandleFunc("PUT /api/operation/zones", s.putOperationZones)
		mux.HandleFunc("POST /api/check", s.postCheck)
		mux.HandleFunc("POST /api/zones", s.postZones)
		mux.HandleFunc("POST /api/plan/{kind}", s.postPlan)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API endpoint: "+r.Method+" "+r.URL.Path)
	})
	if s.Hub != nil {
		mux.Handle("GET /ws", s.Hub)
	}
	mux.HandleFunc("GET /metrics", s.metrics)
	s.routeConsole(mux) // GET / and /static/: the browser console; GET /api/: this text index
	return mux
}

func (s *Server) listVehicles(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Fleet.Vehicles())
}

func (s *Server) getVehicle(w http.ResponseWriter, r *http.Request) {
	v, ok := s.Fleet.Vehicle(gcs.VehicleID(r.PathValue("id")))
	if !ok {
		writeError(w, http.StatusNotFound, "unknown vehicle "+r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) listAlerts(w http.ResponseWriter, _ *http.Request) {
	alerts := s.Fleet.Alerts()
	if alerts == nil {
		alerts = []gcs.Alert{}
	}
	writeJSON(w, http.StatusOK, alerts)
}

func (s *Server) basemap(w http.ResponseWriter, _ *http.Request) {
	if s.Basemap == nil {
		writeError(w, http.StatusNotFound, "this station has no basemap")
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Cache-Control", "max-age=3600")
	_, _ = w.Write(s.Basemap)
}

func (s *Server) listLinks(w http.ResponseWriter, _ *http.Request) {
	if s.Links == nil {
		writeJSON(w, http.StatusOK, []any{})
		return
	}
	writeJSON(w, http.StatusOK, s.Links())
}

// commandRequest is the body of POST /api/commands. No targets means the
// whole fleet.
type commandRequest struct {
	Targets []gcs.VehicleID `json:"targets"`
	Command gcs.Command     `json:"command"`
}

func (s *Server) postCommand(w http.ResponseWriter, r *http.Request) {
	var req commandRequest
	if err := s.decode(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if len(req.Targets) == 0 && req.Command.Kind == gcs.CmdTerminate {
		writeError(w, http.StatusBadRequest, "flight termination is given to one named vehicle, never to the fleet")
		return
	}
	id := requestID()
	results := s.Commander.Do(r.Context(), req.Targets, req.Command)
	status := http.StatusOK
	for _, res := range results {
		if !res.OK {
			status = http.StatusMultiStatus
		}
	}
	if s.Hub != nil {
		s.Hub.PublishResult(id, results)
	}
	writeJSON(w, status, map[string]any{"request_id": id, "results": results})
}

// decode reads one JSON value, refusing unknown fields and oversize bodies.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	max := s.MaxBody
	if max <= 0 {
		max = 64 << 10
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, max))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errors.New("request body too large")
		}
		return errors.New("bad JSON: " + err.Error())
	}
	if dec.More() {
		return errors.New("bad JSON: more than one value")
	}
	return nil
}

func (s *Server) index(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("Skerry ground station.\n\nGET  /api/vehicles        the fleet\nGET  /api/vehicles/{id}   one vehicle\nGET  /api/alerts          active and recent alerts\nGET  /api/links           MAVLink links and counters\nPOST /api/commands        {\"targets\":[ids] (none = fleet), \"command\":{\"kind\":\"takeoff\",\"altitude\":30}}\nPUT  /api/vehicles/{id}/plan      upload a .plan, .waypoints or GeoJSON plan (?format= or sniffed)\nGET  /api/vehicles/{id}/plan      download (?format=plan|waypoints|geojson, ?report=1 for the issues)\nDELETE /api/vehicles/{id}/plan    clear (?kinds=mission,fence,rally)\nGET|PUT /api/operation            the operation every upload is checked against (profile, authorisations, pilot)\nPUT  /api/operation/zones         replace its zones with an ED-269/ED-318/GeoJSON/KML file\nPOST /api/check                   check a plan file against it\nPOST /api/zones                   say what a zone file holds\nPOST /api/plan/{kind}             plan a patrol (coast, perimeter, survey, orbit, expanding-square, sector, creeping-line) inside the operation\nGET  /ws                          live feed (websocket; see web/PROTOCOL.md)\nGET  /metrics                     counters, Prometheus text format\n\nThe browser console is at /\n"))
}

// requestID returns a random hex id that ties a REST order to the result
// message the hub sends for it.
func requestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
