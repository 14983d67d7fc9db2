package demo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Routes reads the patrol loops of a scenario: the outer ring of every
// feature whose "kind" property is "port" (or "patrol"), except those
// marked "patrol": false (a port inside a prohibited zone).
func Routes(scenario []byte) ([][][2]float64, error) {
	fc, err := geojson.UnmarshalFeatureCollection(scenario)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	var out [][][2]float64
	for _, f := range fc.Features {
		kind, _ := f.Properties["kind"].(string)
		if kind != "port" && kind != "patrol" {
			continue
		}
		if p, ok := f.Properties["patrol"].(bool); ok && !p {
			continue
		}
		var ring orb.Ring
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			if len(g) > 0 {
				ring = g[0]
			}
		case orb.LineString:
			ring = orb.Ring(g)
		}
		if len(ring) < 2 {
			continue
		}
		route := make([][2]float64, 0, len(ring))
		for _, p := range ring {
			route = append(route, [2]float64{p[0], p[1]})
		}
		out = append(out, route)
	}
	return out, nil
}

// spread is what one more vehicle on a loop costs against a loop farther
// away, metres: vehicles at one base share the loops near it, and never
// cross the bay to a loop across it while one near is free.
const spread = 1500

// Assign gives each vehicle (by its home [lon, lat]) a loop: the nearest
// one (by its first point), counting spread metres more for every vehicle
// already on it. A vehicle flies only near its base, so the legs between
// loops, which nobody planned, stay short.
func Assign(homes [][2]float64, routes [][][2]float64) []int {
	out := make([]int, len(homes))
	if len(routes) == 0 {
		return out
	}
	count := make([]int, len(routes))
	for i, h := range homes {
		best, bestCost := 0, math.Inf(1)
		for r, route := range routes {
			d := math.Inf(1)
			for _, p := range route {
				d = math.Min(d, distance(h[1], h[0], p[1], p[0]))
			}
			if c := d + spread*float64(count[r]); c < bestCost {
				best, bestCost = r, c
			}
		}
		out[i] = best
		count[best]++
	}
	return out
}
