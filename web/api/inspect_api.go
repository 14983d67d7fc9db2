package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"

	"skerry/gcs"
)

// InspectService sends a drone to look at a vessel (gcs.Inspector
// satisfies it): Plan chooses the drone and the orbit without flying;
// Start flies it once the pilot confirmed; End gives the drone back.
type InspectService interface {
	Plan(ctx context.Context, req gcs.InspectRequest) (gcs.InspectPlan, error)
	Start(ctx context.Context, req gcs.InspectRequest) (gcs.InspectSession, error)
	End(ctx context.Context, id, by string) (gcs.InspectSession, error)
	Session(id string) (gcs.InspectSession, error)
	Sessions() []gcs.InspectSession
}

// The inspection routes.
func (s *Server) routeInspect(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/inspect/plan", s.planInspect)
	mux.HandleFunc("POST /api/inspect", s.startInspect)
	mux.HandleFunc("GET /api/inspect", s.listInspect)
	mux.HandleFunc("GET /api/inspect/{id}", s.getInspect)
	mux.HandleFunc("DELETE /api/inspect/{id}", s.endInspect)
	mux.HandleFunc("POST /api/inspect/{id}/end", s.endInspect)
}

// inspectBody is the body of POST /api/inspect/plan and POST
// /api/inspect: a target or an incident (its first vessel), optionally
// the drone, the orbit's radius (metres) and altitude (metres above
// home); starting needs the drone (the plan's) and "confirm": true. "by"
// names the pilot (default: the X-Skerry-Operator header).
type inspectBody struct {
	Incident string   `json:"incident"`
	Target   string   `json:"target"`
	Vehicle  string   `json:"vehicle"`
	Radius   *float64 `json:"radius"`
	Altitude *float64 `json:"altitude"`
	Confirm  bool     `json:"confirm"`
	By       string   `json:"by"`
}

// Bounds of an inspection request.
const (
	maxInspectBody = 4 << 10
	maxVehicleID   = 64
	maxInspectID   = 64
)

var vehicleIDPattern = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)

// decodeInspect reads and checks an inspection body (by not yet
// defaulted).
func decodeInspect(b []byte) (gcs.InspectRequest, error) {
	var body inspectBody
	if err := decodeStrict(b, &body); err != nil {
		return gcs.InspectRequest{}, err
	}
	req := gcs.InspectRequest{Incident: body.Incident, Target: gcs.VesselID(body.Target), Vehicle: gcs.VehicleID(body.Vehicle),
		Confirm: body.Confirm, By: body.By}
	switch {
	case body.Incident == "" && body.Target == "":
		return req, errors.New(`name a "target" or an "incident"`)
	case body.Incident != "" && !validIncidentID(body.Incident):
		return req, fmt.Errorf(`"incident" %s is not an incident id`, strconv.Quote(truncate(body.Incident, maxIncidentID)))
	case body.Target != "" && !gcs.ValidVesselID(req.Target):
		return req, fmt.Errorf(`"target" %s is not a target id`, strconv.Quote(truncate(body.Target, gcs.MaxVesselIDLen)))
	case body.Vehicle != "" && (len(body.Vehicle) > maxVehicleID || !vehicleIDPattern.MatchString(body.Vehicle)):
		return req, fmt.Errorf(`"vehicle" %s is not a vehicle id`, strconv.Quote(truncate(body.Vehicle, maxVehicleID)))
	case !printable(body.By, maxOperator, false):
		return req, errors.New(`"by" must be at most 100 printable characters`)
	}
	if body.Radius != nil {
		if r := *body.Radius; !(r >= gcs.MinInspectRadius && r <= gcs.MaxInspectRadius) {
			return req, fmt.Errorf(`"radius" %v m is outside %.0f–%.0f m`, r, gcs.MinInspectRadius, gcs.MaxInspectRadius)
		}
		req.Radius = *body.Radius
	}
	if body.Altitude != nil {
		if a := *body.Altitude; !(a >= gcs.MinInspectAltitude && a <= gcs.MaxInspectAltitude) {
			return req, fmt.Errorf(`"altitude" %v m is outside %.0f–%.0f m above home`, a, gcs.MinInspectAltitude, gcs.MaxInspectAltitude)
		}
		req.Altitude = *body.Altitude
	}
	return req, nil
}

// readInspect reads the body of an inspection request, answering 400 or
// 503 itself; ok false then.
func (s *Server) readInspect(w http.ResponseWriter, r *http.Request) (gcs.InspectRequest, bool) {
	if s.Inspect == nil {
		s.writeError(w, http.StatusServiceUnavailable, "inspections are not available on this station")
		return gcs.InspectRequest{}, false
	}
	b, err := readBody(w, r, maxInspectBody)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return gcs.InspectRequest{}, false
	}
	req, err := decodeInspect(b)
	if err == nil {
		req.By, err = operator(r, req.By)
	}
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return gcs.InspectRequest{}, false
	}
	return req, true
}

// planInspect answers the plan (200) with every drone considered, or why
// none can go: 409 no drone fit, 422 no lawful orbit, with "reasons" and
// "candidates".
func (s *Server) planInspect(w http.ResponseWriter, r *http.Request) {
	req, ok := s.readInspect(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	plan, err := s.Inspect.Plan(ctx, req)
	if err != nil {
		s.inspectError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, plan)
}

// startInspect starts the inspection the pilot confirmed: 201 and the
// session; 428 without "confirm": true and the drone named.
func (s *Server) startInspect(w http.ResponseWriter, r *http.Request) {
	req, ok := s.readInspect(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	sess, err := s.Inspect.Start(ctx, req)
	if err != nil {
		s.inspectError(w, err)
		return
	}
	s.writeJSON(w, http.StatusCreated, sess)
}

func (s *Server) listInspect(w http.ResponseWriter, r *http.Request) {
	if s.Inspect == nil {
		s.writeError(w, http.StatusServiceUnavailable, "inspections are not available on this station")
		return
	}
	if r.URL.RawQuery != "" {
		s.writeError(w, http.StatusBadRequest, "GET /api/inspect takes no query")
		return
	}
	list := s.Inspect.Sessions()
	if list == nil {
		list = []gcs.InspectSession{}
	}
	s.writeJSON(w, http.StatusOK, list)
}

// inspectID reads a session id from the path, or answers 400 or 503.
func (s *Server) inspectID(w http.ResponseWriter, r *http.Request) (string, bool) {
	if s.Inspect == nil {
		s.writeError(w, http.StatusServiceUnavailable, "inspections are not available on this station")
		return "", false
	}
	id := r.PathValue("id")
	if len(id) == 0 || len(id) > maxInspectID || !vehicleIDPattern.MatchString(id) {
		s.writeError(w, http.StatusBadRequest, "inspection id "+strconv.Quote(truncate(id, maxInspectID))+" is not one")
		return "", false
	}
	return id, true
}

func (s *Server) getInspect(w http.ResponseWriter, r *http.Request) {
	id, ok := s.inspectID(w, r)
	if !ok {
		return
	}
	sess, err := s.Inspect.Session(id)
	if err != nil {
		s.inspectError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, sess)
}

// endInspect ends a session for the pilot (the drone back to its mission
// or home) and answers it ended; an ended session as it is.
func (s *Server) endInspect(w http.ResponseWriter, r *http.Request) {
	id, ok := s.inspectID(w, r)
	if !ok {
		return
	}
	by, err := operator(r, "")
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*maritimeTimeout)
	defer cancel()
	sess, err := s.Inspect.End(ctx, id, by)
	if err != nil {
		s.inspectError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, sess)
}

// inspectError answers an inspector's error with its status: a refusal
// with its reasons and the drones considered.
func (s *Server) inspectError(w http.ResponseWriter, err error) {
	var ie *gcs.InspectError
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, gcs.ErrInspectNoDrone):
		status = http.StatusConflict
	case errors.Is(err, gcs.ErrInspectNoOrbit):
		status = http.StatusUnprocessableEntity
	case errors.Is(err, gcs.ErrInspectConfirm):
		status = http.StatusPreconditionRequired
	case errors.Is(err, gcs.ErrInvalidCommand):
		status = http.StatusBadRequest
	case errors.Is(err, gcs.ErrNoTarget), errors.Is(err, gcs.ErrNoIncident), errors.Is(err, gcs.ErrUnknownVehicle), errors.Is(err, gcs.ErrNoInspection):
		status = http.StatusNotFound
	case errors.Is(err, gcs.ErrInspectorClosed), errors.Is(err, context.DeadlineExceeded):
		status = http.StatusServiceUnavailable
	}
	if errors.As(err, &ie) {
		cands := ie.Candidates
		if cands == nil {
			cands = []gcs.InspectCandidate{}
		}
		s.writeJSON(w, status, map[string]any{"error": err.Error(), "reasons": ie.Reasons, "candidates": cands})
		return
	}
	if status == http.StatusInternalServerError {
		s.log().Error("inspection", "err", err)
	}
	s.writeError(w, status, err.Error())
}
