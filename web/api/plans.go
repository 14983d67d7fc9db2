package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"skerry/gcs"
	"skerry/mission"
	"skerry/mission/planfile"
)

// Plan formats the API reads and writes.
const (
	FormatQGC     = planfile.FormatQGC
	FormatWPL     = planfile.FormatWPL
	FormatGeoJSON = planfile.FormatGeoJSON
	FormatKML     = planfile.FormatKML
)

// maxPlanBody bounds an uploaded plan file.
const maxPlanBody = 8 << 20

// planTimeout bounds a whole plan transfer (three lists, lossy links).
const planTimeout = 5 * time.Minute

// issueJSON is a plan issue as the API shows it.
type issueJSON struct {
	Severity string `json:"severity"`
	Section  string `json:"section"`
	Item     int    `json:"item"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message"`
}

func issuesJSON(is mission.Issues) []issueJSON {
	out := make([]issueJSON, 0, len(is))
	for _, i := range is {
		out = append(out, issueJSON{Severity: i.Severity.String(), Section: string(i.Section), Item: i.Item, Field: i.Field, Message: i.Message})
	}
	return out
}

// planResult is the answer to an upload, download or clear.
type planResult struct {
	OK      bool        `json:"ok"`
	Error   string      `json:"error,omitempty"`
	Mission int         `json:"mission"`
	Fence   int         `json:"fence"`
	Rally   int         `json:"rally"`
	Issues  []issueJSON `json:"issues"`
	Check   *checkJSON  `json:"check,omitempty"`
	// Override and Overridden: the plan broke these rules and was
	// uploaded under this override.
	Override   *gcs.Override `json:"override,omitempty"`
	Overridden []string      `json:"overridden,omitempty"`
	// VehicleFence is what the vehicle keeps enforcing besides the plan's
	// fence and the settings the upload changes (or would have).
	VehicleFence *gcs.VehicleFence `json:"vehicle_fence,omitempty"`
}

// uploadResult is the answer to an upload: what the core reported, with
// the issues of reading the file before it.
func uploadResult(rep gcs.PlanReport, read mission.Issues, err error) planResult {
	res := planResult{OK: err == nil, Mission: rep.Mission, Fence: rep.Fence, Rally: rep.Rally, Issues: issuesJSON(append(read, rep.Issues...)),
		Check: reportJSON(rep.Check), Override: rep.Override, Overridden: rep.Overridden, VehicleFence: rep.VehicleFence}
	if err != nil {
		res.Error = err.Error()
	}
	return res
}

// uploadPlan reads a plan file (format from ?format= or sniffed) and puts
// it on the vehicle; ?fence_radius=M gives the plan a fence radius (the
// autopilot's circle, which a .plan cannot carry);
// ?override_by=...&override_reason=... uploads a plan that breaks the
// operation's rules under that override.
func (s *Server) uploadPlan(w http.ResponseWriter, r *http.Request) {
	s.upload(w, r, func(ctx context.Context, id gcs.VehicleID, plan *mission.Plan, o *gcs.Override) (gcs.PlanReport, error) {
		return s.Missions.UploadOverride(ctx, id, plan, nil, o)
	})
}

// previewPlan answers what uploadPlan would do with the same request,
// writing nothing: the check, the settings the upload would change on
// the vehicle and the limits it keeps, or the refusal with its reasons.
func (s *Server) previewPlan(w http.ResponseWriter, r *http.Request) {
	s.upload(w, r, s.Missions.Preview)
}

// upload reads an upload request and answers what do reports of it.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, do func(context.Context, gcs.VehicleID, *mission.Plan, *gcs.Override) (gcs.PlanReport, error)) {
	plan, issues, o, ok := s.readUpload(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), planTimeout)
	defer cancel()
	rep, err := do(ctx, gcs.VehicleID(r.PathValue("id")), plan, o)
	s.writeJSON(w, planStatus(err), uploadResult(rep, issues, err))
}

// readUpload reads an upload's plan file and override; false when it
// answered the request already.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (*mission.Plan, mission.Issues, *gcs.Override, bool) {
	if s.Missions == nil {
		s.writeError(w, http.StatusNotImplemented, "this station does not transfer plans")
		return nil, nil, nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPlanBody))
	if err != nil {
		s.writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("plan file too large (limit %d MiB)", maxPlanBody>>20))
		return nil, nil, nil, false
	}
	plan, issues, err := planfile.ReadPlan(r.URL.Query().Get("format"), body)
	if err != nil {
		s.writeJSON(w, http.StatusBadRequest, planResult{Error: err.Error(), Issues: issuesJSON(issues)})
		return nil, nil, nil, false
	}
	if issues.HasErrors() { // what the file says cannot be flown as it means
		s.writeJSON(w, http.StatusUnprocessableEntity, planResult{Error: fmt.Sprintf("%s: %s", gcs.ErrInvalidPlan, issues.Err()), Issues: issuesJSON(issues)})
		return nil, nil, nil, false
	}
	if q := r.URL.Query().Get("fence_radius"); q != "" {
		radius, err := strconv.ParseFloat(q, 64)
		if err != nil || math.IsNaN(radius) || math.IsInf(radius, 0) || radius <= 0 {
			s.writeError(w, http.StatusBadRequest, "fence_radius is the greatest distance from home in metres, a number > 0")
			return nil, nil, nil, false
		}
		plan.Fence.Radius = &radius // a .plan or .waypoints file cannot carry one
	}
	var o *gcs.Override
	if q := r.URL.Query(); q.Has("override_by") || q.Has("override_reason") {
		o = &gcs.Override{By: q.Get("override_by"), Reason: q.Get("override_reason")}
		if err := o.Validate(); err != nil {
			s.writeError(w, http.StatusBadRequest, err.Error())
			return nil, nil, nil, false
		}
	}
	return plan, issues, o, true
}

// downloadPlan reads the vehicle's plan and writes it in ?format= (default
// QGroundControl's). Issues travel in the X-Skerry-Issues header count and,
// for GeoJSON, nowhere else: ask for the JSON report with ?report=1.
func (s *Server) downloadPlan(w http.ResponseWriter, r *http.Request) {
	if s.Missions == nil {
		s.writeError(w, http.StatusNotImplemented, "this station does not transfer plans")
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = FormatQGC
	}
	if format != FormatQGC && format != FormatWPL && format != FormatGeoJSON && format != FormatKML {
		s.writeError(w, http.StatusBadRequest, "format must be plan, waypoints, geojson or kml")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), planTimeout)
	defer cancel()
	plan, rep, err := s.Missions.Download(ctx, gcs.VehicleID(r.PathValue("id")), nil)
	if err != nil {
		s.writeJSON(w, planStatus(err), planResult{Error: err.Error(), Issues: issuesJSON(rep.Issues)})
		return
	}
	var buf bytes.Buffer
	issues, err := planfile.WritePlan(&buf, format, plan)
	rep.Issues = append(rep.Issues, issues...)
	if err != nil {
		s.writeJSON(w, http.StatusInternalServerError, planResult{Error: err.Error(), Issues: issuesJSON(rep.Issues)})
		return
	}
	if r.URL.Query().Get("report") != "" {
		s.writeJSON(w, http.StatusOK, planResult{OK: true, Mission: rep.Mission, Fence: rep.Fence, Rally: rep.Rally, Issues: issuesJSON(rep.Issues)})
		return
	}
	w.Header().Set("X-Skerry-Issues", fmt.Sprint(len(rep.Issues)))
	w.Header().Set("Content-Type", contentType(format))
	_, _ = w.Write(buf.Bytes())
}

// clearPlan removes ?kinds=mission,fence,rally (default all) from the vehicle.
func (s *Server) clearPlan(w http.ResponseWriter, r *http.Request) {
	if s.Missions == nil {
		s.writeError(w, http.StatusNotImplemented, "this station does not transfer plans")
		return
	}
	var kinds []mission.Part
	if k := r.URL.Query().Get("kinds"); k != "" {
		for _, name := range strings.Split(k, ",") {
			t, ok := mission.ParsePart(name)
			if !ok {
				s.writeError(w, http.StatusBadRequest, "kinds is a comma-separated list of mission, fence, rally")
				return
			}
			kinds = append(kinds, t)
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), planTimeout)
	defer cancel()
	issues, err := s.Missions.Clear(ctx, gcs.VehicleID(r.PathValue("id")), kinds...)
	res := planResult{OK: err == nil, Issues: issuesJSON(issues)}
	if err != nil {
		res.Error = err.Error()
	}
	s.writeJSON(w, planStatus(err), res)
}

func planStatus(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, gcs.ErrUnknownVehicle):
		return http.StatusNotFound
	case errors.Is(err, gcs.ErrSysidConflict):
		return http.StatusConflict
	case errors.Is(err, gcs.ErrInvalidPlan), errors.Is(err, gcs.ErrFenceSemantics), errors.Is(err, gcs.ErrUnlawfulPlan), errors.Is(err, gcs.ErrFenceCutsRoute):
		return http.StatusUnprocessableEntity
	}
	return http.StatusBadGateway // the vehicle or the link failed
}

func contentType(format string) string {
	switch format {
	case FormatWPL:
		return "text/plain; charset=utf-8"
	case FormatGeoJSON:
		return "application/geo+json"
	case FormatKML:
		return "application/vnd.google-earth.kml+xml"
	}
	return "application/json"
}
