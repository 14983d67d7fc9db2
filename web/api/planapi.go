package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"skerry/gcs"
	"skerry/mission/planfile"
)

// planRequest is the body of POST /api/plan/{kind}. Geometries are GeoJSON
// ([lon, lat]); At is [lat, lon]. Zero values mean the planners' defaults.
type planRequest struct {
	Name         string            `json:"name"`
	Geometry     *geojson.Geometry `json:"geometry"` // coast LineString, port or area Polygon
	Land         *geojson.Geometry `json:"land"`     // decides the sea side of a coast
	SeaSide      string            `json:"sea_side"` // coast without land: "left" (default) or "right" of the line's direction
	At           *[2]float64       `json:"at"`
	Altitude     float64           `json:"altitude"`
	Speed        float64           `json:"speed"`
	Margin       float64           `json:"margin"`
	Offset       float64           `json:"offset"`
	Length       float64           `json:"length"`
	Loop         bool              `json:"loop"`
	Clockwise    bool              `json:"clockwise"`
	Laps         int               `json:"laps"`
	Radius       float64           `json:"radius"`
	Turns        float64           `json:"turns"`
	Spacing      float64           `json:"spacing"`
	Legs         int               `json:"legs"`
	Sectors      int               `json:"sectors"`
	Heading      float64           `json:"heading"`
	Angle        float64           `json:"angle"`
	Camera       *gcs.Camera       `json:"camera"`
	SideOverlap  float64           `json:"side_overlap"`
	FrontOverlap float64           `json:"front_overlap"`
	// Vehicle, when set, is the vehicle the plan is for: the check uses
	// its home, its wind and the others flying, as its upload will.
	Vehicle string `json:"vehicle"`
}

// planReply carries the plan as Skerry GeoJSON, what the planner noticed
// and the check against the active operation (violations located on the
// map), plus a survey's camera coverage.
type planReply struct {
	Plan     json.RawMessage `json:"plan"`
	Issues   []issueJSON     `json:"issues"`
	Check    *checkJSON      `json:"check"`
	Coverage *coverageJSON   `json:"coverage,omitempty"`
}

// coverageJSON is a survey camera's geometry at the plan's height: each
// photo covers FootprintSide metres across the flight line and
// FootprintFront along it.
type coverageJSON struct {
	GSD            float64 `json:"gsd_cm_px"`
	FootprintSide  float64 `json:"footprint_side_m"`
	FootprintFront float64 `json:"footprint_front_m"`
	Spacing        float64 `json:"spacing_m"`
	Trigger        float64 `json:"trigger_m"`
	SideOverlap    float64 `json:"side_overlap"`
	FrontOverlap   float64 `json:"front_overlap"`
}

// maxPlanRequest bounds a planning request (a coastline can be long).
const maxPlanRequest = 4 << 20

// postPlan runs a planner inside the active operation (gcs.Planning.Plan):
// its zones are avoided with the margin, its area kept, its profile's
// height cap kept; the plan comes back checked.
func (s *Server) postPlan(w http.ResponseWriter, r *http.Request) {
	var req planRequest
	if err := decodeLimited(w, r, &req, maxPlanRequest); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	preq, err := req.request(gcs.PlanKind(r.PathValue("kind")))
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	res, err := s.planning().Plan(preq)
	switch {
	case errors.Is(err, gcs.ErrNoOperation):
		s.writeError(w, http.StatusNotFound, err.Error())
		return
	case errors.Is(err, gcs.ErrSysidConflict):
		s.writeError(w, http.StatusConflict, err.Error())
		return
	case err != nil:
		s.writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error(), "issues": issuesJSON(res.Issues)})
		return
	}
	plan, chk := res.Plans[0], res.Checks[0]
	var buf bytes.Buffer
	more, err := planfile.WriteGeoJSONPlan(&buf, plan)
	if err != nil {
		s.writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.writeJSON(w, http.StatusOK, planReply{Plan: buf.Bytes(), Issues: issuesJSON(append(res.Issues, more...)), Check: checkResultJSON(chk),
		Coverage: coverageOf(res.Coverage)})
}

// coverageOf shows a survey's camera coverage.
func coverageOf(c *gcs.Coverage) *coverageJSON {
	if c == nil {
		return nil
	}
	return &coverageJSON{GSD: c.GSD, FootprintSide: c.FootprintSide, FootprintFront: c.FootprintFront,
		Spacing: c.Spacing, Trigger: c.Trigger, SideOverlap: c.SideOverlap, FrontOverlap: c.FrontOverlap}
}

var errPlanInput = errors.New("bad planning request")

// request turns the body into the core's planning request.
func (req planRequest) request(kind gcs.PlanKind) (gcs.PlanRequest, error) {
	out := gcs.PlanRequest{Kind: kind, Name: req.Name, Loop: req.Loop,
		Altitude: req.Altitude, Speed: req.Speed, Margin: req.Margin, Offset: req.Offset, Length: req.Length,
		Clockwise: req.Clockwise, Laps: req.Laps, Radius: req.Radius, Turns: req.Turns, Spacing: req.Spacing,
		Legs: req.Legs, Sectors: req.Sectors, Heading: req.Heading, Angle: req.Angle,
		Camera: req.Camera, SideOverlap: req.SideOverlap, FrontOverlap: req.FrontOverlap, Vehicle: gcs.VehicleID(req.Vehicle)}
	if req.Geometry != nil {
		switch g := req.Geometry.Geometry().(type) {
		case orb.LineString:
			out.Line = g
		case orb.Polygon:
			out.Polygon = g
		default:
			return out, fmt.Errorf("%w: geometry is a %s: want a LineString (coast) or a Polygon (port, area)", errPlanInput, g.GeoJSONType())
		}
	}
	if req.At != nil {
		out.At = &orb.Point{req.At[1], req.At[0]}
	}
	if req.SeaSide != "" && req.SeaSide != "left" && req.SeaSide != "right" {
		return out, fmt.Errorf("%w: sea_side %q: want left or right (of the coastline's direction)", errPlanInput, req.SeaSide)
	}
	out.SeaSide = req.SeaSide
	if req.Land != nil {
		land, ok := req.Land.Geometry().(orb.Polygon)
		if !ok {
			return out, fmt.Errorf("%w: land is a %s: want a Polygon", errPlanInput, req.Land.Geometry().GeoJSONType())
		}
		out.Land = land
	}
	return out, nil
}
