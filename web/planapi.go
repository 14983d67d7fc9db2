package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/planfile"
	"skerry/mission/planner"
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
	Camera       *planner.Camera   `json:"camera"`
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

// surveyCoverage computes what the survey planner computes from the
// camera, with its defaults (60 m, overlaps 0.7 and 0.8); nil when the
// request is not a survey or its camera is unusable.
func surveyCoverage(kind string, req planRequest) *coverageJSON {
	if kind != "survey" || req.Camera == nil {
		return nil
	}
	side, front := orZero(req.SideOverlap, 0.7), orZero(req.FrontOverlap, 0.8)
	cc, err := req.Camera.Calc(orZero(req.Altitude, 60), side, front)
	if err != nil {
		return nil
	}
	if req.Spacing > 0 {
		cc.Spacing = req.Spacing
	}
	return &coverageJSON{GSD: cc.GSD, FootprintSide: cc.FootprintSide, FootprintFront: cc.FootprintFront,
		Spacing: cc.Spacing, Trigger: cc.Trigger, SideOverlap: side, FrontOverlap: front}
}

// maxPlanRequest bounds a planning request (a coastline can be long).
const maxPlanRequest = 4 << 20

// postPlan runs a planner inside the active operation: its zones are
// avoided with the margin, its area kept, its profile's height cap kept;
// the plan comes back checked.
func (s *Server) postPlan(w http.ResponseWriter, r *http.Request) {
	op := s.Operation.Get()
	if op == nil {
		s.writeError(w, http.StatusNotFound, "no operation is set")
		return
	}
	var req planRequest
	s2 := *s
	s2.MaxBody = maxPlanRequest
	if err := s2.decode(w, r, &req); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	c := planner.Common{Name: req.Name, Altitude: req.Altitude, Speed: req.Speed, Margin: req.Margin,
		MaxAltitude: op.Profile.MaxHeight, Area: op.Area,
		Exclusions: airspace.Exclusions(op.Zones, airspace.Operation{Authorisations: op.Authorisations})}
	plan, issues, err := runPlanner(r.PathValue("kind"), req, c)
	if err != nil {
		s.writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error(), "issues": issuesJSON(issues)})
		return
	}
	var buf bytes.Buffer
	more, err := planfile.WriteGeoJSONPlan(&buf, plan)
	if err != nil {
		s.writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	check, notes := s.checkFor(op, plan, req.Vehicle)
	issues = append(append(issues, more...), notes...)
	s.writeJSON(w, http.StatusOK, planReply{Plan: buf.Bytes(), Issues: issuesJSON(issues), Check: check,
		Coverage: surveyCoverage(r.PathValue("kind"), req)})
}

var errPlanInput = errors.New("bad planning request")

func runPlanner(kind string, req planRequest, c planner.Common) (*mission.Plan, mission.Issues, error) {
	var g orb.Geometry
	if req.Geometry != nil {
		g = req.Geometry.Geometry()
	}
	switch kind {
	case "coast":
		line, ok := g.(orb.LineString)
		if !ok {
			return nil, nil, fmt.Errorf("%w: coast needs a LineString geometry", errPlanInput)
		}
		opt := planner.CoastOptions{Common: c, Offset: req.Offset, Length: req.Length}
		switch req.SeaSide {
		case "", "left":
			opt.SeaSide = planner.SideLeft
		case "right":
			opt.SeaSide = planner.SideRight
		default:
			return nil, nil, fmt.Errorf("%w: sea_side %q: want left or right (of the coastline's direction)", errPlanInput, req.SeaSide)
		}
		if req.Loop {
			opt.Pattern = planner.Loop
		}
		if req.Land != nil {
			if land, ok := req.Land.Geometry().(orb.Polygon); ok {
				opt.Land = land
			}
		}
		return planner.CoastlinePatrol(line, opt)
	case "perimeter", "survey", "creeping-line":
		poly, ok := g.(orb.Polygon)
		if !ok {
			return nil, nil, fmt.Errorf("%w: %s needs a Polygon geometry", errPlanInput, kind)
		}
		switch kind {
		case "perimeter":
			return planner.PortPerimeter(poly, planner.PerimeterOptions{Common: c, Offset: req.Offset, Clockwise: req.Clockwise, Laps: req.Laps})
		case "creeping-line":
			return planner.CreepingLineArea(poly, planner.CreepingOptions{Common: c, Spacing: req.Spacing})
		}
		if req.Camera == nil {
			return nil, nil, fmt.Errorf("%w: survey needs a camera", errPlanInput)
		}
		return planner.Survey(poly, planner.SurveyOptions{Common: c, Camera: *req.Camera, SideOverlap: req.SideOverlap, FrontOverlap: req.FrontOverlap, Angle: req.Angle, Spacing: req.Spacing})
	case "orbit", "expanding-square", "sector":
		if req.At == nil {
			return nil, nil, fmt.Errorf("%w: %s needs at: [lat, lon]", errPlanInput, kind)
		}
		at := orb.Point{req.At[1], req.At[0]}
		switch kind {
		case "orbit":
			return planner.Orbit(at, planner.OrbitOptions{Common: c, Radius: req.Radius, Turns: req.Turns})
		case "expanding-square":
			return planner.ExpandingSquare(at, planner.SquareOptions{Common: c, Spacing: req.Spacing, Legs: req.Legs, Heading: req.Heading})
		}
		return planner.SectorSearch(at, planner.SectorOptions{Common: c, Radius: req.Radius, Sectors: req.Sectors, Heading: req.Heading})
	}
	return nil, nil, fmt.Errorf("%w: unknown planner %q (coast, perimeter, survey, orbit, expanding-square, sector, creeping-line)", errPlanInput, kind)
}

func orZero(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}
