package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"skerry/gcs"
)

// The AIS routes: the vessels AIS reports, and one by MMSI.
func (s *Server) routeAIS(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/ais", s.listAIS)
	mux.HandleFunc("GET /api/ais/{mmsi}", s.getAIS)
}

// aisTimeout bounds one answer of the AIS picture.
const aisTimeout = 10 * time.Second

// aisReady answers 501 when the station keeps no AIS picture.
func (s *Server) aisReady(w http.ResponseWriter) bool {
	if s.AIS == nil {
		s.writeError(w, http.StatusNotImplemented, "this station keeps no AIS picture")
		return false
	}
	return true
}

// aisError answers the picture's refusal with its status.
func (s *Server) aisError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, gcs.ErrNoAISVessel):
		s.writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		s.writeError(w, http.StatusGatewayTimeout, "the AIS picture did not answer in time")
	default:
		s.log().Error("AIS picture failed", "err", err)
		s.writeError(w, http.StatusInternalServerError, "AIS picture: "+err.Error())
	}
}

// listAIS serves GET /api/ais: the live AIS vessels, most recently heard
// first. It takes no query.
func (s *Server) listAIS(w http.ResponseWriter, r *http.Request) {
	if !s.aisReady(w) {
		return
	}
	if r.URL.RawQuery != "" {
		s.writeError(w, http.StatusBadRequest, "GET /api/ais takes no query parameters")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), aisTimeout)
	defer cancel()
	list, err := s.AIS.List(ctx)
	if err != nil {
		s.aisError(w, err)
		return
	}
	if list == nil {
		list = []gcs.AISVessel{}
	}
	s.writeJSON(w, http.StatusOK, list)
}

// getAIS serves GET /api/ais/{mmsi}: one live AIS vessel; 400 for an MMSI
// that is not 1 to 9 digits, 404 for one not heard (or no longer).
func (s *Server) getAIS(w http.ResponseWriter, r *http.Request) {
	if !s.aisReady(w) {
		return
	}
	raw := r.PathValue("mmsi")
	mmsi, ok := parseMMSI(raw)
	if !ok {
		s.writeError(w, http.StatusBadRequest, "MMSI "+strconv.Quote(truncate(raw, 16))+" is not one: 1 to 9 digits, not 0")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), aisTimeout)
	defer cancel()
	v, err := s.AIS.Get(ctx, mmsi)
	if err != nil {
		s.aisError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, v)
}

// parseMMSI reads 1 to 9 ASCII digits, not all zero.
func parseMMSI(s string) (uint32, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	var n uint32
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint32(c-'0')
	}
	return n, n != 0
}
