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

	"skerry/gcs"
	"skerry/mission"
	"skerry/mission/planfile"
	"skerry/mission/planner"
)

// planFlags are the flags of `skerry plan`.
type planFlags struct {
	operationFlags
	coast, port, area, feature, land, at    string
	exclude                                 listFlag
	out, name, home                         string
	altitude, speed, margin, offset, length float64
	radius, turns, spacing, heading, angle  float64
	sideOverlap, frontOverlap, focal        float64
	sensor, image, seaSide                  string
	loop, clockwise                         bool
	legs, sectors, laps, drones             int
	altStep                                 float64
}

func (f *planFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.coast, "coast", "", "GeoJSON file with the coastline (a LineString or MultiLineString; --feature picks one by name)")
	fs.StringVar(&f.port, "port", "", "GeoJSON file with the port polygon")
	fs.StringVar(&f.area, "area", "", "GeoJSON file with the area polygon (holes and islands allowed)")
	fs.StringVar(&f.feature, "feature", "", "name, role or kind property of the feature to use in the input file (default: the first that fits); any file flag also takes FILE#NAME")
	fs.StringVar(&f.land, "land", "", "GeoJSON land polygon deciding the sea side of a coastline")
	fs.StringVar(&f.at, "at", "", "datum or centre as LAT,LON (decimal degrees)")
	f.operationFlags.register(fs) // the operation the plan is made inside and checked against
	fs.Var(&f.exclude, "exclude", "GeoJSON file of extra polygons to stay out of, repeatable")
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
	if len(args) < 1 || !knownKind(args[0]) {
		fmt.Fprintf(e.stderr, "Usage: skerry plan KIND [flags]   (skerry plan KIND --help for the flags)\n\nKinds:\n")
		for _, k := range gcs.PlanKinds {
			fmt.Fprintf(e.stderr, "  %-17s %s\n", k.Kind, k.What)
		}
		return errUsage
	}
	kind := gcs.PlanKind(args[0])
	fs, c := newFlagSet(e, "plan "+string(kind), "plan "+string(kind)+" [flags]")
	var f planFlags
	f.register(fs)
	fs.Usage = planUsage(e, fs, kind)
	if err := parse(fs, c, args[1:]); err != nil {
		return err
	}
	warnUnusedFlags(e, fs, kind)
	req, err := f.request(kind)
	if err != nil {
		return err
	}
	if req.Drones > 1 && f.out == "-" {
		return fmt.Errorf("--drones writes one file per drone: give --out FILE")
	}
	op, err := f.operation()
	if err != nil {
		return err
	}
	for _, p := range op.Problems() {
		fmt.Fprintf(e.stderr, "warning: profile %s does not hold, every plan is refused until it does: %s\n", op.ProfileName, p)
	}
	ops := &gcs.OperationStore{}
	ops.Set(op)
	res, err := (&gcs.Planning{Operation: ops}).Plan(req)
	printIssues(e.stderr, res.Issues)
	if err != nil {
		return err
	}
	for k, p := range res.Plans {
		printCheckSummary(e, res.Checks[k])
		setHome(p)
		out := f.out
		if len(res.Plans) > 1 {
			ext := filepath.Ext(f.out)
			out = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(f.out, ext), k+1, ext)
		}
		if err := writePlanFile(e, out, p); err != nil {
			return err
		}
	}
	return nil
}

func knownKind(k string) bool {
	for _, pk := range gcs.PlanKinds {
		if string(pk.Kind) == k {
			return true
		}
	}
	return false
}

// printCheckSummary says on stderr how the plan fares under the operation
// it was made in (skerry check prints the whole report).
func printCheckSummary(e *env, chk gcs.CheckResult) {
	errs := chk.Report.Errors()
	if len(errs) == 0 {
		fmt.Fprintf(e.stderr, "check under %s: lawful\n", chk.Operation.ProfileName)
		return
	}
	fmt.Fprintf(e.stderr, "check under %s: NOT lawful, %s:\n", chk.Operation.ProfileName, count(len(errs), "error"))
	for _, v := range errs {
		fmt.Fprintf(e.stderr, "  %s\n", v.String())
	}
}

// request gathers the planning request from the flags and input files.
func (f *planFlags) request(kind gcs.PlanKind) (gcs.PlanRequest, error) {
	req := gcs.PlanRequest{Kind: kind, Name: f.name, Altitude: f.altitude, Speed: f.speed, Margin: f.margin,
		Offset: f.offset, Length: f.length, SeaSide: f.seaSide, Loop: f.loop, Clockwise: f.clockwise, Laps: f.laps,
		Radius: f.radius, Turns: f.turns, Spacing: f.spacing, Legs: f.legs, Sectors: f.sectors, Heading: f.heading,
		Angle: f.angle, SideOverlap: f.sideOverlap, FrontOverlap: f.frontOverlap, Drones: f.drones, AltitudeStep: f.altStep}
	var err error
	if req.Home, err = f.parseHome(); err != nil {
		return req, err
	}
	for _, path := range f.exclude {
		polys, err := readPolygons(path, "")
		if err != nil {
			return req, err
		}
		req.Exclusions = append(req.Exclusions, polys...)
	}
	switch kind {
	case gcs.PlanCoast:
		if req.Line, err = readLine(f.coast, f.feature); err != nil {
			return req, err
		}
		if f.land != "" {
			land, err := readPolygons(f.land, "")
			if err != nil {
				return req, err
			}
			req.Land = land[0]
		}
	case gcs.PlanPerimeter, gcs.PlanSurvey, gcs.PlanCreepingLine:
		file := f.area
		if kind == gcs.PlanPerimeter {
			file = f.port
		}
		polys, err := readPolygons(file, f.feature)
		if err != nil {
			return req, err
		}
		req.Polygon = polys[0]
		if kind == gcs.PlanSurvey {
			cam, err := f.camera()
			if err != nil {
				return req, err
			}
			req.Camera = &cam
		}
	default:
		at, err := parseLatLon(f.at)
		if err != nil {
			return req, err
		}
		req.At = &at
	}
	return req, nil
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
	fmt.Fprintf(e.stdout, "wrote %s: %s, %s, %s\n", path, count(len(plan.Mission), "mission item"), count(len(plan.Fence.Zones), "fence zone"), count(len(plan.Rally), "rally point"))
	return nil
}

// parseHome reads --home LAT,LON[,AMSL] (nil when not given).
func (f *planFlags) parseHome() (*mission.Position, error) {
	if f.home == "" {
		return nil, nil
	}
	parts := strings.Split(f.home, ",")
	at, err := parseLatLon(strings.Join(parts[:min(2, len(parts))], ","))
	if err != nil {
		return nil, fmt.Errorf("--home: %w", err)
	}
	alt := 0.0
	if len(parts) == 3 {
		if alt, err = strconv.ParseFloat(parts[2], 64); err != nil {
			return nil, fmt.Errorf("--home %q: bad altitude", f.home)
		}
	}
	h := mission.At(at[1], at[0], mission.Altitude{M: alt, Ref: mission.AltAMSL})
	return &h, nil
}

// setHome gives a plan without a home (no --home) the first point of its
// mission at sea level: the vehicle sets its real home when it arms.
func setHome(p *mission.Plan) {
	if p.Home != nil {
		return
	}
	for _, it := range p.Mission {
		if pos, ok := mission.PositionOf(it); ok {
			h := mission.At(pos.Lat(), pos.Lon(), mission.Altitude{M: 0, Ref: mission.AltAMSL})
			p.Home = &h
			return
		}
	}
}
