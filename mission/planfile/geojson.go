package planfile

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// GeoJSON feature kinds other than mission item kinds. See GEOJSON.md.
const (
	geoKindPlan         = "plan"
	geoKindHome         = "home"
	geoKindFencePolygon = "fence_polygon"
	geoKindFenceCircle  = "fence_circle"
	geoKindFenceReturn  = "fence_return"
	geoKindRally        = "rally"
	geoFormatVersion    = 1
)

type geoCollection struct {
	Type     string       `json:"type"`
	Features []geoFeature `json:"features"`
}

type geoFeature struct {
	Type       string         `json:"type"`
	Geometry   *geoGeometry   `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// planProps are the properties of the "plan" feature.
type planProps struct {
	Version      int       `json:"version"`
	Name         string    `json:"name"`
	VehicleType  int       `json:"vehicle_type"`
	Firmware     int       `json:"firmware"`
	CruiseSpeed  float64   `json:"cruise_speed"`
	HoverSpeed   float64   `json:"hover_speed"`
	FenceFloor   *altProps `json:"fence_floor"`
	FenceCeiling *altProps `json:"fence_ceiling"`
	// FenceRadius is the greatest distance from home, m (null: none).
	FenceRadius *float64 `json:"fence_radius"`
}

type altProps struct {
	M   num            `json:"m"`
	Ref mission.AltRef `json:"ref"`
}

// WriteGeoJSONPlan writes p as a GeoJSON FeatureCollection in the schema
// of GEOJSON.md: one feature per plan, home, mission item, fence zone,
// return point and rally point, each with a "kind" property. Coordinates
// are [lon, lat] or [lon, lat, alt]. Everything the model holds is
// written; a plan with validation errors is refused.
func WriteGeoJSONPlan(w io.Writer, p *mission.Plan) (mission.Issues, error) {
	is := p.Validate()
	if is.HasErrors() {
		return is, errInvalidPlan
	}
	fc := geoCollection{Type: "FeatureCollection"}
	add := func(kind string, g *geoGeometry, props map[string]any) {
		if props == nil {
			props = map[string]any{}
		}
		props["kind"] = kind
		fc.Features = append(fc.Features, geoFeature{Type: "Feature", Geometry: g, Properties: props})
	}
	meta := planProps{Version: geoFormatVersion, Name: p.Name, VehicleType: p.VehicleType, Firmware: p.Firmware,
		CruiseSpeed: p.CruiseSpeed, HoverSpeed: p.HoverSpeed, FenceFloor: altPropsOf(p.Fence.Floor), FenceCeiling: altPropsOf(p.Fence.Ceiling),
		FenceRadius: p.Fence.Radius}
	add(geoKindPlan, nil, structProps(meta))
	if p.Home != nil {
		add(geoKindHome, pointGeom(*p.Home), map[string]any{"alt_ref": p.Home.Alt.Ref})
	}
	for i, it := range p.Mission {
		props := itemProps(it)
		props["index"] = i
		var g *geoGeometry
		if pos, ok := mission.PositionOf(it); ok {
			g = pointGeom(pos)
			props["alt_ref"] = pos.Alt.Ref
		} else if c, ok := it.(mission.Command); ok && global(c.Frame) {
			g = &geoGeometry{Type: "Point", Coordinates: []num{num(c.Params[5]), num(c.Params[4]), num(c.Params[6])}}
		}
		add(string(it.Kind()), g, props)
	}
	for i, z := range p.Fence.Zones {
		props := map[string]any{"inclusion": z.Inclusion, "group": z.Group, "index": i}
		if z.Circle != nil {
			props["radius"] = num(z.Circle.Radius)
			add(geoKindFenceCircle, &geoGeometry{Type: "Point", Coordinates: []num{num(z.Circle.Center[0]), num(z.Circle.Center[1])}}, props)
			continue
		}
		ring := closedRing(z.Polygon)
		coords := make([][]num, len(ring))
		for k, v := range ring {
			coords[k] = []num{num(v[0]), num(v[1])}
		}
		add(geoKindFencePolygon, &geoGeometry{Type: "Polygon", Coordinates: [][][]num{coords}}, props)
	}
	if r := p.Fence.Return; r != nil {
		add(geoKindFenceReturn, pointGeom(*r), map[string]any{"alt_ref": r.Alt.Ref})
	}
	for i, r := range p.Rally {
		add(geoKindRally, pointGeom(r.Pos), map[string]any{"alt_ref": r.Pos.Alt.Ref, "index": i})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return is, enc.Encode(fc)
}

// global reports whether frame carries latitude and longitude in param5
// and param6.
func global(frame uint8) bool {
	_, ok := mission.RefOfFrame(frame)
	return ok
}

func pointGeom(p mission.Position) *geoGeometry {
	return &geoGeometry{Type: "Point", Coordinates: []num{num(p.Lon()), num(p.Lat()), num(p.Alt.M)}}
}

func altPropsOf(a *mission.Altitude) *altProps {
	if a == nil {
		return nil
	}
	return &altProps{M: num(a.M), Ref: a.Ref}
}

// structProps turns a struct into properties via JSON.
func structProps(v any) map[string]any {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// geoFeatureIn is a feature as read.
type geoFeatureIn struct {
	Type     string `json:"type"`
	Geometry *struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]json.RawMessage `json:"properties"`
}

// ReadGeoJSONPlan reads a plan written in the schema of GEOJSON.md. It is
// lenient: numbers may be strings, unknown properties and features of
// unknown kind are reported and skipped, "alt_ref" defaults to relative.
func ReadGeoJSONPlan(r io.Reader) (*mission.Plan, mission.Issues, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, nil, err
	}
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, nil, fmt.Errorf("geojson: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, nil, fmt.Errorf("geojson: type %q, want FeatureCollection", fc.Type)
	}
	if len(fc.Features) > 4*mission.MaxItems {
		return nil, nil, fmt.Errorf("geojson: %d features, more than %d", len(fc.Features), 4*mission.MaxItems)
	}
	g := geoReader{p: &mission.Plan{}}
	for i, raw := range fc.Features {
		var f geoFeatureIn
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, nil, fmt.Errorf("geojson: feature %d: %w", i, err)
		}
		if err := g.feature(i, f); err != nil {
			return nil, nil, fmt.Errorf("geojson: feature %d: %w", i, err)
		}
	}
	g.l = append(g.l, g.p.Validate()...)
	return g.p, g.l, nil
}

// pointOf reads a Point geometry as a position; alt 0 when absent.
func pointOf(f geoFeatureIn, ref mission.AltRef) (mission.Position, error) {
	if f.Geometry == nil || f.Geometry.Type != "Point" {
		return mission.Position{}, fmt.Errorf("needs a Point geometry")
	}
	var c []num
	if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil || len(c) < 2 || len(c) > 3 {
		return mission.Position{}, fmt.Errorf("point coordinates must be [lon, lat] or [lon, lat, alt]")
	}
	pos := mission.Position{Point: orb.Point{float64(c[0]), float64(c[1])}, Alt: mission.Altitude{Ref: ref}}
	if len(c) == 3 {
		pos.Alt.M = float64(c[2])
	}
	return pos, nil
}

// ringOf reads a Polygon geometry's outer ring, opened.
func ringOf(f geoFeatureIn) (orb.Ring, int, error) {
	if f.Geometry == nil || f.Geometry.Type != "Polygon" {
		return nil, 0, fmt.Errorf("needs a Polygon geometry")
	}
	var rings [][][]num
	if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil || len(rings) == 0 {
		return nil, 0, fmt.Errorf("polygon coordinates must be a list of rings")
	}
	ring := make(orb.Ring, 0, len(rings[0]))
	for _, v := range rings[0] {
		if len(v) < 2 {
			return nil, 0, fmt.Errorf("polygon vertex needs [lon, lat]")
		}
		ring = append(ring, orb.Point{float64(v[0]), float64(v[1])})
	}
	return openRing(ring), len(rings) - 1, nil
}
