package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"skerry/gcs"
)

// Maritime is the maritime picture and its incidents (gcs/maritime.Picture implements it).
type Maritime interface {
	Targets(ctx context.Context) ([]gcs.Target, error)               // sorted by risk (gcs.SortTargets)
	Target(ctx context.Context, id gcs.VesselID) (gcs.Target, error) // wraps gcs.ErrNoTarget
	Incidents(ctx context.Context, f gcs.IncidentFilter) ([]gcs.Incident, error)
	Incident(ctx context.Context, id string) (gcs.Incident, error)                                            // wraps gcs.ErrNoIncident
	StepIncident(ctx context.Context, id string, to gcs.IncidentState, by, note string) (gcs.Incident, error) // wraps gcs.ErrNoIncident or gcs.ErrIncidentState
	RaiseIncident(ctx context.Context, m gcs.ManualIncident) (gcs.Incident, error)                            // m.By set by the API from the caller's identity; errors for a bad request wrap gcs.ErrIncidentState or gcs.ErrNoTarget
	IncidentFile(ctx context.Context, hash string) ([]byte, error)                                            // evidence file (JPEG, video); an error wrapping os.ErrNotExist when absent
	RuleSettings(ctx context.Context) (json.RawMessage, error)
	SetRuleSettings(ctx context.Context, settings json.RawMessage, by string) (json.RawMessage, error) // a bad value: an error that says why (answer 400)
}

// The maritime picture's routes: its targets, its incidents with their
// evidence and lifecycle, and the rules' settings.
func (s *Server) routeMaritime(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/targets", s.listTargets)
	mux.HandleFunc("GET /api/targets/{id}", s.getTarget)
	s.routeIncidents(mux)
	mux.HandleFunc("GET /api/rules", s.getRules)
	mux.HandleFunc("PUT /api/rules", s.putRules)
}

// maritimeTimeout bounds one answer of the maritime picture.
const maritimeTimeout = 10 * time.Second

// OperatorHeader names the operator when a request's body has no "by"
// (PUT /api/rules, whose body is the settings).
const OperatorHeader = "X-Skerry-Operator"

// defaultOperator is who did it when a request names no one.
const defaultOperator = "operator"

// maritimeReady answers 503 when the station keeps no maritime picture.
func (s *Server) maritimeReady(w http.ResponseWriter) bool {
	if s.Maritime == nil {
		s.writeError(w, http.StatusServiceUnavailable, "this station keeps no maritime picture (no AIS, cameras or rules are configured, or it is starting)")
		return false
	}
	return true
}

// maritimeError answers the picture's refusal with its status: 404 for an
// unknown target or incident, 409 for a step out of the lifecycle, 504
// when it did not answer in time, 500 otherwise.
func (s *Server) maritimeError(w http.ResponseWriter, what string, err error) {
	switch {
	case errors.Is(err, gcs.ErrNoTarget), errors.Is(err, gcs.ErrNoIncident):
		s.writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, gcs.ErrIncidentState):
		s.writeError(w, http.StatusConflict, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		s.writeError(w, http.StatusGatewayTimeout, "the maritime picture did not answer in time")
	default:
		s.log().Error("maritime picture failed", "what", what, "err", err)
		s.writeError(w, http.StatusInternalServerError, what+": "+err.Error())
	}
}

// listTargets serves GET /api/targets: every vessel of the fused
// picture, highest risk first. It takes no query.
func (s *Server) listTargets(w http.ResponseWriter, r *http.Request) {
	if !s.maritimeReady(w) {
		return
	}
	if r.URL.RawQuery != "" {
		s.writeError(w, http.StatusBadRequest, "GET /api/targets takes no query parameters")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	list, err := s.Maritime.Targets(ctx)
	if err != nil {
		s.maritimeError(w, "targets", err)
		return
	}
	if list == nil {
		list = []gcs.Target{}
	}
	s.writeJSON(w, http.StatusOK, list)
}

// getTarget serves GET /api/targets/{id}: one vessel of the picture ("v42"
// or "ais-244123456").
func (s *Server) getTarget(w http.ResponseWriter, r *http.Request) {
	if !s.maritimeReady(w) {
		return
	}
	id, ok := s.vesselID(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	t, err := s.Maritime.Target(ctx, id)
	if err != nil {
		s.maritimeError(w, "target", err)
		return
	}
	s.writeJSON(w, http.StatusOK, t)
}

// maxOperator bounds an operator's name.
const maxOperator = 100

// operator returns who makes a request: by (the body's "by"), else the
// X-Skerry-Operator header, else "operator"; an error when the name is
// not at most 100 printable characters.
func operator(r *http.Request, by string) (string, error) {
	by = strings.TrimSpace(by)
	if by == "" {
		by = strings.TrimSpace(r.Header.Get(OperatorHeader))
	}
	if by == "" {
		return defaultOperator, nil
	}
	if !printable(by, maxOperator, false) {
		return "", errors.New(`the operator's name ("by" or the X-Skerry-Operator header) must be at most 100 printable characters`)
	}
	return by, nil
}

// printable reports whether s is valid UTF-8 of at most n characters,
// all printable (line breaks and tabs too when lines).
func printable(s string, n int, lines bool) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > n {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !unicode.IsPrint(r) && !(lines && (r == '\n' || r == '\r' || r == '\t'))
	}) < 0
}
