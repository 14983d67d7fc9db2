package planner

import (
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/local"
)

var bay = orb.Point{-5.40, 36.15}

// randomSurvey returns a concave area with holes and exclusion circles.
func randomSurvey(rng *rand.Rand) (orb.Polygon, []orb.Polygon) {
	pr := local.New(bay)
	area := orb.Polygon{starLL(rng, bay, 10+rng.Intn(20), 600, 2000)}
	for h := 0; h < rng.Intn(3); h++ {
		c := pr.Point(vec{X: -250 + 500*float64(h), Y: 150 * (rng.Float64() - 0.5)})
		hole := starLL(rng, c, 8, 60, 180)
		for i, j := 0, len(hole)-1; i < j; i, j = i+1, j-1 {
			hole[i], hole[j] = hole[j], hole[i]
		}
		area = append(area, hole)
	}
	var excl []orb.Polygon
	for k := 0; k < 1+rng.Intn(5); k++ {
		c := pr.Point(vec{X: 3000 * (rng.Float64() - 0.5), Y: 3000 * (rng.Float64() - 0.5)})
		excl = append(excl, orb.Polygon{circleLL(c, 50+150*rng.Float64())})
	}
	return area, excl
}

// surveyLegs returns the plan's legs in the plane of pr.
func surveyLegs(p *mission.Plan, pr local.Projection) [][2]vec {
	pos := flown(p)
	var out [][2]vec
	for i := 2; i < len(pos); i++ {
		out = append(out, [2]vec{pr.XY(pos[i-1].Point), pr.XY(pos[i].Point)})
	}
	return out
}

func TestSurveyProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 12; trial++ {
		area, excl := randomSurvey(rng)
		opt := SurveyOptions{Common: Common{Exclusions: excl, MaxAltitude: 120, Altitude: 100},
			Camera: Camera{SensorWidthMM: 13.2, SensorHeightMM: 8.8, ImageWidthPx: 5472, ImageHeightPx: 3648, FocalMM: 8.8},
			Angle:  rng.Float64() * 180}
		p, _, err := Survey(area, opt)
		require.NoError(t, err, "trial %d", trial)
		c := opt.Common
		c.Area = area // the survey stays inside its own area
		requireSafe(t, p, c)
		requireCovered(t, rng, p, area, excl, 45, 20)
	}
}

// requireCovered samples points of the area (minus holes, minus exclusion
// margins) and checks each is within spacing/2 + tol of a leg.
func requireCovered(t *testing.T, rng *rand.Rand, p *mission.Plan, area orb.Polygon, excl []orb.Polygon, spacing, margin float64) {
	t.Helper()
	pr := local.New(bay)
	rings := pr.Polygon(area)
	var ex [][]vec
	for _, e := range excl {
		ex = append(ex, pr.Ring(e[0]))
	}
	legs := surveyLegs(p, pr)
	worst := 0.0
	for n := 0; n < 400; {
		q := vec{X: 4000 * (rng.Float64() - 0.5), Y: 4000 * (rng.Float64() - 0.5)}
		if !local.InPolygon(rings, q) || nearAny(q, ex, margin+spacing) {
			continue
		}
		n++
		best := math.Inf(1)
		for _, l := range legs {
			best = math.Min(best, local.SegDist(q, l[0], l[1]))
		}
		worst = math.Max(worst, best)
	}
	t.Logf("coverage: worst sample %.1f m from a line (spacing %.0f m)", worst, spacing)
	require.LessOrEqual(t, worst, spacing/2+spacing/4, "a sample point is farther than spacing/2 + tolerance from every line")
}

// nearAny reports whether q is inside or within d of a ring.
func nearAny(q vec, rings [][]vec, d float64) bool {
	for _, r := range rings {
		if local.InRing(r, q) {
			return true
		}
		for i := range r {
			if local.SegDist(q, r[i], r[(i+1)%len(r)]) < d {
				return true
			}
		}
	}
	return false
}

// randomCoast returns a wiggly coastline of n km going north, sea on the
// right (east), and exclusion circles near the offset line.
func randomCoast(rng *rand.Rand, km float64, zones int, offset float64) (orb.LineString, []orb.Polygon) {
	pr := local.New(bay)
	var coast orb.LineString
	for y := 0.0; y <= km*1000; y += 100 {
		x := 400*math.Sin(y/900) + 150*math.Sin(y/230+1) + 40*(rng.Float64()-0.5)
		coast = append(coast, pr.Point(vec{X: x, Y: y}))
	}
	var excl []orb.Polygon
	for k := 0; k < zones; k++ {
		y := km * 1000 * (0.05 + 0.9*rng.Float64())
		x := 400*math.Sin(y/900) + 150*math.Sin(y/230+1) + offset + 300*(rng.Float64()-0.5)
		excl = append(excl, orb.Polygon{circleLL(pr.Point(vec{X: x, Y: y}), 40+120*rng.Float64())})
	}
	return coast, excl
}

func TestCoastProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for trial := 0; trial < 10; trial++ {
		coast, excl := randomCoast(rng, 6, 6, 300)
		pr := local.New(bay)
		// the operation area cuts off the outer bends of the route
		area := orb.Polygon{{pr.Point(vec{X: -3000, Y: -500}), pr.Point(vec{X: 650, Y: -500}), pr.Point(vec{X: 650, Y: 6500}), pr.Point(vec{X: -3000, Y: 6500}), pr.Point(vec{X: -3000, Y: -500})}}
		opt := CoastOptions{SeaSide: SideRight, Pattern: Pattern(trial % 2),
			Common: Common{Exclusions: excl, MaxAltitude: 120, Margin: 10 + 30*rng.Float64(), Area: area}}
		p, _, err := CoastlinePatrol(coast, opt)
		require.NoError(t, err, "trial %d", trial)
		requireSafe(t, p, opt.Common)
	}
}

func TestPerimeterProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for trial := 0; trial < 10; trial++ {
		port := orb.Polygon{starLL(rng, bay, 9, 300, 900)}
		_, excl := randomSurvey(rng)
		pr := local.New(bay)
		opArea := orb.Polygon{{pr.Point(vec{X: -1800, Y: -1800}), pr.Point(vec{X: 1800, Y: -1800}), pr.Point(vec{X: 1800, Y: 1500}), pr.Point(vec{X: -1800, Y: 1500}), pr.Point(vec{X: -1800, Y: -1800})}}
		opt := PerimeterOptions{Clockwise: trial%2 == 0, Offset: 100 + 200*rng.Float64(),
			Common: Common{Exclusions: excl, Area: opArea, MaxAltitude: 100}}
		p, _, err := PortPerimeter(port, opt)
		require.NoError(t, err, "trial %d", trial)
		requireSafe(t, p, opt.Common)
	}
}

func TestSARProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for trial := 0; trial < 10; trial++ {
		_, excl := randomSurvey(rng)
		c := Common{Exclusions: excl, MaxAltitude: 90, Altitude: 50}
		p, _, err := ExpandingSquare(bay, SquareOptions{Common: c, Spacing: 150, Legs: 12, Heading: rng.Float64() * 360})
		require.NoError(t, err)
		requireSafe(t, p, c)
		p, _, err = SectorSearch(bay, SectorOptions{Common: c, Radius: 1200, Sectors: 6, Heading: rng.Float64() * 360})
		require.NoError(t, err)
		requireSafe(t, p, c)
		p, _, err = CreepingLine(bay, rng.Float64()*360, 200, 1500, 8, c)
		require.NoError(t, err)
		requireSafe(t, p, c)
	}
}
