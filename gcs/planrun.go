package gcs

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/planner"
)

// PlanKind names a planner.
type PlanKind string

// The planners Planning.Plan runs.
const (
	PlanCoast           PlanKind = "coast"
	PlanPerimeter       PlanKind = "perimeter"
	PlanSurvey          PlanKind = "survey"
	PlanOrbit           PlanKind = "orbit"
	PlanExpandingSquare PlanKind = "expanding-square"
	PlanSector          PlanKind = "sector"
	PlanCreepingLine    PlanKind = "creeping-line"
)

// PlanKinds lists every planner with what it makes and what it needs, in
// the order front ends show them.
var PlanKinds = []struct {
	Kind PlanKind
	What string
}{
	{PlanCoast, "a patrol along a coastline at an offset out to sea (a coastline)"},
	{PlanPerimeter, "a patrol around a port polygon at an offset (a port polygon)"},
	{PlanSurvey, "lawnmower lines over an area from the camera footprint (an area and a camera)"},
	{PlanOrbit, "circles over a point (a centre)"},
	{PlanExpandingSquare, "IAMSAR expanding square search from a datum (a datum)"},
	{PlanSector, "IAMSAR sector search from a datum (a datum)"},
	{PlanCreepingLine, "IAMSAR creeping line search over an area (an area)"},
}

// ErrPlanRequest: a planning request lacks what its planner needs or asks
// for something no planner does.
var ErrPlanRequest = errors.New("bad planning request")

// PlanRequest asks for the plan of one planner. Zero values mean the
// planners' documented defaults (mission/planner's option structs), the
// same from every front end.
type PlanRequest struct {
	Kind PlanKind
	Name string
	// Line is the coastline (coast).
	Line orb.LineString
	// Polygon is the port (perimeter) or the area (survey, creeping-line).
	Polygon orb.Polygon
	// At is the centre or datum [lon, lat] (orbit, expanding-square,
	// sector).
	At *orb.Point
	// Land decides the sea side of a coastline; without it SeaSide does:
	// "left" (the default) or "right" of the line's direction.
	Land    orb.Polygon
	SeaSide string
	// Loop (coast) comes back on a second line farther out.
	Loop bool

	Altitude, Speed, Margin float64
	// Offset: out to sea (coast) or outside the port (perimeter).
	Offset    float64
	Length    float64 // coast: patrolled length, 0 the whole coastline
	Clockwise bool    // perimeter
	Laps      int     // perimeter
	Radius    float64 // orbit, sector
	Turns     float64 // orbit
	Spacing   float64 // survey (overrides the camera's), square, creeping line
	Legs      int     // expanding square
	Sectors   int     // sector
	Heading   float64 // square, sector: first heading, degrees true
	Angle     float64 // survey line angle, degrees from north

	// Camera is the survey camera (survey: required).
	Camera                    *Camera
	SideOverlap, FrontOverlap float64

	// Drones > 1 shares a coast or a survey among that many drones, one
	// plan each, AltitudeStep metres apart in height.
	Drones       int
	AltitudeStep float64

	// Home, when set, is the planned home every plan gets, and is
	// checked from (nil: none; a plan alone is checked from its first
	// position).
	Home *mission.Position
	// Exclusions are polygons to stay out of besides the operation's
	// zones (the operation's own are always avoided).
	Exclusions []orb.Polygon
	// Vehicle, when set, is the vehicle the plans are checked for.
	Vehicle VehicleID
}

// Camera is a survey camera (the planner's, which front ends reach
// through the core).
type Camera = planner.Camera

// Coverage is a survey camera's geometry at the plan's height.
type Coverage = planner.Coverage

// PlanResult is what a planner made, each plan checked.
type PlanResult struct {
	Plans  []*mission.Plan
	Checks []CheckResult // one per plan
	// Issues say what the planner had to change (route shortened, legs
	// bent) and what the checks could not do as asked.
	Issues mission.Issues
	// Coverage is a survey camera's geometry at the plan's height.
	Coverage *Coverage
}

// Plan runs the planner req asks for inside the active operation — its
// zones avoided with the margin (authorised ones aside), its area kept,
// the profile's height cap kept — and checks every plan it makes, for
// req.Vehicle when set.
func (p *Planning) Plan(req PlanRequest) (PlanResult, error) {
	op := p.Operation.Get()
	if op == nil {
		return PlanResult{}, ErrNoOperation
	}
	c := planner.Common{Name: req.Name, Altitude: req.Altitude, Speed: req.Speed, Margin: req.Margin,
		MaxAltitude: op.Profile.MaxHeight, Area: op.Area,
		Exclusions: append(airspace.Exclusions(op.Zones, airspace.Operation{Authorisations: op.Authorisations}), req.Exclusions...)}
	var res PlanResult
	var err error
	if req.Drones > 1 {
		res.Plans, res.Issues, err = runFleetPlanner(req, c)
	} else {
		var plan *mission.Plan
		plan, res.Issues, err = runPlanner(req, c)
		if plan != nil {
			res.Plans = []*mission.Plan{plan}
		}
	}
	if err != nil {
		return res, err
	}
	res.Coverage = coverage(req)
	for _, plan := range res.Plans {
		if req.Home != nil {
			h := *req.Home
			plan.Home = &h
		}
		chk, err := p.Check(plan, req.Vehicle)
		if err != nil {
			return res, err
		}
		res.Checks = append(res.Checks, chk)
		res.Issues = append(res.Issues, chk.Notes...)
	}
	return res, nil
}

// coverage is the survey camera's geometry, as the survey planner
// computes it with its defaults.
func coverage(req PlanRequest) *Coverage {
	if req.Kind != PlanSurvey || req.Camera == nil {
		return nil
	}
	opt, err := surveyOptions(req, planner.Common{Altitude: req.Altitude})
	if err != nil {
		return nil
	}
	cc, err := planner.SurveyCoverage(opt)
	if err != nil {
		return nil
	}
	return &cc
}

// runPlanner dispatches to the planner of req.Kind.
func runPlanner(req PlanRequest, c planner.Common) (*mission.Plan, mission.Issues, error) {
	switch req.Kind {
	case PlanCoast:
		opt, err := coastOptions(req, c)
		if err != nil {
			return nil, nil, err
		}
		return planner.CoastlinePatrol(req.Line, opt)
	case PlanPerimeter, PlanSurvey, PlanCreepingLine:
		if len(req.Polygon) == 0 {
			return nil, nil, fmt.Errorf("%w: %s needs a Polygon", ErrPlanRequest, req.Kind)
		}
		switch req.Kind {
		case PlanPerimeter:
			return planner.PortPerimeter(req.Polygon, planner.PerimeterOptions{Common: c, Offset: req.Offset, Clockwise: req.Clockwise, Laps: req.Laps})
		case PlanCreepingLine:
			return planner.CreepingLineArea(req.Polygon, planner.CreepingOptions{Common: c, Spacing: req.Spacing})
		}
		opt, err := surveyOptions(req, c)
		if err != nil {
			return nil, nil, err
		}
		return planner.Survey(req.Polygon, opt)
	case PlanOrbit, PlanExpandingSquare, PlanSector:
		if req.At == nil {
			return nil, nil, fmt.Errorf("%w: %s needs a centre or datum", ErrPlanRequest, req.Kind)
		}
		switch req.Kind {
		case PlanOrbit:
			return planner.Orbit(*req.At, planner.OrbitOptions{Common: c, Radius: req.Radius, Turns: req.Turns})
		case PlanExpandingSquare:
			return planner.ExpandingSquare(*req.At, planner.SquareOptions{Common: c, Spacing: req.Spacing, Legs: req.Legs, Heading: req.Heading})
		}
		return planner.SectorSearch(*req.At, planner.SectorOptions{Common: c, Radius: req.Radius, Sectors: req.Sectors, Heading: req.Heading})
	}
	return nil, nil, fmt.Errorf("%w: unknown planner %q (%s)", ErrPlanRequest, req.Kind, kindNames())
}

// runFleetPlanner shares a coast or a survey among req.Drones drones.
func runFleetPlanner(req PlanRequest, c planner.Common) ([]*mission.Plan, mission.Issues, error) {
	fo := planner.FleetOptions{Drones: req.Drones, AltitudeStep: req.AltitudeStep}
	switch req.Kind {
	case PlanCoast:
		opt, err := coastOptions(req, c)
		if err != nil {
			return nil, nil, err
		}
		return planner.FleetSplitCoast(req.Line, opt, fo)
	case PlanSurvey:
		if len(req.Polygon) == 0 {
			return nil, nil, fmt.Errorf("%w: survey needs a Polygon", ErrPlanRequest)
		}
		opt, err := surveyOptions(req, c)
		if err != nil {
			return nil, nil, err
		}
		return planner.FleetSplitSurvey(req.Polygon, opt, fo)
	}
	return nil, nil, fmt.Errorf("%w: only coast and survey plans are shared among drones", ErrPlanRequest)
}

// coastOptions checks a coast request and gathers its options.
func coastOptions(req PlanRequest, c planner.Common) (planner.CoastOptions, error) {
	if len(req.Line) < 2 {
		return planner.CoastOptions{}, fmt.Errorf("%w: coast needs a coastline (a LineString)", ErrPlanRequest)
	}
	opt := planner.CoastOptions{Common: c, Offset: req.Offset, Length: req.Length, SeaSide: planner.SideLeft, Land: req.Land}
	switch req.SeaSide {
	case "", "left":
	case "right":
		opt.SeaSide = planner.SideRight
	default:
		return opt, fmt.Errorf("%w: sea side %q: want left or right (of the coastline's direction)", ErrPlanRequest, req.SeaSide)
	}
	if req.Loop {
		opt.Pattern = planner.Loop
	}
	return opt, nil
}

func surveyOptions(req PlanRequest, c planner.Common) (planner.SurveyOptions, error) {
	if req.Camera == nil {
		return planner.SurveyOptions{}, fmt.Errorf("%w: survey needs a camera", ErrPlanRequest)
	}
	return planner.SurveyOptions{Common: c, Camera: *req.Camera, SideOverlap: req.SideOverlap, FrontOverlap: req.FrontOverlap, Angle: req.Angle, Spacing: req.Spacing}, nil
}

func kindNames() string {
	s := ""
	for i, k := range PlanKinds {
		if i > 0 {
			s += ", "
		}
		s += string(k.Kind)
	}
	return s
}
