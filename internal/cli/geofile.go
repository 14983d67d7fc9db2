package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// features reads a GeoJSON file: a FeatureCollection, a Feature or a bare
// geometry.
func features(path string) ([]*geojson.Feature, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if fc, err := geojson.UnmarshalFeatureCollection(data); err == nil && len(fc.Features) > 0 {
		return fc.Features, nil
	}
	if f, err := geojson.UnmarshalFeature(data); err == nil && f.Geometry != nil {
		return []*geojson.Feature{f}, nil
	}
	g, err := geojson.UnmarshalGeometry(data)
	if err != nil || g.Coordinates == nil {
		return nil, fmt.Errorf("%s: not GeoJSON with features", path)
	}
	return []*geojson.Feature{geojson.NewFeature(g.Geometry())}, nil
}

// named reports whether a feature's name, role or kind property is the
// wanted one ("" = any).
func named(f *geojson.Feature, want string) bool {
	if want == "" {
		return true
	}
	for _, key := range []string{"name", "role", "kind"} {
		if v, _ := f.Properties[key].(string); v == want {
			return true
		}
	}
	return false
}

// splitSelector splits "FILE#SELECTOR" (a feature's name, role or kind);
// without one, def is the selector.
func splitSelector(path, def string) (string, string) {
	if i := strings.LastIndexByte(path, '#'); i > 0 {
		return path[:i], path[i+1:]
	}
	return path, def
}

// readPolygons returns the polygons of a GeoJSON file (of the named
// feature when name is set), multipolygons split.
func readPolygons(path, name string) ([]orb.Polygon, error) {
	if path == "" {
		return nil, fmt.Errorf("no polygon file given")
	}
	path, name = splitSelector(path, name)
	fs, err := features(path)
	if err != nil {
		return nil, err
	}
	var out []orb.Polygon
	for _, f := range fs {
		if !named(f, name) {
			continue
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			out = append(out, g)
		case orb.MultiPolygon:
			out = append(out, g...)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no polygon%s", path, nameSuffix(name))
	}
	return out, nil
}

// readLine returns the longest line of a GeoJSON file (of the named
// feature when name is set).
func readLine(path, name string) (orb.LineString, error) {
	if path == "" {
		return nil, fmt.Errorf("no coastline file given (--coast)")
	}
	path, name = splitSelector(path, name)
	fs, err := features(path)
	if err != nil {
		return nil, err
	}
	var best orb.LineString
	consider := func(l orb.LineString) {
		if len(l) > len(best) {
			best = l
		}
	}
	for _, f := range fs {
		if !named(f, name) {
			continue
		}
		switch g := f.Geometry.(type) {
		case orb.LineString:
			consider(g)
		case orb.MultiLineString:
			for _, l := range g {
				consider(l)
			}
		}
	}
	if len(best) < 2 {
		return nil, fmt.Errorf("%s: no line%s", path, nameSuffix(name))
	}
	return best, nil
}

func nameSuffix(name string) string {
	if name == "" {
		return ""
	}
	return fmt.Sprintf(" named %q", name)
}
