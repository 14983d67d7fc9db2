package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"skerry/gcs"
)

// The parameter API: every call goes through the core's use case
// (gcs.Parameters), which checks vehicles, values and confirmations.
//
//	GET  /api/vehicles/{id}/params?q=        the table (filtered by name), the read's state
//	POST /api/vehicles/{id}/params/refresh   read every parameter; progress streamed as NDJSON
//	GET  /api/vehicles/{id}/params/{name}    read one, with its limits and confirmation
//	PUT  /api/vehicles/{id}/params/{name}    {"value": v, "confirm": id}: write, read back
//	GET  /api/vehicles/{id}/params.file      ?format=mp|qgc: the table as a file
//	POST /api/vehicles/{id}/params/compare   a file against the table
//	POST /api/vehicles/{id}/params/load      a file's differences: dry run, or ?apply=1&confirm=id
func (s *Server) routeParams(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/vehicles/{id}/params", s.listParams)
	mux.HandleFunc("POST /api/vehicles/{id}/params/refresh", s.refreshParams)
	mux.HandleFunc("GET /api/vehicles/{id}/params/{name}", s.getParam)
	mux.HandleFunc("PUT /api/vehicles/{id}/params/{name}", s.putParam)
	mux.HandleFunc("GET /api/vehicles/{id}/params.file", s.paramFile)
	mux.HandleFunc("POST /api/vehicles/{id}/params/compare", s.compareParams)
	mux.HandleFunc("POST /api/vehicles/{id}/params/load", s.loadParams)
}

// paramTableJSON is a vehicle's table as GET .../params shows it.
type paramTableJSON struct {
	Vehicle gcs.VehicleID `json:"vehicle"`
	gcs.ParamTable
	// Query is the name filter applied, Shown how many passed it.
	Query string `json:"query"`
	Shown int    `json:"shown"`
}

// params returns the use case, answering 501 when the station has none.
func (s *Server) params(w http.ResponseWriter) *gcs.Parameters {
	if s.Params == nil {
		s.writeError(w, http.StatusNotImplemented, "this station does not handle parameters")
	}
	return s.Params
}

func vehicleOf(r *http.Request) gcs.VehicleID { return gcs.VehicleID(r.PathValue("id")) }

func (s *Server) listParams(w http.ResponseWriter, r *http.Request) {
	p := s.params(w)
	if p == nil {
		return
	}
	q := r.URL.Query().Get("q")
	if len(q) > 64 {
		s.writeError(w, http.StatusBadRequest, "q: at most 64 characters (a parameter name has 16)")
		return
	}
	t, err := p.List(r.Context(), vehicleOf(r), q)
	if err != nil {
		s.paramError(w, err, nil)
		return
	}
	s.writeJSON(w, http.StatusOK, paramTableJSON{Vehicle: vehicleOf(r), ParamTable: t, Query: q, Shown: len(t.Params)})
}

// refreshLine is one line of the refresh stream.
type refreshLine struct {
	Received int    `json:"received"`
	Total    int    `json:"total"`
	Done     bool   `json:"done,omitempty"`
	OK       bool   `json:"ok,omitempty"`
	Error    string `json:"error,omitempty"`
}

// progressEvery bounds how often the refresh stream writes a line.
const progressEvery = 100 * time.Millisecond

// refreshParams reads every parameter of the vehicle and streams the
// progress as NDJSON lines {"received","total"}, the last one with
// "done":true and "ok" (or "error"). A client that goes away stops the
// stream, not the read; a second refresh while one runs follows the same
// read.
func (s *Server) refreshParams(w http.ResponseWriter, r *http.Request) {
	p := s.params(w)
	if p == nil {
		return
	}
	id := vehicleOf(r)
	if _, err := s.Fleet.Target(id); err != nil { // before the stream starts
		s.paramError(w, err, nil)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	flusher, _ := w.(http.Flusher)
	var last time.Time
	var latest gcs.ParamProgress
	write := func(l refreshLine) {
		enc.Encode(l) //nolint:errcheck // the client has gone; the read goes on
		if flusher != nil {
			flusher.Flush()
		}
	}
	t, err := p.Refresh(r.Context(), id, func(pr gcs.ParamProgress) {
		latest = pr
		if now := time.Now(); now.Sub(last) >= progressEvery {
			last = now
			write(refreshLine{Received: pr.Received, Total: pr.Total})
		}
	})
	end := refreshLine{Received: max(t.Received, latest.Received), Total: max(t.Count, latest.Total), Done: true, OK: err == nil}
	if err != nil {
		end.Error = err.Error()
	}
	write(end)
}

func (s *Server) getParam(w http.ResponseWriter, r *http.Request) {
	p := s.params(w)
	if p == nil {
		return
	}
	info, err := p.Get(r.Context(), vehicleOf(r), r.PathValue("name"))
	if err != nil {
		s.paramError(w, err, nil)
		return
	}
	s.writeJSON(w, http.StatusOK, info)
}

// putParamRequest is the body of PUT .../params/{name}.
type putParamRequest struct {
	Value   *float64 `json:"value"`
	Confirm string   `json:"confirm"`
}

// putParam writes one parameter: 200 with the value the vehicle keeps,
// 428 when the pilot must confirm ({"confirm_required": vehicle id}), 422
// for a value out of range, 409 when the vehicle keeps another value.
func (s *Server) putParam(w http.ResponseWriter, r *http.Request) {
	p := s.params(w)
	if p == nil {
		return
	}
	var req putParamRequest
	if err := s.decode(w, r, &req); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error()+` (want {"value": number, "confirm": "vehicle id"})`)
		return
	}
	if req.Value == nil {
		s.writeError(w, http.StatusBadRequest, `no "value"`)
		return
	}
	res, err := p.Set(r.Context(), vehicleOf(r), r.PathValue("name"), *req.Value, req.Confirm)
	if err != nil {
		s.paramError(w, err, res)
		return
	}
	s.writeJSON(w, http.StatusOK, res)
}

// paramError answers a failed parameter call with its status; body, when
// set, is sent with the error (a write's result).
func (s *Server) paramError(w http.ResponseWriter, err error, body any) {
	var need *gcs.ConfirmRequiredError
	if errors.As(err, &need) {
		s.writeJSON(w, http.StatusPreconditionRequired, map[string]any{
			"error":            fmt.Sprintf("%s: send the same request with \"confirm\":%q", need.Why, need.Need),
			"confirm_required": need.Need,
			"why":              need.Why,
		})
		return
	}
	status := paramStatus(err)
	var rej *gcs.RejectedError
	if errors.As(err, &rej) && body != nil {
		s.writeJSON(w, status, body) // the result says the value kept
		return
	}
	s.writeError(w, status, err.Error())
}

// paramStatus maps the core's parameter errors to HTTP.
func paramStatus(err error) int {
	var rej *gcs.RejectedError
	switch {
	case errors.Is(err, gcs.ErrParamName):
		return http.StatusBadRequest
	case errors.Is(err, gcs.ErrParamRange):
		return http.StatusUnprocessableEntity
	case errors.Is(err, gcs.ErrUnknownVehicle), errors.Is(err, gcs.ErrUnknownParam):
		return http.StatusNotFound
	case errors.Is(err, gcs.ErrSysidConflict), errors.Is(err, gcs.ErrParamsNotRead), errors.As(err, &rej):
		return http.StatusConflict
	case errors.Is(err, gcs.ErrTimeout):
		return http.StatusGatewayTimeout
	}
	return http.StatusBadGateway // the vehicle or the link failed
}
