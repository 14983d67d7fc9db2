package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"skerry/gcs"
	"skerry/gcs/paramfile"
)

// maxParamFile bounds an uploaded parameter file: ArduPilot's ~1,300
// parameters take about 40 KB.
const maxParamFile = 1 << 20

// loadTimeout bounds a load that writes (each write is read back).
const loadTimeout = 5 * time.Minute

// paramFile writes the vehicle's whole table as a Mission Planner .param
// (?format=mp, the default) or QGroundControl .params (?format=qgc) file.
// A table not read in full is refused (409): a file must hold the whole
// vehicle.
func (s *Server) paramFile(w http.ResponseWriter, r *http.Request) {
	p := s.params(w)
	if p == nil {
		return
	}
	format := paramfile.Format(r.URL.Query().Get("format"))
	if format == "" {
		format = paramfile.MissionPlanner
	}
	if format != paramfile.MissionPlanner && format != paramfile.QGroundControl {
		s.writeError(w, http.StatusBadRequest, "format must be mp (Mission Planner .param) or qgc (QGroundControl .params)")
		return
	}
	id := vehicleOf(r)
	t, err := p.List(r.Context(), id, "")
	if err == nil && !t.Complete() {
		err = fmt.Errorf("%w: read them first (POST /api/vehicles/%s/params/refresh)", gcs.ErrParamsNotRead, id)
	}
	if err != nil {
		s.paramError(w, err, nil)
		return
	}
	v, _ := s.Fleet.Vehicle(id)
	ps := make([]paramfile.Param, len(t.Params))
	for i, prm := range t.Params {
		ps[i] = paramfile.Param{Name: prm.Name, Value: prm.Value, Type: string(prm.Type)}
	}
	var buf bytes.Buffer
	if err := paramfile.Write(&buf, format, ps, paramfile.Meta{Vehicle: string(id), SysID: int(v.SystemID), At: t.ReadAt}); err != nil {
		s.writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	ext := map[paramfile.Format]string{paramfile.MissionPlanner: ".param", paramfile.QGroundControl: ".params"}[format]
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", string(id)+ext))
	_, _ = w.Write(buf.Bytes())
}

// fileJSON says what a posted parameter file held.
type fileJSON struct {
	Format paramfile.Format  `json:"format"`
	Params int               `json:"params"`
	Issues []paramfile.Issue `json:"issues"`
}

// readParamFile reads a posted parameter file; on failure it has answered.
func (s *Server) readParamFile(w http.ResponseWriter, r *http.Request) (*paramfile.File, fileJSON, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxParamFile))
	if err != nil {
		s.writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("parameter file too large (limit %d KiB)", maxParamFile>>10))
		return nil, fileJSON{}, false
	}
	f, err := paramfile.Read(bytes.NewReader(body))
	if err != nil {
		fj := fileJSON{Issues: []paramfile.Issue{}}
		if f != nil {
			fj = fileJSON{Format: f.Format, Issues: f.Issues}
		}
		if len(fj.Issues) > 20 {
			fj.Issues = fj.Issues[:20]
		}
		s.writeJSON(w, http.StatusBadRequest, map[string]any{"error": "not a parameter file: " + err.Error(), "file": fj})
		return nil, fileJSON{}, false
	}
	issues := f.Issues
	if issues == nil {
		issues = []paramfile.Issue{}
	}
	return f, fileJSON{Format: f.Format, Params: len(f.Params), Issues: issues}, true
}

// compareParams compares a posted file (either format) with the vehicle's
// table: changed, in the file only, on the vehicle only.
func (s *Server) compareParams(w http.ResponseWriter, r *http.Request) {
	p := s.params(w)
	if p == nil {
		return
	}
	f, fj, ok := s.readParamFile(w, r)
	if !ok {
		return
	}
	c, err := p.Compare(r.Context(), vehicleOf(r), f.Values())
	if err != nil {
		s.paramError(w, err, nil)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"file": fj, "comparison": c})
}

// loadParams applies a posted file's differences to the vehicle: a dry
// run unless ?apply=1; applying changes the confirmation rule covers needs
// ?confirm= the vehicle's id (428 otherwise, with the dry run's report).
func (s *Server) loadParams(w http.ResponseWriter, r *http.Request) {
	p := s.params(w)
	if p == nil {
		return
	}
	q := r.URL.Query()
	apply := q.Get("apply") == "1" || q.Get("apply") == "true"
	f, fj, ok := s.readParamFile(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), loadTimeout)
	defer cancel()
	rep, err := p.Load(ctx, vehicleOf(r), f.Values(), apply, q.Get("confirm"))
	var need *gcs.ConfirmRequiredError
	switch {
	case errors.As(err, &need):
		s.writeJSON(w, http.StatusPreconditionRequired, map[string]any{
			"error":            fmt.Sprintf("%s: send the same request with ?apply=1&confirm=%s", need.Why, need.Need),
			"confirm_required": need.Need, "why": need.Why, "file": fj, "report": rep,
		})
	case err != nil:
		s.paramError(w, err, nil)
	default:
		s.writeJSON(w, http.StatusOK, map[string]any{"file": fj, "report": rep})
	}
}
