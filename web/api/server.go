package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"skerry/gcs"
	"skerry/web/view"
)

// Server serves the station's REST API under /api/: the fleet, alerts,
// orders, vehicles' plans and parameters, saved plans, the operation, the
// order journal and the vessel contacts. It holds what the handlers need
// and nothing else (the live feed, the metrics and the console are
// web's). Its zero-value optional fields mean the documented defaults.
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
	// Links reports the MAVLink links (bound addresses and counters) for
	// GET /api/links; nil serves an empty list.
	Links func() any
	// Log receives request errors; nil discards.
	Log *slog.Logger
	// MaxBody bounds request bodies (default 64 KiB).
	MaxBody int64
	// Plans keeps the saved plans of /api/plans; nil answers 501. Wrap it
	// with gcs.AnnouncePlans so that the consoles hear of every change.
	Plans gcs.PlanStore
	// Orders is the order journal of GET /api/orders; nil answers 501.
	Orders gcs.OrderJournal
	// Planning checks plans and runs planners (POST /api/check, POST
	// /api/plan/{kind}, saved plans); nil: one over Fleet and Operation
	// on the wall clock.
	Planning *gcs.Planning
	// Params reads and writes vehicles' parameters for
	// /api/vehicles/{id}/params...; nil answers 501.
	Params *gcs.Parameters
	// Video serves stream snapshots and recordings for
	// /api/vehicles/{id}/streams/{key}/...; nil answers 501.
	Video gcs.VideoFeed
	// Vessels answers /api/vessels... with the contacts the cameras saw;
	// nil answers 501.
	Vessels *gcs.Vessels
	// AIS answers /api/ais... with the vessels AIS reports; nil: 501.
	AIS *gcs.AISPicture
	// Maritime answers /api/targets..., /api/incidents... and /api/rules
	// with the fused maritime picture, its incidents and its rules, and
	// adds the picture to GET /api/vessels; nil answers 503.
	Maritime Maritime
	// Units answers /api/units... and /api/reports... with the maritime
	// units, their reports' delivery and the units' acknowledgements; nil
	// answers 503.
	Units UnitsService
	// Inspect answers /api/inspect... : a drone sent to look at a vessel;
	// nil answers 503.
	Inspect InspectService
	// UnitAuth limits failed unit tokens per client address on the
	// unit-facing routes; nil: one with the defaults, made on first use.
	// Set it before serving.
	UnitAuth *UnitAuthLimiter

	unitAuthOnce sync.Once
}

// planning is the core's planning use case.
func (s *Server) planning() *gcs.Planning {
	if s.Planning != nil {
		return s.Planning
	}
	return &gcs.Planning{Fleet: s.Fleet, Operation: s.Operation}
}

// Handler returns the API's routes on a mux of their own.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Register(mux)
	return mux
}

// Register adds the API's routes to mux, with a JSON 404 for every other
// path under /api/; routes more specific than /api/ that others register
// on mux (web's GET /api/ index, the console's settings) win over that.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/vehicles", s.listVehicles)
	mux.HandleFunc("GET /api/vehicles/{id}", s.getVehicle)
	mux.HandleFunc("GET /api/alerts", s.listAlerts)
	mux.HandleFunc("POST /api/alerts/ack", s.ackAlert)
	mux.HandleFunc("GET /api/links", s.listLinks)
	mux.HandleFunc("POST /api/commands", s.postCommand)
	mux.HandleFunc("GET /api/orders", s.listOrders)
	mux.HandleFunc("PUT /api/vehicles/{id}/plan", s.uploadPlan)
	mux.HandleFunc("POST /api/vehicles/{id}/plan", s.uploadPlan)
	mux.HandleFunc("POST /api/vehicles/{id}/plan/preview", s.previewPlan)
	mux.HandleFunc("GET /api/vehicles/{id}/plan", s.downloadPlan)
	mux.HandleFunc("DELETE /api/vehicles/{id}/plan", s.clearPlan)
	s.routeUnitView(mux) // the units' own page: authenticated by each unit's token
	s.routeParams(mux)
	s.routeVideo(mux)
	s.routeVessels(mux)
	s.routeAIS(mux)
	s.routeMaritime(mux)
	s.routeUnits(mux)
	s.routeInspect(mux)
	s.routePlans(mux)
	if s.Operation != nil {
		mux.HandleFunc("GET /api/operation", s.getOperation)
		mux.HandleFunc("PUT /api/operation", s.putOperation)
		mux.HandleFunc("PUT /api/operation/zones", s.putOperationZones)
		mux.HandleFunc("POST /api/check", s.postCheck)
		mux.HandleFunc("POST /api/zones", s.postZones)
		mux.HandleFunc("POST /api/plan/{kind}", s.postPlan)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, http.StatusNotFound, "no such API endpoint: "+r.Method+" "+r.URL.Path)
	})
}

func (s *Server) listVehicles(w http.ResponseWriter, _ *http.Request) {
	s.writeJSON(w, http.StatusOK, s.Fleet.Vehicles())
}

func (s *Server) getVehicle(w http.ResponseWriter, r *http.Request) {
	v, ok := s.Fleet.Vehicle(gcs.VehicleID(r.PathValue("id")))
	if !ok {
		s.writeError(w, http.StatusNotFound, "unknown vehicle "+r.PathValue("id"))
		return
	}
	s.writeJSON(w, http.StatusOK, v)
}

func (s *Server) listAlerts(w http.ResponseWriter, _ *http.Request) {
	alerts := s.Fleet.Alerts()
	if alerts == nil {
		alerts = []gcs.Alert{}
	}
	s.writeJSON(w, http.StatusOK, alerts)
}

func (s *Server) listLinks(w http.ResponseWriter, _ *http.Request) {
	if s.Links == nil {
		s.writeJSON(w, http.StatusOK, []any{})
		return
	}
	s.writeJSON(w, http.StatusOK, s.Links())
}

// commandRequest is the body of POST /api/commands. No targets means the
// whole fleet. Confirm is the pilot's confirmation of a dangerous order
// (command.confirm is read when it is empty).
type commandRequest struct {
	Targets []gcs.VehicleID `json:"targets"`
	Command gcs.Command     `json:"command"`
	Confirm string          `json:"confirm"`
	// Override sends the order although its route breaks the
	// operation's rules: {"by": "...", "reason": "..."}.
	Override *gcs.Override `json:"override"`
}

// postCommand gives an order. Orders that can hurt need a confirmation
// first, answered 428 with what to send: an order to the whole fleet needs
// "confirm":"fleet"; disarming a vehicle in the air, and any flight
// termination, need "confirm" naming every such vehicle, comma-separated
// ("sim1-1,sim1-3", in any order, no others).
func (s *Server) postCommand(w http.ResponseWriter, r *http.Request) {
	var req commandRequest
	if err := s.decode(w, r, &req); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.Override != nil {
		if err := req.Override.Validate(); err != nil {
			s.writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		req.Command.Override = req.Override
	}
	confirm := req.Confirm
	if confirm == "" {
		confirm = req.Command.Confirm
	}
	out, err := s.Commander.Order(r.Context(), req.Targets, req.Command, confirm)
	var need *gcs.ConfirmRequiredError
	switch {
	case errors.As(err, &need):
		s.writeJSON(w, http.StatusPreconditionRequired, map[string]string{
			"error":            fmt.Sprintf("%s: send the same request with \"confirm\":%q", need.Why, need.Need),
			"confirm_required": need.Need,
		})
		return
	case err != nil:
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	status := http.StatusOK
	for _, res := range out.Results {
		if !res.OK {
			status = http.StatusMultiStatus
		}
	}
	// The consoles hear of it through the commander's events, as of any
	// order from any front end.
	s.writeJSON(w, status, map[string]any{"request_id": out.ID, "results": out.Results})
}

// decode reads one JSON value, refusing unknown fields and bodies over
// MaxBody.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	max := s.MaxBody
	if max <= 0 {
		max = 64 << 10
	}
	return decodeLimited(w, r, v, max)
}

// decodeLimited reads one JSON value, refusing unknown fields and bodies
// over max bytes.
func decodeLimited(w http.ResponseWriter, r *http.Request, v any, max int64) error {
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

// writeJSON answers with v as indented JSON (see view.WriteJSON).
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	view.WriteJSON(w, s.log(), status, v)
}

// writeError answers with {"error": msg}.
func (s *Server) writeError(w http.ResponseWriter, status int, msg string) {
	view.WriteError(w, s.log(), status, msg)
}

// truncate shortens what a client sent to at most n bytes for an error
// message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
