package planner

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/local"
)

// FleetOptions says how work is shared among drones.
type FleetOptions struct {
	// Drones is the number of drones, ≥ 1.
	Drones int
	// AltitudeStep separates the drones' heights: drone k flies at the
	// base altitude + k·AltitudeStep metres (default 10).
	AltitudeStep float64
}

func (f FleetOptions) check() (FleetOptions, error) {
	if f.Drones < 1 {
		return f, fmt.Errorf("%w: fleet needs at least one drone", ErrInput)
	}
	if f.AltitudeStep == 0 {
		f.AltitudeStep = 10
	}
	return f, nil
}

// FleetSplitSurvey shares a survey of area among fleet.Drones drones: the
// free area is cut by lines parallel to the survey lines into cells of
// equal area (each cut found by bisection on the area of the part before
// it), and each drone surveys its own cell at its own height. Cells do not
// overlap and transits stay in their cell, so tracks never cross. Line
// spacing and trigger distance are those of the base (lowest) altitude for
// every drone: higher drones get more overlap, never less.
func FleetSplitSurvey(area orb.Polygon, opt SurveyOptions, fleet FleetOptions) ([]*mission.Plan, mission.Issues, error) {
	fleet, err := fleet.check()
	if err != nil {
		return nil, nil, err
	}
	if len(area) == 0 || len(area[0]) < 4 {
		return nil, nil, fmt.Errorf("%w: survey area needs a closed ring", ErrInput)
	}
	cc, err := surveyCalc(&opt)
	if err != nil {
		return nil, nil, err
	}
	b0, err := newBuilder(opt.Common, area[0], 1000)
	if err != nil {
		return nil, nil, err
	}
	region, err := intersection([]polyRings{b0.proj.Polygon(area)}, b0.area)
	if err != nil {
		return nil, nil, err
	}
	cells, err := equalStrips(region, heading(opt.Angle).Perp(), fleet.Drones)
	if err != nil {
		return nil, nil, err
	}
	var plans []*mission.Plan
	var issues mission.Issues
	base := opt.Common.withDefaults().Altitude
	for k, cell := range cells {
		o := opt
		o.Altitude = base + float64(k)*fleet.AltitudeStep
		o.Spacing = cc.Spacing
		p, is, err := surveyCell(area, cell, o, cc)
		if err != nil {
			return nil, nil, fmt.Errorf("drone %d: %w", k, err)
		}
		p.Name = fmt.Sprintf("%s %d/%d", p.Name, k+1, fleet.Drones)
		plans = append(plans, p)
		issues = append(issues, is...)
	}
	return plans, issues, nil
}

// surveyCell surveys one cell (in the projection of area's builder).
func surveyCell(area orb.Polygon, cell []polyRings, opt SurveyOptions, cc CameraCalc) (*mission.Plan, mission.Issues, error) {
	b, err := newBuilder(opt.Common, area[0], 1000)
	if err != nil {
		return nil, nil, err
	}
	if err := b.restrict(cell); err != nil {
		return nil, nil, err
	}
	st, err := b.surveyRoute(opt, cc)
	if err != nil {
		return nil, nil, err
	}
	p, err := b.plan("survey", st, b.c.Altitude)
	return p, b.issues, err
}

// equalStrips cuts region by lines across axis v into n strips of equal
// area.
func equalStrips(region []polyRings, v vec, n int) ([][]polyRings, error) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range region {
		for _, q := range p[0] {
			lo, hi = math.Min(lo, q.Dot(v)), math.Max(hi, q.Dot(v))
		}
	}
	total := areaOf(region)
	if total <= 0 {
		return nil, fmt.Errorf("%w: empty area", ErrInput)
	}
	cuts := []float64{lo - 1}
	for k := 1; k < n; k++ {
		a, c := cuts[k-1], hi
		for it := 0; it < 40 && c-a > 0.01; it++ {
			m := (a + c) / 2
			part, err := strip(region, v, lo-1, m)
			if err != nil {
				return nil, err
			}
			if areaOf(part) < total*float64(k)/float64(n) {
				a = m
			} else {
				c = m
			}
		}
		cuts = append(cuts, (a+c)/2)
	}
	cuts = append(cuts, hi+1)
	var cells [][]polyRings
	for k := 0; k < n; k++ {
		c, err := strip(region, v, cuts[k], cuts[k+1])
		if err != nil {
			return nil, err
		}
		cells = append(cells, c)
	}
	return cells, nil
}

// strip returns the part of region with c0 ≤ p·v ≤ c1.
func strip(region []polyRings, v vec, c0, c1 float64) ([]polyRings, error) {
	u := v.Perp().Scale(-1)
	var big float64
	for _, p := range region {
		for _, q := range p[0] {
			big = math.Max(big, q.Norm())
		}
	}
	big = 2*big + 1000
	box := []vec{v.Scale(c0).Add(u.Scale(-big)), v.Scale(c0).Add(u.Scale(big)), v.Scale(c1).Add(u.Scale(big)), v.Scale(c1).Add(u.Scale(-big))}
	if local.RingArea(box) < 0 {
		box = reversed(box)
	}
	return intersection(region, []polyRings{{box}})
}

// areaOf sums the areas of polygons with holes.
func areaOf(ps []polyRings) float64 {
	var a float64
	for _, p := range ps {
		for i, r := range p {
			if i == 0 {
				a += math.Abs(local.RingArea(r))
			} else {
				a -= math.Abs(local.RingArea(r))
			}
		}
	}
	return a
}

// FleetSplitCoast shares a coastline patrol among fleet.Drones drones: the
// offset line is cut into stretches of equal length and each drone flies
// its stretch there and back at its own height.
func FleetSplitCoast(coast orb.LineString, opt CoastOptions, fleet FleetOptions) ([]*mission.Plan, mission.Issues, error) {
	fleet, err := fleet.check()
	if err != nil {
		return nil, nil, err
	}
	opt = opt.withDefaults()
	base := opt.Common.withDefaults().Altitude
	var plans []*mission.Plan
	var issues mission.Issues
	for k := 0; k < fleet.Drones; k++ {
		o := opt
		o.Altitude = base + float64(k)*fleet.AltitudeStep
		b, _, _, out, err := coastBase(coast, o)
		if err != nil {
			return nil, nil, err
		}
		l := pathLength(out)
		part := resample(cut(out, l*float64(k)/float64(fleet.Drones), l*float64(k+1)/float64(fleet.Drones)), o.Spacing)
		path := b.safe(append(part, reversed(part)[1:]...), fmt.Sprintf("stretch %d", k+1))
		p, err := b.plan(fmt.Sprintf("coastline patrol %d/%d", k+1, fleet.Drones), steps(path), o.Altitude)
		if err != nil {
			return nil, nil, fmt.Errorf("drone %d: %w", k, err)
		}
		plans = append(plans, p)
		issues = append(issues, b.issues...)
	}
	return plans, issues, nil
}
