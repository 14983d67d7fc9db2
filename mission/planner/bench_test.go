package planner

import (
	"math/rand"
	"testing"
)

// BenchmarkCoastline50km plans a there-and-back patrol along a synthetic
// 50 km wiggly coastline with 100 exclusion zones near the route.
func BenchmarkCoastline50km(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	coast, excl := randomCoast(rng, 50, 100, 300)
	opt := CoastOptions{SeaSide: SideRight, Common: Common{Exclusions: excl}}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := CoastlinePatrol(coast, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSurveyBay surveys a random concave area with holes.
func BenchmarkSurveyBay(b *testing.B) {
	rng := rand.New(rand.NewSource(2))
	area, excl := randomSurvey(rng)
	opt := SurveyOptions{Common: Common{Exclusions: excl, Altitude: 100}, Camera: golfCamera, Angle: 20}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Survey(area, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCoastline50kmSafe checks the benchmark's plan has the promised
// properties.
func TestCoastline50kmSafe(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	coast, excl := randomCoast(rng, 50, 100, 300)
	opt := CoastOptions{SeaSide: SideRight, Common: Common{Exclusions: excl}}
	p, issues, err := CoastlinePatrol(coast, opt)
	if err != nil {
		t.Fatal(err)
	}
	requireSafe(t, p, opt.Common)
	t.Logf("%d mission items; %v", len(p.Mission), issues)
}
