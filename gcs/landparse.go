package gcs

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// ParseLand reads the land of a basemap or scenario (a GeoJSON
// FeatureCollection, see sim/scenario/README.md): its features whose
// "kind" is "land", Polygon or MultiPolygon, each with an optional
// "clip" rectangle [minLon, minLat, maxLon, maxLat] it was cut to, and
// the outer rings of its "port" polygons as built shores: a port area is
// drawn round its basins, which are water, so it is no land, but its
// outline runs along quays and breakwaters. Other features are ignored,
// as are ports of other geometries. A collection without land or ports
// gives an empty Land. A land feature that cannot be used (another
// geometry, positions out of range, a bad clip) or a port with positions
// out of range is an error naming it.
func ParseLand(data []byte) (*Land, error) {
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, fmt.Errorf("land: %w", err)
	}
	var areas []LandArea
	var built []orb.Ring
	for i, f := range fc.Features {
		if f == nil {
			continue
		}
		switch f.Properties["kind"] {
		case "land":
			got, err := landFeature(f)
			if err != nil {
				return nil, fmt.Errorf("land: feature %d: %w", i, err)
			}
			areas = append(areas, got...)
		case "port":
			for _, p := range polygonsOf(f.Geometry) {
				if err := checkPositions(p); err != nil {
					return nil, fmt.Errorf("land: feature %d (port): %w", i, err)
				}
				if len(p) > 0 {
					built = append(built, p[0])
				}
			}
		}
	}
	return NewLand(areas, built), nil
}

// polygonsOf is a Polygon's or MultiPolygon's polygons; nil for other
// geometries.
func polygonsOf(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

// checkPositions refuses positions that are not longitude and latitude.
func checkPositions(p orb.Polygon) error {
	for _, r := range p {
		for _, q := range r {
			if !finite(q[0], q[1]) || math.Abs(q[0]) > 180 || math.Abs(q[1]) > 90 {
				return fmt.Errorf("position %v out of range", q)
			}
		}
	}
	return nil
}

// landFeature reads one "land" feature's polygons.
func landFeature(f *geojson.Feature) ([]LandArea, error) {
	polys := polygonsOf(f.Geometry)
	switch {
	case f.Geometry == nil:
		return nil, errors.New("no geometry")
	case polys == nil:
		return nil, fmt.Errorf("geometry %s, want Polygon or MultiPolygon", f.Geometry.GeoJSONType())
	}
	clip, err := landClip(f.Properties["clip"])
	if err != nil {
		return nil, err
	}
	areas := make([]LandArea, 0, len(polys))
	for _, p := range polys {
		if err := checkPositions(p); err != nil {
			return nil, err
		}
		areas = append(areas, LandArea{Polygon: p, Clip: clip})
	}
	return areas, nil
}

// landClip reads a "clip" property: absent is the zero Bound.
func landClip(v any) (orb.Bound, error) {
	if v == nil {
		return orb.Bound{}, nil
	}
	list, ok := v.([]any)
	if !ok || len(list) != 4 {
		return orb.Bound{}, fmt.Errorf("clip %v: want [minLon, minLat, maxLon, maxLat]", v)
	}
	var c [4]float64
	for i, x := range list {
		n, ok := x.(float64)
		if !ok || !finite(n) {
			return orb.Bound{}, fmt.Errorf("clip %v: want [minLon, minLat, maxLon, maxLat]", v)
		}
		c[i] = n
	}
	if !(c[0] < c[2] && c[1] < c[3]) || math.Abs(c[0]) > 180 || math.Abs(c[2]) > 180 || math.Abs(c[1]) > 90 || math.Abs(c[3]) > 90 {
		return orb.Bound{}, fmt.Errorf("clip %v: not a rectangle [minLon, minLat, maxLon, maxLat]", v)
	}
	return orb.Bound{Min: orb.Point{c[0], c[1]}, Max: orb.Point{c[2], c[3]}}, nil
}
