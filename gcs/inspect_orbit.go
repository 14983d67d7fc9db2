package gcs

import (
	"fmt"
	"math"
	"time"

	"skerry/mission"
	"skerry/mission/validate"
)

// Orbit defaults of an Inspector.
const (
	DefaultInspectRadius   = 150.0 // metres from the vessel
	DefaultInspectAltitude = 50.0  // metres above home
	DefaultInspectStep     = 50.0  // metres the radius widens by, per try
	// DefaultInspectMaxRadius is the widest orbit: from there a camera
	// still makes out a boat (well within DefaultMaxRange).
	DefaultInspectMaxRadius = 600.0
	DefaultInspectPoints    = 12
)

// Bounds of a pilot's orbit request.
const (
	MinInspectRadius   = 30.0
	MaxInspectRadius   = 1500.0
	MinInspectAltitude = 10.0
	MaxInspectAltitude = 300.0
)

// latLon is a point on the sea, in degrees.
type latLon struct{ Lat, Lon float64 }

// distanceM is the horizontal distance from a to b in metres (an
// equirectangular approximation: exact enough within tens of kilometres).
func distanceM(a, b latLon) float64 {
	n, e := northEast(a, b)
	return math.Hypot(n, e)
}

// northEast is b seen from a, metres north and east.
func northEast(a, b latLon) (north, east float64) {
	north = (b.Lat - a.Lat) * degToRad * earthRadius
	dLon := math.Remainder(b.Lon-a.Lon, 360)
	east = dLon * degToRad * earthRadius * math.Cos((a.Lat+b.Lat)/2*degToRad)
	return north, east
}

// bearingDeg is the bearing from a to b, degrees clockwise from north.
func bearingDeg(a, b latLon) float64 {
	n, e := northEast(a, b)
	return math.Mod(math.Atan2(e, n)/degToRad+360, 360)
}

// around is the point at distance r (metres) and bearing deg from c.
func around(c latLon, r, deg float64) latLon {
	lat, lon := offset(c.Lat, c.Lon, r*math.Cos(deg*degToRad), r*math.Sin(deg*degToRad))
	return latLon{lat, lon}
}

// reckon moves a vessel at p along course (degrees) at speed (m/s) for d.
// An unknown course or speed, or a speed that is not a boat's, stays put.
func reckon(p latLon, course, speed Reading, d time.Duration) latLon {
	if !course.Known() || !speed.Known() || speed <= 0 || speed > 40 || d <= 0 {
		return p
	}
	return around(p, float64(speed)*d.Seconds(), float64(course))
}

// orbitPoints are n points on the circle of radius r round c, clockwise,
// the first at bearing from.
func orbitPoints(c latLon, r, from float64, n int) []latLon {
	out := make([]latLon, n)
	for k := range n {
		out[k] = around(c, r, from+float64(k)*360/float64(n))
	}
	return out
}

// routeCheck checks that vehicle v may fly from where it is through pts
// at altitude alt (above home), as the commander checks a go-to: the
// operation's zones, area, profile and the fence the vehicle was given.
// It returns the errors (none: lawful). No operation: everything is lawful.
func (i *Inspector) routeCheck(v *Vehicle, pts []latLon, alt float64) []validate.Violation {
	op := i.lawOf()
	if op == nil || len(pts) == 0 {
		return nil
	}
	plan := orderRoute(v, Command{Kind: CmdGoTo, Lat: pts[0].Lat, Lon: pts[0].Lon, Altitude: alt})
	if plan == nil {
		return nil
	}
	for _, p := range pts[1:] {
		plan.Mission = append(plan.Mission, mission.Waypoint{Pos: mission.At(p.Lat, p.Lon, mission.Rel(alt)), Yaw: math.NaN()})
	}
	plan.Fence = i.Fleet.Fence(v.ID)
	r := op.CheckOrder(plan, v, i.now())
	if r.Lawful {
		return nil
	}
	errs := r.Errors()
	if len(errs) == 0 { // unlawful with no error listed: say so rather than pass
		errs = []validate.Violation{{Rule: "law", Message: "the order checks refused the route"}}
	}
	return errs
}

// orbitPlan is a lawful orbit for one vehicle, or why there is none.
type orbitPlan struct {
	Radius   float64
	Points   []latLon
	Widened  bool
	Problems []validate.Violation // when no radius works: the first radius's
}

// planOrbit finds the narrowest lawful orbit round vessel c for v, from
// radius r0 up to the inspector's widest, the route from v to the entry
// point (the orbit's point nearest v) and the whole ring checked.
func (i *Inspector) planOrbit(v *Vehicle, c latLon, r0, alt float64) orbitPlan {
	var first []validate.Violation
	maxR := max(r0, i.maxRadius())
	from := 0.0
	if v.HasPosition {
		from = bearingDeg(c, latLon{v.Position.Lat, v.Position.Lon})
	}
	for r := r0; r <= maxR+1e-6; r += i.step() {
		pts := orbitPoints(c, r, from, i.points())
		ring := append(append([]latLon(nil), pts...), pts[0])
		errs := i.routeCheck(v, ring, alt)
		if len(errs) == 0 {
			return orbitPlan{Radius: r, Points: pts, Widened: r > r0}
		}
		if first == nil {
			first = errs
		}
	}
	return orbitPlan{Radius: r0, Problems: first}
}

// violationTexts renders violations for the pilot.
func violationTexts(vs []validate.Violation) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		s := v.Rule + ": " + v.Message
		if v.Source != "" {
			s += " [" + v.Source + "]"
		}
		out = append(out, s)
	}
	return out
}

// checkOrbitRequest checks a pilot's radius and altitude (0: default).
func checkOrbitRequest(radius, alt float64) error {
	if radius != 0 && !(radius >= MinInspectRadius && radius <= MaxInspectRadius) {
		return fmt.Errorf("%w: orbit radius %v m is outside %.0f–%.0f m", ErrInvalidCommand, radius, MinInspectRadius, MaxInspectRadius)
	}
	if alt != 0 && !(alt >= MinInspectAltitude && alt <= MaxInspectAltitude) {
		return fmt.Errorf("%w: orbit altitude %v m is outside %.0f–%.0f m above home", ErrInvalidCommand, alt, MinInspectAltitude, MaxInspectAltitude)
	}
	return nil
}
