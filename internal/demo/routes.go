package demo

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Routes reads the patrol loops of a scenario: the outer ring of every
// feature whose "kind" property is "port" (or "patrol").
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
