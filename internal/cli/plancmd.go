package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/planfile"
	"skerry/mission/planner"
	"skerry/mission/profile"
)

// planKinds lists the planners `skerry plan` offers.
var planKinds = map[string]string{
	"coast":            "a patrol along a coastline at an offset out to sea (--coast FILE)",
	"perimeter":        "a patrol around a port polygon at an offset (--port FILE)",
	"survey":           "lawnmower lines over an area from the camera footprint (--area FILE)",
	"orbit":            "circles over a point (--at LAT,LON)",
	"expanding-square": "IAMSAR expanding square search from a datum (--at LAT,LON)",
	"sector":           "IAMSAR sector search from a datum (--at LAT,LON)",
	"creeping-line":    "IAMSAR creeping line search over an area (--area FILE)",
}

// planFlags are the flags of `skerry plan`.
type planFlags struct {
	coast, port, area, feature, land, opArea, at string
	zones, exclude                               listFlag
	auth, profileName, out, name, home           string
	altitude, speed, margin, offset, length      float64
	radius, turns, spacing, heading, angle       float64
	sideOverlap, frontOverlap, focal             float64
	sensor, image, seaSide                       string
	loop, clockwise                              bool
	legs, sectors, laps, drones                  int
	altStep                                      float64
}

func (f *planFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.coast, "coast", "", "GeoJSON file with the coastline (a LineString or MultiLineString; --feature picks one by name)")
	fs.StringVar(&f.port, "port", "", "GeoJSON file with the port polygon")
	fs.StringVar(&f.area, "area", "", "GeoJSON file with the area polygon (holes and islands allowed)")
	fs.StringVar(&f.feature, "feature", "", "name, role or kind property of the feature to use in the input file (default: the first that fits); any file flag also takes FILE#NAME")
	fs.StringVar(&f.land, "land", "", "GeoJSON land polygon deciding the sea side of a coastline")
	fs.StringVar(&f.opArea, "operation-area", "", "GeoJSON polygon the route must stay inside")
	fs.StringVar(&f.at, "at", "", "datum or centre as LAT,LON (decimal degrees)")
	fs.Var(&f.zones, "zones", "official zone file (ED-269, ED-318, GeoJSON, KML), repeatable: its exclusion zones are avoided and fenced")
	fs.Var(&f.exclude, "exclude", "GeoJSON file of extra polygons to stay out of, repeatable")
	fs.StringVar(&f.auth, "authorisations", "", "comma-separated zone IDs or authority names the operation holds an authorisation from")
	fs.StringVar(&f.profileName, "profile", "state", "regulation profile whose maximum height caps the plan: "+strings.Join(profile.Names(), ", "))
	fs.StringVar(&f.out, "out", "-", "output file: .plan, .waypoints or .geojson (- = QGroundControl .plan on stdout)")
	fs.StringVar(&f.name, "name", "", "plan name")
	fs.StringVar(&f.home, "home", "", "planned home LAT,LON[,AMSL] (default: the take-off point at sea level)")
	fs.Float64Var(&f.altitude, "altitude", 60, "cruise height above home, metres")
	fs.Float64Var(&f.speed, "speed", 10, "cruise speed, m/s")
	fs.Float64Var(&f.margin, "margin", 20, "clearance kept from every exclusion zone, metres")
	fs.Float64Var(&f.offset, "offset", 0, "distance out to sea (coast, default 300 m) or outside the port (perimeter, default 150 m)")
	fs.Float64Var(&f.length, "length", 0, "coast: patrolled length in metres (0 = the whole coastline)")
	fs.StringVar(&f.seaSide, "sea-side", "left", "coast without --land: the sea's side looking along the line, left or right")
	fs.IntVar(&f.drones, "drones", 1, "coast and survey: share the route or area among N drones (separate sectors and heights; files OUT-1, OUT-2, ...)")
	fs.Float64Var(&f.altStep, "altitude-step", 10, "with --drones: height between the drones' levels, metres")
	fs.BoolVar(&f.loop, "loop", false, "coast: come back on a second line farther out instead of the same line")
	fs.BoolVar(&f.clockwise, "clockwise", false, "perimeter: fly clockwise")
	fs.IntVar(&f.laps, "laps", 1, "perimeter: circuits")
	fs.Float64Var(&f.radius, "radius", 0, fmt.Sprintf("orbit radius (default %g) / sector search radius (default %g), metres", planner.DefaultOrbitRadius, planner.DefaultSectorRadius))
	fs.Float64Var(&f.turns, "turns", 0, fmt.Sprintf("orbit turns (default %g)", planner.DefaultOrbitTurns))
	fs.Float64Var(&f.spacing, "spacing", 0, "search track spacing, metres (survey: overrides the camera's)")
	fs.IntVar(&f.legs, "legs", 0, fmt.Sprintf("expanding square legs (default %d)", planner.DefaultSquareLegs))
	fs.IntVar(&f.sectors, "sectors", 0, fmt.Sprintf("sector search triangles (default %d)", planner.DefaultSectors))
	fs.Float64Var(&f.heading, "heading", 0, "first search heading, degrees true")
	fs.Float64Var(&f.angle, "angle", 0, "survey line angle, degrees from north")
	fs.StringVar(&f.sensor, "sensor", "13.2x8.8", "survey camera sensor WxH, millimetres")
	fs.StringVar(&f.image, "image", "5472x3648", "survey camera image WxH, pixels")
	fs.Float64Var(&f.focal, "focal", 8.8, "survey camera focal length, millimetres")
	fs.Float64Var(&f.sideOverlap, "side-overlap", 0.7, "survey side overlap (0–1)")
	fs.Float64Var(&f.frontOverlap, "front-overlap", 0.8, "survey front overlap (0–1)")
}

func runPlan(_ context.Context, e *env, args []string) error {
	if len(args) < 1 || planKinds[args[0]] == "" {
		fmt.Fprintf(e.stderr, "Usage: skerry plan KIND [flags]   (skerry plan KIND --help for the flags)\n\nKinds:\n")
		for _, k := range []string{"coast", "perimeter", "survey", "orbit", "expanding-square", "sector", "creeping-line"} {
			fmt.Fprintf(e.stderr, "  %-17s %s\n", k, planKinds[k])
		}
		return errUsage
	}
	kind := args[0]
	fs, c := newFlagSet(e, "plan "+kind, "plan "+kind+" [flags]")
	var f planFlags
	f.register(fs)
	if err := parse(fs, c, args[1:]); err != nil {
		return err
	}
	common, err := f.common()
	if err != nil {
		return err
	}
	if f.drones > 1 {
		return f.fleet(e, kind, common)
	}
	plan, issues, err := f.build(kind, common)
	printIssues(e.stderr, issues)
	if err != nil {
		return err
	}
	if err := f.setHome(plan); err != nil {
		return err
	}
	return writePlanFile(e, f.out, plan)
}

// common gathers the options every planner shares.
func (f *planFlags) common() (planner.Common, error) {
	p, err := profile.Get(f.profileName)
	if err != nil {
		return planner.Common{}, err
	}
	c := planner.Common{Name: f.name, Altitude: f.altitude, Speed: f.speed, Margin: f.margin, MaxAltitude: p.MaxHeight}
	zones, issues, err := readZoneFiles(f.zones)
	if err != nil {
		return c, fmt.Errorf("%w (%d issues)", err, len(issues))
	}
	c.Exclusions = airspace.Exclusions(zones, airspace.Operation{Authorisations: splitList(f.auth)})
	for _, path := range f.exclude {
		polys, err := readPolygons(path, "")
		if err != nil {
			return c, err
		}
		c.Exclusions = append(c.Exclusions, polys...)
	}
	if f.opArea != "" {
		polys, err := readPolygons(f.opArea, "")
		if err != nil {
			return c, err
		}
		c.Area = polys[0]
	}
	return c, nil
}

// build runs the planner of kind.
func (f *planFlags) build(kind string, c planner.Common) (*mission.Plan, mission.Issues, error) {
	switch kind {
	case "coast":
		return f.coastPlan(c)
	case "perimeter":
		polys, err := readPolygons(f.port, f.feature)
		if err != nil {
			return nil, nil, err
		}
		return planner.PortPerimeter(polys[0], planner.PerimeterOptions{Common: c, Offset: f.offset, Clockwise: f.clockwise, Laps: f.laps})
	case "survey":
		area, opt, err := f.surveyInput(c)
		if err != nil {
			return nil, nil, err
		}
		return planner.Survey(area, opt)
	case "creeping-line":
		polys, err := readPolygons(f.area, f.feature)
		if err != nil {
			return nil, nil, err
		}
		return planner.CreepingLineArea(polys[0], planner.CreepingOptions{Common: c, Spacing: f.spacing})
	}
	at, err := parseLatLon(f.at)
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case "orbit":
		return planner.Orbit(at, planner.OrbitOptions{Common: c, Radius: f.radius, Turns: f.turns})
	case "expanding-square":
		return planner.ExpandingSquare(at, planner.SquareOptions{Common: c, Spacing: f.spacing, Legs: f.legs, Heading: f.heading})
	}
	return planner.SectorSearch(at, planner.SectorOptions{Common: c, Radius: f.radius, Sectors: f.sectors, Heading: f.heading})
}

func (f *planFlags) coastPlan(c planner.Common) (*mission.Plan, mission.Issues, error) {
	coast, opt, err := f.coastInput(c)
	if err != nil {
		return nil, nil, err
	}
	return planner.CoastlinePatrol(coast, opt)
}

// coastInput reads the coastline and gathers the coast options.
func (f *planFlags) coastInput(c planner.Common) (orb.LineString, planner.CoastOptions, error) {
	opt := planner.CoastOptions{Common: c, Offset: f.offset, Length: f.length, SeaSide: planner.SideLeft}
	coast, err := readLine(f.coast, f.feature)
	if err != nil {
		return nil, opt, err
	}
	if f.seaSide == "right" {
		opt.SeaSide = planner.SideRight
	}
	if f.loop {
		opt.Pattern = planner.Loop
	}
	if f.land != "" {
		land, err := readPolygons(f.land, "")
		if err != nil {
			return nil, opt, err
		}
		opt.Land = land[0]
	}
	return coast, opt, nil
}

// surveyInput reads the survey area and gathers the survey options.
func (f *planFlags) surveyInput(c planner.Common) (orb.Polygon, planner.SurveyOptions, error) {
	opt := planner.SurveyOptions{Common: c, SideOverlap: f.sideOverlap, FrontOverlap: f.frontOverlap, Angle: f.angle, Spacing: f.spacing}
	polys, err := readPolygons(f.area, f.feature)
	if err != nil {
		return nil, opt, err
	}
	if opt.Camera, err = f.camera(); err != nil {
		return nil, opt, err
	}
	return polys[0], opt, nil
}

func (f *planFlags) camera() (planner.Camera, error) {
	sw, sh, err1 := pair(f.sensor)
	iw, ih, err2 := pair(f.image)
	if err1 != nil || err2 != nil {
		return planner.Camera{}, fmt.Errorf("--sensor and --image are WxH, e.g. 13.2x8.8 and 5472x3648")
	}
	return planner.Camera{SensorWidthMM: sw, SensorHeightMM: sh, ImageWidthPx: int(iw), ImageHeightPx: int(ih), FocalMM: f.focal}, nil
}

func pair(s string) (float64, float64, error) {
	a, b, ok := strings.Cut(strings.ToLower(s), "x")
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("%q is not WxH", s)
	}
	return x, y, nil
}

func parseLatLon(s string) (orb.Point, error) {
	lat, lon, err := pair(strings.Replace(s, ",", "x", 1))
	if err != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return orb.Point{}, fmt.Errorf("--at %q: want LAT,LON in decimal degrees", s)
	}
	return orb.Point{lon, lat}, nil
}

// writePlanFile writes plan in the format its name says.
func writePlanFile(e *env, path string, plan *mission.Plan) error {
	var buf bytes.Buffer
	issues, err := planfile.WritePlan(&buf, planfile.PlanFormatOfName(path), plan)
	printIssues(e.stderr, issues)
	if err != nil {
		return err
	}
	if path == "-" {
		_, err = e.stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d mission items, %d fence zones, %d rally points\n", path, len(plan.Mission), len(plan.Fence.Zones), len(plan.Rally))
	return nil
}

// setHome gives the plan its planned home: --home, or the first point of
// the mission at sea level (the vehicle sets its real home when it arms).
func (f *planFlags) setHome(p *mission.Plan) error {
	if f.home != "" {
		parts := strings.Split(f.home, ",")
		at, err := parseLatLon(strings.Join(parts[:min(2, len(parts))], ","))
		if err != nil {
			return fmt.Errorf("--home: %w", err)
		}
		alt := 0.0
		if len(parts) == 3 {
			if alt, err = strconv.ParseFloat(parts[2], 64); err != nil {
				return fmt.Errorf("--home %q: bad altitude", f.home)
			}
		}
		h := mission.At(at[1], at[0], mission.Altitude{M: alt, Ref: mission.AltAMSL})
		p.Home = &h
		return nil
	}
	if p.Home != nil {
		return nil
	}
	for _, it := range p.Mission {
		if pos, ok := mission.PositionOf(it); ok {
			h := mission.At(pos.Lat(), pos.Lon(), mission.Altitude{M: 0, Ref: mission.AltAMSL})
			p.Home = &h
			return nil
		}
	}
	return nil
}

// fleet shares a coast or survey among --drones drones and writes one plan
// file each.
func (f *planFlags) fleet(e *env, kind string, c planner.Common) error {
	fo := planner.FleetOptions{Drones: f.drones, AltitudeStep: f.altStep}
	var plans []*mission.Plan
	var issues mission.Issues
	var err error
	switch kind {
	case "coast":
		coast, opt, ierr := f.coastInput(c)
		if ierr != nil {
			return ierr
		}
		plans, issues, err = planner.FleetSplitCoast(coast, opt, fo)
	case "survey":
		area, opt, ierr := f.surveyInput(c)
		if ierr != nil {
			return ierr
		}
		plans, issues, err = planner.FleetSplitSurvey(area, opt, fo)
	default:
		return fmt.Errorf("--drones: only coast and survey plans are shared among drones")
	}
	printIssues(e.stderr, issues)
	if err != nil {
		return err
	}
	if f.out == "-" {
		return fmt.Errorf("--drones writes one file per drone: give --out FILE")
	}
	ext := filepath.Ext(f.out)
	for k, p := range plans {
		if err := f.setHome(p); err != nil {
			return err
		}
		if err := writePlanFile(e, fmt.Sprintf("%s-%d%s", strings.TrimSuffix(f.out, ext), k+1, ext), p); err != nil {
			return err
		}
	}
	return nil
}
