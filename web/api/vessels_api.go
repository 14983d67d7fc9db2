package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"skerry/gcs"
)

// The vessel routes: the contacts the cameras saw, one with its track,
// and its best picture.
func (s *Server) routeVessels(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/vessels", s.listVessels)
	mux.HandleFunc("GET /api/vessels/{id}", s.getVessel)
	mux.HandleFunc("GET /api/vessels/{id}/snapshot.jpg", s.vesselSnapshot)
}

// Bounds of the vessel routes' requests.
const (
	maxVesselQuery = 256              // bytes of query string
	vesselTimeout  = 10 * time.Second // one answer of the Vessels use case
)

// vesselsReady answers 501 when the station keeps no contacts.
func (s *Server) vesselsReady(w http.ResponseWriter) bool {
	if s.Vessels == nil {
		s.writeError(w, http.StatusNotImplemented, "this station keeps no vessel contacts: start it with cameras and detection")
		return false
	}
	return true
}

// vesselID reads the contact id of a route, or answers 400.
func (s *Server) vesselID(w http.ResponseWriter, r *http.Request) (gcs.VesselID, bool) {
	id := gcs.VesselID(r.PathValue("id"))
	if !gcs.ValidVesselID(id) {
		s.writeError(w, http.StatusBadRequest, "vessel id "+strconv.Quote(truncate(string(id), gcs.MaxVesselIDLen))+
			" is not one: up to 64 letters, digits, '-', '_', '.' or '~'")
		return "", false
	}
	return id, true
}

// vesselRoute checks a route about one contact: the station keeps
// contacts (else 501) and the id is one (else 400).
func (s *Server) vesselRoute(w http.ResponseWriter, r *http.Request) (gcs.VesselID, bool) {
	if !s.vesselsReady(w) {
		return "", false
	}
	return s.vesselID(w, r)
}

// vesselError answers the use case's refusal with its status.
func (s *Server) vesselError(w http.ResponseWriter, id gcs.VesselID, err error) {
	switch {
	case errors.Is(err, gcs.ErrNoVessel):
		s.writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		s.writeError(w, http.StatusGatewayTimeout, "the vessel contacts did not answer in time")
	default:
		s.log().Error("vessel contacts failed", "vessel", id, "err", err)
		s.writeError(w, http.StatusInternalServerError, "vessel contacts: "+err.Error())
	}
}

// listVessels serves GET /api/vessels[?since=RFC3339]: every contact (or
// those last seen at or after since), most recently seen first, without
// tracks; with a maritime picture, each with its fused AIS identity,
// status, sources and risk, then the vessels only AIS reports (see
// fusedVessel).
func (s *Server) listVessels(w http.ResponseWriter, r *http.Request) {
	if s.Maritime == nil && !s.vesselsReady(w) {
		return
	}
	if len(r.URL.RawQuery) > maxVesselQuery {
		s.writeError(w, http.StatusBadRequest, "query too long: the only parameter is since=RFC3339")
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, "bad query: "+err.Error())
		return
	}
	var since time.Time
	for k, vals := range q {
		if k != "since" || len(vals) != 1 {
			s.writeError(w, http.StatusBadRequest, "unknown or repeated query parameter "+strconv.Quote(truncate(k, 32))+": the only one is since=RFC3339")
			return
		}
		if since, err = time.Parse(time.RFC3339Nano, vals[0]); err != nil {
			s.writeError(w, http.StatusBadRequest, "since "+strconv.Quote(truncate(vals[0], 64))+" is not an RFC 3339 time such as 2026-12-06T12:00:00Z")
			return
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), vesselTimeout)
	defer cancel()
	list, err := s.fusedVessels(ctx, since)
	if err != nil {
		s.vesselError(w, "", err)
		return
	}
	s.writeJSON(w, http.StatusOK, list)
}

// getVessel serves GET /api/vessels/{id}: one contact with its track.
func (s *Server) getVessel(w http.ResponseWriter, r *http.Request) {
	id, ok := s.vesselRoute(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), vesselTimeout)
	defer cancel()
	v, err := s.Vessels.Get(ctx, id)
	if err != nil {
		s.vesselError(w, id, err)
		return
	}
	if v.Track == nil {
		v.Track = []gcs.TrackPoint{}
	}
	s.writeJSON(w, http.StatusOK, vesselWithTrack{Vessel: v, Track: v.Track})
}

// vesselWithTrack is a contact whose track is always in the JSON ([]
// when empty), unlike lists where it is absent.
type vesselWithTrack struct {
	gcs.Vessel
	Track []gcs.TrackPoint `json:"track"`
}

// vesselSnapshot serves GET /api/vessels/{id}/snapshot.jpg: the
// contact's best picture; 404 when there is none (yet).
func (s *Server) vesselSnapshot(w http.ResponseWriter, r *http.Request) {
	id, ok := s.vesselRoute(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), vesselTimeout)
	defer cancel()
	jpeg, err := s.Vessels.Snapshot(ctx, id)
	if err != nil {
		s.vesselError(w, id, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Content-Length", strconv.Itoa(len(jpeg)))
	h.Set("Cache-Control", "no-cache") // a better picture may replace it
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(jpeg) //nolint:errcheck // the client has gone
}
