package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"skerry/gcs"
	"skerry/mission/planfile"
)

// importPlan saves a plan file: format from ?format= or sniffed, name from
// ?name= (else the file's own, else "Imported plan ..."), kind "imported".
// The reader's issues come back with the record.
func (s *Server) importPlan(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPlanBody))
	if err != nil {
		s.writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("plan file too large (limit %d MiB)", maxPlanBody>>20))
		return
	}
	q := r.URL.Query()
	plan, issues, err := planfile.ReadPlan(q.Get("format"), body)
	if err == nil && issues.HasErrors() {
		err = fmt.Errorf("the plan has errors")
	}
	if err != nil {
		s.writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error(), "issues": issuesJSON(issues)})
		return
	}
	sp := gcs.StoredPlan{Name: strings.TrimSpace(q.Get("name")), Kind: "imported"}
	if sp.Name == "" && strings.TrimSpace(plan.Name) == "" {
		sp.Name = "Imported plan " + time.Now().UTC().Format("2006-01-02 15:04")
	}
	s.storePlan(w, r, sp, plan, issues, http.StatusCreated)
}

// savedFormats are the formats GET /api/plans/{id}/file writes, with
// their file extensions.
var savedFormats = map[string]string{
	planfile.FormatGeoJSON: ".geojson",
	planfile.FormatQGC:     ".plan",
	planfile.FormatWPL:     ".waypoints",
	planfile.FormatKML:     ".kml",
}

// planFile downloads a saved plan in ?format= (default geojson, the form
// it is kept in) as an attachment named after the plan. What the format
// cannot hold is counted in X-Skerry-Issues.
func (s *Server) planFile(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = planfile.FormatGeoJSON
	}
	ext, ok := savedFormats[format]
	if !ok {
		s.writeError(w, http.StatusBadRequest, "format must be geojson, plan, waypoints or kml")
		return
	}
	sp, err := s.Plans.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, err)
		return
	}
	plan, _, err := planfile.ReadGeoJSONPlan(bytes.NewReader(sp.Plan))
	if err != nil {
		s.storeError(w, fmt.Errorf("plan %s as stored: %w", sp.ID, err))
		return
	}
	var buf bytes.Buffer
	issues, err := planfile.WritePlan(&buf, format, plan)
	if err != nil {
		s.writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": err.Error(), "issues": issuesJSON(issues)})
		return
	}
	w.Header().Set("Content-Type", contentType(format))
	w.Header().Set("Content-Disposition", attachment(sp.Name, ext))
	w.Header().Set("X-Skerry-Issues", fmt.Sprint(len(issues)))
	_, _ = w.Write(buf.Bytes())
}

// attachment is a Content-Disposition naming the file after the plan,
// without characters file systems refuse.
func attachment(name, ext string) string {
	clean := strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	clean = strings.Trim(clean, " .")
	if rs := []rune(clean); len(rs) > 100 {
		clean = string(rs[:100])
	}
	if clean == "" {
		clean = "plan"
	}
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": clean + ext}); v != "" {
		return v
	}
	return `attachment; filename="plan` + ext + `"`
}

// uploadRequest is the body of POST /api/plans/{id}/upload.
type uploadRequest struct {
	Targets []gcs.VehicleID `json:"targets"`
	// Override uploads a plan that breaks the operation's rules.
	Override *gcs.Override `json:"override"`
}

// vehiclePlanResult is one vehicle's answer to an upload.
type vehiclePlanResult struct {
	Vehicle gcs.VehicleID `json:"vehicle"`
	planResult
}

// maxUploadTargets bounds the vehicles of one upload; uploadParallel how
// many transfer at once.
const (
	maxUploadTargets = 256
	uploadParallel   = 16
)

// uploadSavedPlan puts a saved plan on each target at once, each checked
// against the active operation as PUT /api/vehicles/{id}/plan does, and
// answers per vehicle: 200 when all took it, 207 otherwise.
func (s *Server) uploadSavedPlan(w http.ResponseWriter, r *http.Request) {
	if s.Missions == nil {
		s.writeError(w, http.StatusNotImplemented, "this station does not transfer plans")
		return
	}
	var req uploadRequest
	if err := s.decode(w, r, &req); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.Override != nil {
		if err := req.Override.Validate(); err != nil {
			s.writeError(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	targets := gcs.UniqueIDs(req.Targets)
	if len(targets) == 0 || len(targets) > maxUploadTargets {
		s.writeError(w, http.StatusBadRequest, fmt.Sprintf(`name the vehicles: "targets": ["sim1-1", ...] (1 to %d)`, maxUploadTargets))
		return
	}
	sp, err := s.Plans.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), planTimeout)
	defer cancel()
	results := make([]vehiclePlanResult, len(targets))
	sem := make(chan struct{}, uploadParallel)
	var wg sync.WaitGroup
	for i, id := range targets {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = s.uploadOne(ctx, id, sp.Plan, req.Override)
		})
	}
	wg.Wait()
	status := http.StatusOK
	for _, res := range results {
		if !res.OK {
			status = http.StatusMultiStatus
		}
	}
	s.writeJSON(w, status, map[string]any{"plan": sp.ID, "version": sp.Version, "results": results})
}

// uploadOne reads its own copy of the plan and puts it on vehicle id.
func (s *Server) uploadOne(ctx context.Context, id gcs.VehicleID, geo []byte, o *gcs.Override) vehiclePlanResult {
	out := vehiclePlanResult{Vehicle: id}
	plan, issues, err := planfile.ReadGeoJSONPlan(bytes.NewReader(geo))
	if err != nil {
		out.Error, out.Issues = "plan as stored: "+err.Error(), issuesJSON(issues)
		return out
	}
	rep, err := s.Missions.UploadOverride(ctx, id, plan, nil, o)
	out.planResult = uploadResult(rep, issues, err)
	return out
}

func (s *Server) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
