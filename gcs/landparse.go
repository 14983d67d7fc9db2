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
// "clip" rectangle [minLon, minLat, maxLon, maxLat] it was cut to.
// Other features are ignored; "port" polygons are not land (they are
// drawn round a port's basins, which are water). A collection without
// land gives an empty Land. A land feature that cannot be used (another
// geometry, positions out of range, a bad clip) is an error naming it.
func ParseLand(data []byte) (*Land, error) {
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, fmt.Errorf("land: %w", err)
	}
	var areas []LandArea
	for i, f := range fc.Features {
		if f == nil || f.Properties["kind"] != "land" {
			continue
		}
		got, err := landFeature(f)
		if err != nil {
			return nil, fmt.Errorf("land: feature %d: %w", i, err)
		}
		areas = append(areas, got...)
	}
	return NewLand(areas), nil
}

// landFeature reads one "land" feature's polygons.
func landFeature(f *geojson.Feature) ([]LandArea, error) {
	var polys []orb.Polygon
	switch g := f.Geometry.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	case nil:
		return nil, errors.New("no geometry")
	default:
		return nil, fmt.Errorf("geometry %s, want Polygon or MultiPolygon", g.GeoJSONType())
	}
	clip, err := landClip(f.Properties["clip"])
	if err != nil {
		return nil, err
	}
	areas := make([]LandArea, 0, len(polys))
	for _, p := range polys {
		for _, r := range p {
			for _, q := range r {
				if !finite(q[0], q[1]) || math.Abs(q[0]) > 180 || math.Abs(q[1]) > 90 {
					return nil, fmt.Errorf("position %v out of range", q)
				}
			}
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
