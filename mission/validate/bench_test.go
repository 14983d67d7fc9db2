package validate_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/profile"
	"skerry/mission/validate"
)

// syntheticZones returns n seeded zones over the Strait: circles and
// squares of 50..500 m, all restrictions, some with schedules.
func syntheticZones(n int) []airspace.Zone {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []airspace.Restriction{airspace.Prohibited, airspace.ReqAuthorisation, airspace.Conditional, airspace.NoRestriction}
	out := make([]airspace.Zone, n)
	for i := range out {
		c := orb.Point{-5.6 + rng.Float64()*0.5, 35.9 + rng.Float64()*0.4}
		r := 50 + rng.Float64()*450
		v := airspace.Volume{Lower: airspace.Limit{Ref: airspace.AGL}, Upper: airspace.Limit{M: 120, Ref: airspace.AGL}}
		if i%2 == 0 {
			v.Circle = &airspace.Circle{Center: c, Radius: r}
		} else {
			d := r / 111000
			v.Polygon = orb.Polygon{{{c[0] - d, c[1] - d}, {c[0] + d, c[1] - d}, {c[0] + d, c[1] + d}, {c[0] - d, c[1] + d}, {c[0] - d, c[1] - d}}}
		}
		out[i] = airspace.Zone{ID: "Z" + string(rune('A'+i%26)), Restriction: kinds[i%len(kinds)], Volumes: []airspace.Volume{v}}
		if i%5 == 0 {
			out[i].Applicability = []airspace.Applicability{{Schedule: []airspace.Daily{{Start: 8 * time.Hour, End: 18 * time.Hour}}}}
		}
	}
	return out
}

// lawnmower returns an n-waypoint patrol over the same area.
func lawnmower(n int) *mission.Plan {
	home := mission.Position{Point: orb.Point{-5.40, 36.10}, Alt: mission.AMSL(2)}
	p := &mission.Plan{Home: &home, HoverSpeed: 12}
	for i := range n {
		row, col := i/25, i%25
		if row%2 == 1 {
			col = 24 - col
		}
		pt := orb.Point{-5.55 + float64(col)*0.012, 35.95 + float64(row)*0.015}
		p.Mission = append(p.Mission, mission.Waypoint{Pos: mission.Position{Point: pt, Alt: mission.Rel(80)}})
	}
	p.Mission = append(p.Mission, mission.RTL{})
	return p
}

func BenchmarkCheck500x1000(b *testing.B) {
	state, _ := profile.Get("state")
	pilot := orb.Point{-5.40, 36.10}
	op := validate.Operation{
		Profile: state, Zones: airspace.NewIndex(syntheticZones(1000)), Pilot: &pilot,
		When:    time.Date(2026, 3, 2, 7, 30, 0, 0, time.UTC),
		Vehicle: validate.Vehicle{CruiseSpeed: 12, Endurance: 40 * time.Minute}, Wind: validate.Wind{Speed: 6, Direction: 250},
		Surface: profile.Surface{Water: true},
		Area:    orb.Polygon{{{-5.7, 35.8}, {-5.0, 35.8}, {-5.0, 36.4}, {-5.7, 36.4}, {-5.7, 35.8}}},
	}
	plan := lawnmower(500)
	var r validate.Report
	for b.Loop() {
		r = validate.Check(plan, op)
	}
	b.ReportMetric(float64(len(r.Violations)), "violations")
}
