package airspace

import (
	"skerry/mission/local"

	"encoding/json"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// itoa formats an index for field paths.
func itoa(i int) string { return strconv.Itoa(i) }

// position is a GeoJSON position [lon, lat, alt?] with lenient numbers.
type position []raw

// point converts a position; ok is false when it is not a valid lon/lat.
func (p position) point() (orb.Point, bool) {
	if len(p) < 2 {
		return orb.Point{}, false
	}
	lon, ok1 := number(string(p[0]))
	lat, ok2 := number(string(p[1]))
	if !ok1 || !ok2 || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return orb.Point{}, false
	}
	return orb.Point{lon, lat}, true
}

// ring converts a list of positions to a closed ring, dropping repeated
// consecutive vertices. It reports to rep and returns ok false when the
// ring cannot be used.
func ring(rep *report, item int, field string, pos []position) (orb.Ring, bool) {
	if len(pos) > MaxRingVertices || rep.vertices+len(pos) > MaxFileVertices {
		rep.errorf(item, field, "ring of %d vertices exceeds the limits (%d a ring, %d a file)", len(pos), MaxRingVertices, MaxFileVertices)
		return nil, false
	}
	rep.vertices += len(pos)
	r := make(orb.Ring, 0, len(pos)+1)
	for i, p := range pos {
		pt, ok := p.point()
		if !ok {
			rep.errorf(item, field, "vertex %d %v is not a valid [lon, lat]", i, []raw(p))
			return nil, false
		}
		if len(r) == 0 || r[len(r)-1] != pt {
			r = append(r, pt)
		}
	}
	if len(r) > 1 && r[0] != r[len(r)-1] {
		r = append(r, r[0])
		rep.infof(item, field, "ring was not closed: closed it")
	}
	if len(r) < 4 {
		rep.errorf(item, field, "ring has %d distinct vertices, needs at least 3", max(len(r)-1, 0))
		return nil, false
	}
	return r, true
}

// polygon converts GeoJSON polygon coordinates (outer ring, then holes).
// A bad hole drops the hole (the zone grows: conservative); a bad outer
// ring drops the polygon.
func polygon(rep *report, item int, field string, rings [][]position) (orb.Polygon, bool) {
	if len(rings) == 0 {
		rep.errorf(item, field, "polygon has no ring")
		return nil, false
	}
	outer, ok := ring(rep, item, field, rings[0])
	if !ok {
		return nil, false
	}
	p := orb.Polygon{outer}
	for i, h := range rings[1:] {
		hole, ok := ring(rep, item, field+".hole["+itoa(i)+"]", h)
		if !ok {
			rep.warnf(item, field, "hole %d dropped: the zone covers it", i)
			continue
		}
		p = append(p, hole)
	}
	return p, true
}

// geometrySpec is a GeoJSON-like geometry as ED-269 (horizontalProjection),
// ED-318 and GeoJSON files give it, with the ED-318 layer.
type geometrySpec struct {
	Type        text               `json:"type"`
	Coordinates json.RawMessage    `json:"coordinates"`
	Center      position           `json:"center"`
	Radius      raw                `json:"radius"`
	Extent      *extentSpec        `json:"extent"`
	Geometries  list[geometrySpec] `json:"geometries"`
	Layer       *layerSpec         `json:"layer"`
}

// extentSpec is ED-318's circle extent on a Point geometry.
type extentSpec struct {
	SubType text `json:"subType"`
	Radius  raw  `json:"radius"`
}

// layerSpec is ED-318's vertical layer.
type layerSpec struct {
	Upper          raw  `json:"upper"`
	UpperReference text `json:"upperReference"`
	Lower          raw  `json:"lower"`
	LowerReference text `json:"lowerReference"`
	UOM            text `json:"uom"`
}

// shape is a horizontal projection: a polygon or a circle.
type shape struct {
	poly   orb.Polygon
	circle *Circle
	layer  *layerSpec // ED-318 layer of this geometry, if any
}

// shapes converts a geometry to horizontal projections (several for a
// MultiPolygon or GeometryCollection), reporting what it drops.
func (g geometrySpec) shapes(rep *report, item int, field string, depth int) []shape {
	switch enum(string(g.Type)) {
	case "POLYGON":
		var rings [][]position
		if json.Unmarshal(g.Coordinates, &rings) != nil {
			rep.errorf(item, field, "polygon coordinates are not [[[lon, lat], ...]]")
			return nil
		}
		if p, ok := polygon(rep, item, field, rings); ok {
			return []shape{{poly: p, layer: g.Layer}}
		}
	case "MULTIPOLYGON":
		var polys [][][]position
		if json.Unmarshal(g.Coordinates, &polys) != nil {
			rep.errorf(item, field, "multipolygon coordinates are not [[[[lon, lat], ...]]]")
			return nil
		}
		var out []shape
		for i, rings := range polys {
			if p, ok := polygon(rep, item, field+"["+itoa(i)+"]", rings); ok {
				out = append(out, shape{poly: p, layer: g.Layer})
			}
		}
		return out
	case "CIRCLE", "POINT":
		return g.circle(rep, item, field)
	case "GEOMETRYCOLLECTION":
		if depth > 2 {
			rep.errorf(item, field, "geometry collections nested too deep")
			return nil
		}
		var out []shape
		for i, sub := range g.Geometries {
			if sub.Layer == nil {
				sub.Layer = g.Layer
			}
			out = append(out, sub.shapes(rep, item, field+".geometries["+itoa(i)+"]", depth+1)...)
		}
		return out
	default:
		rep.errorf(item, field, "geometry type %q is not an area", g.Type)
	}
	return nil
}

// circle converts an ED-269 Circle {center, radius} or an ED-318 Point
// with a radius or a circular extent.
func (g geometrySpec) circle(rep *report, item int, field string) []shape {
	center := g.Center
	if len(center) == 0 {
		_ = json.Unmarshal(g.Coordinates, &center)
	}
	c, ok := center.point()
	if !ok {
		rep.errorf(item, field, "circle centre %v is not a valid [lon, lat]", []raw(center))
		return nil
	}
	r := g.Radius
	if r == "" && g.Extent != nil {
		r = g.Extent.Radius
	}
	radius, ok := number(string(r))
	if !ok || radius <= 0 || radius > 1e6 {
		if enum(string(g.Type)) == "POINT" && r == "" {
			rep.errorf(item, field, "a point without a radius is not an area")
		} else {
			rep.errorf(item, field, "circle radius %q must be a number in (0, 1000 km]", r)
		}
		return nil
	}
	return []shape{{circle: &Circle{Center: c, Radius: radius}, layer: g.Layer}}
}

// metresPerDegree is the length of a degree of latitude (mean Earth radius).
const metresPerDegree = local.MetresPerDegree

// circleBound returns a circle's bounding box in degrees.
func circleBound(c Circle) orb.Bound {
	dLat := c.Radius / metresPerDegree
	cos := math.Max(math.Cos(c.Center[1]*math.Pi/180), 1e-6)
	dLon := math.Min(c.Radius/(metresPerDegree*cos), 180)
	return orb.Bound{Min: orb.Point{c.Center[0] - dLon, c.Center[1] - dLat}, Max: orb.Point{c.Center[0] + dLon, c.Center[1] + dLat}}
}
