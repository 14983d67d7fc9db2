package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"skerry/gcs"
	"skerry/mission"
	"skerry/mission/planfile"
	"skerry/web/view"
)

// savedReply answers a save or an import: the record, what reading the
// plan noticed and the full check (null without an operation).
type savedReply struct {
	view.SavedPlan
	Issues []issueJSON `json:"issues"`
	Check  *checkJSON  `json:"check"`
}

// planBody is the body of POST /api/plans and PUT /api/plans/{id}.
// Absent fields of a PUT keep their values; "request": null removes the
// request.
type planBody struct {
	Version *int64          `json:"version"`
	Name    *string         `json:"name"`
	Kind    *string         `json:"kind"`
	Plan    json.RawMessage `json:"plan"`
	Request json.RawMessage `json:"request"`
}

// maxPlanRecord bounds a POST or PUT body: a plan and its request.
const maxPlanRecord = gcs.MaxPlanBytes + gcs.MaxRequestSize

func (s *Server) routePlans(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/plans", s.withPlans(s.listPlans))
	mux.HandleFunc("POST /api/plans", s.withPlans(s.createPlan))
	mux.HandleFunc("POST /api/plans/import", s.withPlans(s.importPlan))
	mux.HandleFunc("GET /api/plans/{id}", s.withPlans(s.getPlan))
	mux.HandleFunc("PUT /api/plans/{id}", s.withPlans(s.updatePlan))
	mux.HandleFunc("DELETE /api/plans/{id}", s.withPlans(s.deletePlan))
	mux.HandleFunc("GET /api/plans/{id}/file", s.withPlans(s.planFile))
	mux.HandleFunc("POST /api/plans/{id}/upload", s.withPlans(s.uploadSavedPlan))
}

// withPlans answers 501 when the station keeps no plans.
func (s *Server) withPlans(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Plans == nil {
			s.writeError(w, http.StatusNotImplemented, "this station keeps no saved plans: start it with --data DIR")
			return
		}
		h(w, r)
	}
}

func (s *Server) listPlans(w http.ResponseWriter, r *http.Request) {
	list, err := s.Plans.List(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	out := make([]view.SavedPlan, 0, len(list))
	for _, sp := range list {
		out = append(out, view.SavedPlanOf(sp))
	}
	s.writeJSON(w, http.StatusOK, out)
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) {
	sp, err := s.Plans.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, view.SavedPlanOf(sp))
}

// createPlan saves a new plan, checked against the active operation.
func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) {
	var in planBody
	if err := decodeLimited(w, r, &in, maxPlanRecord); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if in.Version != nil {
		s.writeError(w, http.StatusBadRequest, `a new plan has no "version": to change a saved plan, PUT /api/plans/{id}`)
		return
	}
	if len(in.Plan) == 0 || string(in.Plan) == "null" {
		s.writeError(w, http.StatusBadRequest, `no "plan": send the plan as a Skerry GeoJSON FeatureCollection`)
		return
	}
	sp := gcs.StoredPlan{Kind: "drawn"}
	in.apply(&sp)
	s.savePlan(w, r, sp, in.Plan, nil, http.StatusCreated)
}

// updatePlan changes a saved plan if it is still at the version the
// pilot read.
func (s *Server) updatePlan(w http.ResponseWriter, r *http.Request) {
	var in planBody
	if err := decodeLimited(w, r, &in, maxPlanRecord); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if in.Version == nil || *in.Version < 1 {
		s.writeError(w, http.StatusBadRequest, `say which version you change: "version": N, as GET /api/plans/{id} gave it`)
		return
	}
	sp, err := s.Plans.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, err)
		return
	}
	plan := in.Plan
	if len(plan) == 0 || string(plan) == "null" {
		plan = sp.Plan
	}
	in.apply(&sp)
	sp.Version = *in.Version
	s.savePlan(w, r, sp, plan, nil, http.StatusOK)
}

// apply copies the fields the body gives.
func (in *planBody) apply(sp *gcs.StoredPlan) {
	if in.Name != nil {
		sp.Name = strings.TrimSpace(*in.Name)
	}
	if in.Kind != nil && *in.Kind != "" {
		sp.Kind = *in.Kind
	}
	switch {
	case string(in.Request) == "null":
		sp.Request = nil
	case len(in.Request) > 0:
		sp.Request = in.Request
	}
}

// savePlan reads the GeoJSON plan, names it, checks it against the active
// operation and stores it with the rest of sp. Unlawful plans are saved;
// the record says so.
func (s *Server) savePlan(w http.ResponseWriter, r *http.Request, sp gcs.StoredPlan, geo []byte, issues mission.Issues, status int) {
	plan, more, err := planfile.ReadGeoJSONPlan(bytes.NewReader(geo))
	issues = append(issues, more...)
	if err == nil && issues.HasErrors() {
		err = errors.New("the plan has errors")
	}
	if err != nil {
		s.writeJSON(w, http.StatusBadRequest, map[string]any{"error": "plan: " + err.Error(), "issues": issuesJSON(issues)})
		return
	}
	s.storePlan(w, r, sp, plan, issues, status)
}

// storePlan completes sp from plan and stores it.
func (s *Server) storePlan(w http.ResponseWriter, r *http.Request, sp gcs.StoredPlan, plan *mission.Plan, issues mission.Issues, status int) {
	if sp.Name == "" {
		sp.Name = strings.TrimSpace(plan.Name)
	}
	if sp.Name == "" {
		s.writeJSON(w, http.StatusBadRequest, map[string]any{"error": `a plan needs a "name"`, "issues": issuesJSON(issues)})
		return
	}
	plan.Name = sp.Name
	var buf bytes.Buffer
	if _, err := planfile.WriteGeoJSONPlan(&buf, plan); err != nil {
		s.writeJSON(w, http.StatusBadRequest, map[string]any{"error": "plan: " + err.Error(), "issues": issuesJSON(issues)})
		return
	}
	sp.Plan = buf.Bytes()
	sp.Counts = gcs.PlanCounts{Mission: len(plan.Mission), Fence: len(plan.Fence.Zones), Rally: len(plan.Rally)}
	rep := s.checkSaved(plan, &sp)
	saved, err := s.Plans.Save(r.Context(), sp)
	if err != nil {
		s.storeError(w, err)
		return
	}
	s.writeJSON(w, status, savedReply{SavedPlan: view.SavedPlanOf(saved), Issues: issuesJSON(issues), Check: reportJSON(rep)})
}

// checkSaved checks plan alone against the active operation, if any, and
// notes the summary in sp.
func (s *Server) checkSaved(plan *mission.Plan, sp *gcs.StoredPlan) *gcs.CheckReport {
	sp.Check = nil
	if s.Operation == nil {
		return nil
	}
	res, err := s.planning().Check(plan, "")
	if err != nil {
		return nil // no operation
	}
	rep := res.Report
	sp.Check = &gcs.PlanCheck{Lawful: rep.Lawful, Violations: len(rep.Errors()), Profile: res.Operation.ProfileName, At: res.At}
	return &rep
}

func (s *Server) deletePlan(w http.ResponseWriter, r *http.Request) {
	var version int64
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			s.writeError(w, http.StatusBadRequest, "version must be a saved plan's version, 1 or more")
			return
		}
		version = n
	}
	id := r.PathValue("id")
	if err := s.Plans.Delete(r.Context(), id, version); err != nil {
		s.storeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// storeError answers a plan store's error.
func (s *Server) storeError(w http.ResponseWriter, err error) {
	var conflict *gcs.PlanConflictError
	switch {
	case errors.As(err, &conflict):
		s.writeJSON(w, http.StatusConflict, map[string]any{"error": err.Error(), "current_version": conflict.Current})
	case errors.Is(err, gcs.ErrPlanNotFound):
		s.writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, gcs.ErrInvalidStoredPlan):
		s.writeError(w, http.StatusBadRequest, err.Error())
	default:
		s.log().Error("plan store", "err", err)
		s.writeError(w, http.StatusInternalServerError, "the plan store failed: "+err.Error())
	}
}
