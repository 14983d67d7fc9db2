package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strings"

	"skerry/gcs"
)

// Bounds of what operators write.
const (
	maxNote  = 2000 // characters of a note
	maxTitle = 200  // characters of a manual incident's title
)

// stepRequest is the body of POST /api/incidents/{id}/state; By is the
// operator (else the X-Skerry-Operator header, else "operator").
type stepRequest struct {
	State gcs.IncidentState `json:"state"`
	Note  string            `json:"note,omitempty"`
	By    string            `json:"by,omitempty"`
}

// manualRequest is the body of POST /api/incidents: a gcs.ManualIncident
// and who raises it.
type manualRequest struct {
	gcs.ManualIncident
	By string `json:"by,omitempty"`
}

// decodeStrict reads one JSON object, refusing unknown fields and
// trailing values.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errors.New("bad JSON: " + err.Error())
	}
	if dec.More() {
		return errors.New("bad JSON: more than one value")
	}
	return nil
}

// decodeStep reads and checks a lifecycle step's body.
func decodeStep(b []byte) (stepRequest, error) {
	var req stepRequest
	if err := decodeStrict(b, &req); err != nil {
		return req, err
	}
	if !validState(req.State) {
		return req, errors.New(`"state" must be acknowledged, dispatched or closed`)
	}
	if !printable(req.Note, maxNote, true) {
		return req, errors.New(`"note" must be at most 2000 printable characters`)
	}
	return req, nil
}

// decodeManual reads and checks a manual incident's body: a target of the
// picture or a place (lat and lon both), a severity (default medium) and a
// title.
func decodeManual(b []byte) (manualRequest, error) {
	var req manualRequest
	if err := decodeStrict(b, &req); err != nil {
		return req, err
	}
	m := &req.ManualIncident
	m.Title = strings.TrimSpace(m.Title)
	switch {
	case m.Target != "" && !gcs.ValidVesselID(m.Target):
		return req, errors.New(`"target" is not a vessel id: up to 64 letters, digits, '-', '_', '.' or '~'`)
	case (m.Lat == nil) != (m.Lon == nil):
		return req, errors.New(`give both "lat" and "lon", or neither`)
	case m.Lat != nil && (math.IsNaN(*m.Lat) || *m.Lat < -90 || *m.Lat > 90 || math.IsNaN(*m.Lon) || *m.Lon < -180 || *m.Lon > 180):
		return req, errors.New(`"lat" must be in [-90, 90] and "lon" in [-180, 180]`)
	case m.Target == "" && m.Lat == nil:
		return req, errors.New(`say what the incident is about: a "target" ("v42", "ais-244123456") or a place ("lat", "lon")`)
	case m.Title == "":
		return req, errors.New(`give the incident a "title"`)
	case !printable(m.Title, maxTitle, false):
		return req, errors.New(`"title" must be at most 200 printable characters on one line`)
	case !printable(m.Note, maxNote, true):
		return req, errors.New(`"note" must be at most 2000 printable characters`)
	}
	switch m.Severity {
	case "":
		m.Severity = gcs.IncidentMedium
	case gcs.IncidentLow, gcs.IncidentMedium, gcs.IncidentHigh:
	default:
		return req, errors.New(`"severity" must be low, medium or high`)
	}
	return req, nil
}

// stepIncident serves POST /api/incidents/{id}/state {"state":
// "acknowledged", "note": "...", "by"?}: moves the incident on in its
// lifecycle and answers with it; 409 for a step back or to the same
// state, 404 for an unknown incident.
func (s *Server) stepIncident(w http.ResponseWriter, r *http.Request) {
	if !s.maritimeReady(w) {
		return
	}
	id, ok := s.incidentID(w, r)
	if !ok {
		return
	}
	b, err := readBody(w, r, maxIncidentBody)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	req, err := decodeStep(b)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	by, err := operator(r, req.By)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	inc, err := s.Maritime.StepIncident(ctx, id, req.State, by, strings.TrimSpace(req.Note))
	if err != nil {
		s.maritimeError(w, "incident", err)
		return
	}
	s.writeJSON(w, http.StatusOK, viewIncident(inc))
}

// raiseIncident serves POST /api/incidents (a gcs.ManualIncident, and
// "by"): an operator raises an incident about a target or a place; 201
// with the incident and its Location.
func (s *Server) raiseIncident(w http.ResponseWriter, r *http.Request) {
	if !s.maritimeReady(w) {
		return
	}
	b, err := readBody(w, r, maxIncidentBody)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	req, err := decodeManual(b)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.ManualIncident.By, err = operator(r, req.By); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	inc, err := s.Maritime.RaiseIncident(ctx, req.ManualIncident)
	switch {
	case errors.Is(err, gcs.ErrIncidentState):
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	case err != nil:
		s.maritimeError(w, "incident", err)
		return
	}
	w.Header().Set("Location", "/api/incidents/"+inc.ID)
	s.writeJSON(w, http.StatusCreated, viewIncident(inc))
}

// incidentView is an incident as the API answers it: its evidence files
// with their URLs, its lists never null.
type incidentView struct {
	gcs.Incident
	Vessels  []gcs.IncidentVessel `json:"vessels"`
	Evidence []evidenceView       `json:"evidence"`
	History  []gcs.IncidentChange `json:"history"`
}

// evidenceView is a piece of evidence with the URL of its file.
type evidenceView struct {
	gcs.Evidence
	URL string `json:"url,omitempty"`
}

func viewIncident(inc gcs.Incident) incidentView {
	v := incidentView{Incident: inc, Vessels: inc.Vessels, History: inc.History, Evidence: make([]evidenceView, len(inc.Evidence))}
	if v.Vessels == nil {
		v.Vessels = []gcs.IncidentVessel{}
	}
	if v.History == nil {
		v.History = []gcs.IncidentChange{}
	}
	for i, e := range inc.Evidence {
		v.Evidence[i] = evidenceView{Evidence: e}
		if e.File != "" && hashPattern.MatchString(e.File) && validIncidentID(inc.ID) {
			v.Evidence[i].URL = "/api/incidents/" + inc.ID + "/files/" + e.File
		}
	}
	return v
}
