package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"time"

	"skerry/gcs"
)

// The incident routes: the list, one with its evidence, its evidence
// files, its lifecycle steps, and raising one by hand.
func (s *Server) routeIncidents(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/incidents", s.listIncidents)
	mux.HandleFunc("POST /api/incidents", s.raiseIncident)
	mux.HandleFunc("GET /api/incidents/{id}", s.getIncident)
	mux.HandleFunc("GET /api/incidents/{id}/files/{hash}", s.incidentFile)
	mux.HandleFunc("POST /api/incidents/{id}/state", s.stepIncident)
}

// Bounds of the incident routes.
const (
	maxIncidentQuery  = 512     // bytes of query string
	maxIncidentBody   = 8 << 10 // bytes of a POST body
	defaultIncidents  = 200     // GET /api/incidents without limit
	maxIncidentsLimit = 1000
	maxIncidentID     = 64
)

var (
	incidentIDPattern   = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)
	incidentTypePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	hashPattern         = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// validIncidentID reports whether id may name an incident: 1 to 64
// letters, digits, '-', '_', '.' or '~'.
func validIncidentID(id string) bool {
	return len(id) > 0 && len(id) <= maxIncidentID && incidentIDPattern.MatchString(id)
}

// incidentID reads the incident id of a route, or answers 400.
func (s *Server) incidentID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !validIncidentID(id) {
		s.writeError(w, http.StatusBadRequest, "incident id "+strconv.Quote(truncate(id, maxIncidentID))+
			" is not one: up to 64 letters, digits, '-', '_', '.' or '~'")
		return "", false
	}
	return id, true
}

// validState reports whether st is a lifecycle state.
func validState(st gcs.IncidentState) bool {
	switch st {
	case gcs.IncidentNew, gcs.IncidentAcknowledged, gcs.IncidentDispatched, gcs.IncidentClosed:
		return true
	}
	return false
}

// parseIncidentQuery reads GET /api/incidents' query: state, type, since
// (RFC 3339), limit (1..1000, default 200), each at most once.
func parseIncidentQuery(raw string) (gcs.IncidentFilter, error) {
	f := gcs.IncidentFilter{Limit: defaultIncidents}
	if len(raw) > maxIncidentQuery {
		return f, errors.New("query too long")
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return f, errors.New("bad query: " + err.Error())
	}
	for k, vals := range q {
		if len(vals) != 1 {
			return f, errors.New("query parameter " + strconv.Quote(truncate(k, 32)) + " given more than once")
		}
		v := vals[0]
		switch k {
		case "state":
			if f.State = gcs.IncidentState(v); !validState(f.State) {
				return f, errors.New("state " + strconv.Quote(truncate(v, 32)) + " is not one: new, acknowledged, dispatched or closed")
			}
		case "type":
			if !incidentTypePattern.MatchString(v) {
				return f, errors.New("type " + strconv.Quote(truncate(v, 48)) + " is not one: a rule's name such as dark_vessel, or manual")
			}
			f.Type = gcs.IncidentType(v)
		case "since":
			if f.Since, err = time.Parse(time.RFC3339Nano, v); err != nil {
				return f, errors.New("since " + strconv.Quote(truncate(v, 64)) + " is not an RFC 3339 time such as 2026-12-06T12:00:00Z")
			}
		case "limit":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxIncidentsLimit {
				return f, errors.New("limit must be a whole number from 1 to 1000")
			}
			f.Limit = n
		default:
			return f, errors.New("unknown query parameter " + strconv.Quote(truncate(k, 32)) + ": state, type, since, limit")
		}
	}
	return f, nil
}

// listIncidents serves GET /api/incidents?state=&type=&since=&limit=:
// the incidents, most recently updated first, with their evidence.
func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) {
	if !s.maritimeReady(w) {
		return
	}
	f, err := parseIncidentQuery(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	list, err := s.Maritime.Incidents(ctx, f)
	if err != nil {
		s.maritimeError(w, "incidents", err)
		return
	}
	out := make([]incidentView, len(list))
	for i := range list {
		out[i] = viewIncident(list[i])
	}
	s.writeJSON(w, http.StatusOK, out)
}

// getIncident serves GET /api/incidents/{id}: one incident with its
// evidence and history.
func (s *Server) getIncident(w http.ResponseWriter, r *http.Request) {
	if !s.maritimeReady(w) {
		return
	}
	id, ok := s.incidentID(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	inc, err := s.Maritime.Incident(ctx, id)
	if err != nil {
		s.maritimeError(w, "incident", err)
		return
	}
	s.writeJSON(w, http.StatusOK, viewIncident(inc))
}

// incidentFile serves GET /api/incidents/{id}/files/{hash}: one evidence
// file of that incident, with its type, the hash as ETag and cached for
// good (a hash names its bytes); ranges are served (video).
func (s *Server) incidentFile(w http.ResponseWriter, r *http.Request) {
	if !s.maritimeReady(w) {
		return
	}
	id, ok := s.incidentID(w, r)
	if !ok {
		return
	}
	hash := r.PathValue("hash")
	if !hashPattern.MatchString(hash) {
		s.writeError(w, http.StatusBadRequest, "file "+strconv.Quote(truncate(hash, 64))+" is not a SHA-256 in lowercase hex")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	inc, err := s.Maritime.Incident(ctx, id)
	if err != nil {
		s.maritimeError(w, "incident", err)
		return
	}
	mime := ""
	found := false
	for _, e := range inc.Evidence {
		if e.File == hash {
			found, mime = true, e.MIME
			break
		}
	}
	if !found {
		s.writeError(w, http.StatusNotFound, "incident "+id+" has no evidence file "+hash)
		return
	}
	data, err := s.Maritime.IncidentFile(ctx, hash)
	switch {
	case errors.Is(err, os.ErrNotExist):
		s.writeError(w, http.StatusNotFound, "evidence file "+hash+" is missing from the station's store")
		return
	case err != nil:
		s.maritimeError(w, "evidence file", err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", evidenceType(mime, data))
	h.Set("ETag", `"`+hash+`"`)
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// evidenceType is the Content-Type of an evidence file: its recorded
// MIME type when it is one the console shows, else what its bytes say,
// never text that a browser would run.
func evidenceType(mime string, data []byte) string {
	switch mime {
	case "image/jpeg", "image/png", "video/mp4", "video/webm", "video/x-matroska":
		return mime
	}
	switch t := http.DetectContentType(data); t {
	case "image/jpeg", "image/png", "video/mp4", "video/webm":
		return t
	}
	return "application/octet-stream"
}

// readBody reads a request body of at most max bytes.
func readBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, errors.New("request body too large")
	}
	return b, err
}
