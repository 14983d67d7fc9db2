package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"skerry/gcs"
)

// UnitsService is the units use case behind /api/units and /api/reports
// (*gcs.Units is one): the maritime units, their reports and the units'
// acknowledgements.
type UnitsService interface {
	List(ctx context.Context) ([]gcs.Unit, error)
	Get(ctx context.Context, id gcs.UnitID) (gcs.Unit, error)
	Put(ctx context.Context, u gcs.Unit) (gcs.Unit, error)
	Delete(ctx context.Context, id gcs.UnitID) error
	Reports(ctx context.Context, unit gcs.UnitID, incident string, limit int) ([]gcs.Report, error)
	Ack(ctx context.Context, id, token string) (gcs.Report, error)
}

// *gcs.Units is the station's UnitsService.
var _ UnitsService = (*gcs.Units)(nil)

// Bounds of the units routes.
const (
	maxUnitBody     = 64 << 10 // bytes of a PUT body (an area's polygon)
	maxUnitPending  = 1000     // reports counted per unit for "pending"
	maxUnitIDLength = 64
)

// The units routes: the operators manage the units.
func (s *Server) routeUnits(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/units", s.listUnits)
	mux.HandleFunc("GET /api/units/{id}", s.getUnit)
	mux.HandleFunc("PUT /api/units/{id}", s.putUnit)
	mux.HandleFunc("DELETE /api/units/{id}", s.deleteUnit)
	mux.HandleFunc("GET /api/units/{id}/reports", s.unitPull)
	s.routeReports(mux)
}

// unitView is a unit as the API gives it: never its secret nor its token,
// only whether it has them, and how many of its reports are not yet
// delivered.
type unitView struct {
	gcs.Unit
	HasSecret bool `json:"has_secret"`
	HasToken  bool `json:"has_token"`
	Pending   *int `json:"pending,omitempty"`
}

// redact returns u as the API gives it.
func redact(u gcs.Unit) unitView {
	v := unitView{Unit: u, HasSecret: u.Secret != "", HasToken: u.Token != ""}
	v.Secret, v.Token = "", ""
	return v
}

// units returns the service, or answers 503 when there is none.
func (s *Server) units(w http.ResponseWriter) (UnitsService, bool) {
	if s.Units == nil {
		s.writeError(w, http.StatusServiceUnavailable, "this station keeps no maritime units (no store): units and reports are unavailable")
		return nil, false
	}
	return s.Units, true
}

// validUnitID reports whether id may name a unit: 1 to 64 letters,
// digits, '-', '_', '.' or '~'.
func validUnitID(id string) bool {
	return len(id) > 0 && len(id) <= maxUnitIDLength && incidentIDPattern.MatchString(id)
}

// unitID reads the unit id of a route, or answers 400.
func (s *Server) unitID(w http.ResponseWriter, r *http.Request) (gcs.UnitID, bool) {
	id := r.PathValue("id")
	if !validUnitID(id) {
		s.writeError(w, http.StatusBadRequest, "unit id "+strconv.Quote(truncate(id, maxUnitIDLength))+
			" is not one: up to 64 letters, digits, '-', '_', '.' or '~'")
		return "", false
	}
	return gcs.UnitID(id), true
}

// unitsError answers for an error of the units use case: 400 a bad unit
// (with why), 404 no such unit or report, 401 not the unit's token, 500
// anything else (logged, not shown).
func (s *Server) unitsError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, gcs.ErrBadUnit):
		s.writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, gcs.ErrNoUnit), errors.Is(err, gcs.ErrNoReport):
		s.writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, gcs.ErrUnitToken):
		unauthorized(w, `error="invalid_token"`)
		s.writeError(w, http.StatusUnauthorized, "not the unit's token")
	case errors.Is(err, context.Canceled):
		s.writeError(w, http.StatusServiceUnavailable, "request cancelled")
	default:
		s.log().Error("units request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		s.writeError(w, http.StatusInternalServerError, "the units store failed; see the station's log")
	}
}

// pending counts a unit's reports not yet delivered.
func pending(ctx context.Context, svc UnitsService, id gcs.UnitID) (int, error) {
	rs, err := svc.Reports(ctx, id, "", maxUnitPending)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rs {
		if r.Status == gcs.ReportPending || r.Status == gcs.ReportFailing {
			n++
		}
	}
	return n, nil
}

// listUnits answers GET /api/units: every unit, sorted by id, redacted,
// with its count of reports not yet delivered.
func (s *Server) listUnits(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.units(w)
	if !ok {
		return
	}
	us, err := svc.List(r.Context())
	if err != nil {
		s.unitsError(w, r, err)
		return
	}
	out := make([]unitView, 0, len(us))
	for _, u := range us {
		v := redact(u)
		n, err := pending(r.Context(), svc, u.ID)
		if err != nil {
			s.unitsError(w, r, err)
			return
		}
		v.Pending = &n
		out = append(out, v)
	}
	s.writeJSON(w, http.StatusOK, out)
}

// getUnit answers GET /api/units/{id}: one unit, redacted.
func (s *Server) getUnit(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.units(w)
	if !ok {
		return
	}
	id, ok := s.unitID(w, r)
	if !ok {
		return
	}
	u, err := svc.Get(r.Context(), id)
	if err != nil {
		s.unitsError(w, r, err)
		return
	}
	v := redact(u)
	if n, err := pending(r.Context(), svc, id); err == nil {
		v.Pending = &n
	}
	s.writeJSON(w, http.StatusOK, v)
}

// decodeUnit reads a PUT body: one gcs.Unit, no unknown fields; its id,
// when given, must be the path's.
func decodeUnit(b []byte, id gcs.UnitID) (gcs.Unit, error) {
	var u gcs.Unit
	if err := decodeStrict(b, &u); err != nil {
		return u, err
	}
	if u.ID != "" && u.ID != id {
		return u, errors.New(`"id" ` + strconv.Quote(truncate(string(u.ID), maxUnitIDLength)) + " is not the path's " + strconv.Quote(string(id)))
	}
	u.ID = id
	return u, nil
}

// putUnit answers PUT /api/units/{id}: adds or replaces the unit; a
// secret or token left out keeps the stored one. 200 the unit kept,
// redacted; 400 with why it cannot be kept.
func (s *Server) putUnit(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.units(w)
	if !ok {
		return
	}
	id, ok := s.unitID(w, r)
	if !ok {
		return
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUnitBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.writeError(w, http.StatusRequestEntityTooLarge, "a unit is at most 64 KiB of JSON")
		return
	} else if err != nil {
		s.writeError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return
	}
	u, err := decodeUnit(b, id)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	kept, err := svc.Put(r.Context(), u)
	if err != nil {
		s.unitsError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, redact(kept))
}

// deleteUnit answers DELETE /api/units/{id}: 204, 404 unknown.
func (s *Server) deleteUnit(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.units(w)
	if !ok {
		return
	}
	id, ok := s.unitID(w, r)
	if !ok {
		return
	}
	if err := svc.Delete(r.Context(), id); err != nil {
		s.unitsError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
