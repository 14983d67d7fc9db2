package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// maxRulesBody bounds PUT /api/rules.
const maxRulesBody = 64 << 10

// getRules serves GET /api/rules: the suspicious-behaviour rules'
// settings (each rule's parameters and zones), as the picture keeps them.
func (s *Server) getRules(w http.ResponseWriter, r *http.Request) {
	if !s.maritimeReady(w) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	raw, err := s.Maritime.RuleSettings(ctx)
	if err != nil {
		s.maritimeError(w, "rules", err)
		return
	}
	s.writeRaw(w, http.StatusOK, raw)
}

// putRules serves PUT /api/rules: new settings for the rules (a JSON
// object, at most 64 KiB), recorded as the operator's (the
// X-Skerry-Operator header); 400 with the reason for a bad value.
func (s *Server) putRules(w http.ResponseWriter, r *http.Request) {
	if !s.maritimeReady(w) {
		return
	}
	b, err := readBody(w, r, maxRulesBody)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := checkRulesBody(b); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	by, err := operator(r, "")
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	raw, err := s.Maritime.SetRuleSettings(ctx, json.RawMessage(bytes.TrimSpace(b)), by)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		s.maritimeError(w, "rules", err)
		return
	case err != nil:
		s.writeError(w, http.StatusBadRequest, "rules not changed: "+err.Error())
		return
	}
	s.writeRaw(w, http.StatusOK, raw)
}

// checkRulesBody says why b is not one JSON object.
func checkRulesBody(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return errors.New("the rules' settings are a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return errors.New("bad JSON: " + err.Error())
	}
	if dec.More() {
		return errors.New("bad JSON: more than one value")
	}
	return nil
}

// writeRaw answers with JSON the picture encoded, checked, re-indented
// as the other answers are.
func (s *Server) writeRaw(w http.ResponseWriter, status int, raw json.RawMessage) {
	if len(raw) == 0 || !json.Valid(raw) {
		s.writeError(w, http.StatusInternalServerError, "the rules' settings are not valid JSON")
		return
	}
	s.writeJSON(w, status, raw)
}
