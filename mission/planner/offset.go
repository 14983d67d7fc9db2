package planner

import (
	"fmt"
	"math"

	"github.com/peterstace/simplefeatures/geom"
)

// Offsets and margins are built here without a buffer operation (the
// geometry engine's Buffer needs GEOS). A disk of radius r is a regular
// polygon circumscribed about it (vertices at r/cos(π/n)), so every
// approximation contains the true disk: margins come out slightly
// generous, never short. A segment's r-neighbourhood (a "stadium") is the
// convex hull of the two end disks; a polyline's is the union of its
// segments' stadiums; a polygon's is the polygon united with its edges'
// stadiums (or, for a convex polygon, the hull of the vertex disks).

// polyRings is a polygon as open rings in the plane: shell first.
type polyRings = [][]vec

// circleSides picks a polygon side count so that the circumscribed polygon
// overshoots the circle by at most about 1 m (12..64 sides).
func circleSides(r float64) int {
	if r <= 1 {
		return 12
	}
	n := int(math.Ceil(math.Pi / math.Acos(r/(r+1))))
	return max(12, min(64, n))
}

// disk returns a counter-clockwise n-gon containing the disk (c, r).
func disk(c vec, r float64, n int) []vec {
	R := r / math.Cos(math.Pi/float64(n))
	out := make([]vec, n)
	for i := range out {
		a := 2 * math.Pi * float64(i) / float64(n)
		out[i] = vec{X: c.X + R*math.Cos(a), Y: c.Y + R*math.Sin(a)}
	}
	return out
}

// stadium returns a convex polygon containing every point within r of the
// segment a–b.
func stadium(a, b vec, r float64, n int) []vec {
	return convexHull(append(disk(a, r, n), disk(b, r, n)...))
}

// toSF converts rings to a simplefeatures polygon; coordinates are rounded
// to the millimetre so the overlay sees no near-coincident noise.
func toSF(rings polyRings) geom.Polygon {
	ls := make([]geom.LineString, 0, len(rings))
	for _, r := range rings {
		if len(r) < 3 {
			continue
		}
		c := make([]float64, 0, 2*len(r)+2)
		for _, p := range r {
			c = append(c, round3(p.X), round3(p.Y))
		}
		c = append(c, c[0], c[1])
		ls = append(ls, geom.NewLineString(geom.NewSequence(c, geom.DimXY)))
	}
	return geom.NewPolygon(ls)
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// fromSF returns the polygons of an areal geometry as rings (open).
func fromSF(g geom.Geometry) []polyRings {
	var out []polyRings
	switch g.Type() {
	case geom.TypePolygon:
		out = append(out, ringsOf(g.MustAsPolygon()))
	case geom.TypeMultiPolygon:
		mp := g.MustAsMultiPolygon()
		for i := 0; i < mp.NumPolygons(); i++ {
			out = append(out, ringsOf(mp.PolygonN(i)))
		}
	case geom.TypeGeometryCollection:
		for _, c := range g.Dump() {
			if c.Type() == geom.TypePolygon {
				out = append(out, ringsOf(c.MustAsPolygon()))
			}
		}
	}
	return out
}

// ringsOf converts one simplefeatures polygon.
func ringsOf(p geom.Polygon) polyRings {
	if p.IsEmpty() {
		return nil
	}
	rings := polyRings{seqRing(p.ExteriorRing().Coordinates())}
	for i := 0; i < p.NumInteriorRings(); i++ {
		rings = append(rings, seqRing(p.InteriorRingN(i).Coordinates()))
	}
	return rings
}

func seqRing(s geom.Sequence) []vec {
	n := s.Length()
	out := make([]vec, 0, n)
	for i := 0; i < n-1; i++ {
		xy := s.GetXY(i)
		out = append(out, vec{X: xy.X, Y: xy.Y})
	}
	return out
}

// multi converts polygons to one simplefeatures geometry.
func multi(ps []polyRings) geom.Geometry {
	sf := make([]geom.Polygon, 0, len(ps))
	for _, p := range ps {
		if len(p) > 0 && len(p[0]) >= 3 {
			sf = append(sf, toSF(p))
		}
	}
	return geom.NewMultiPolygon(sf).AsGeometry()
}

// unionAll unions polygons.
func unionAll(ps []polyRings) ([]polyRings, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	g, err := geom.UnaryUnion(multiGC(ps))
	if err != nil {
		return nil, fmt.Errorf("union: %w", err)
	}
	return fromSF(g), nil
}

// multiGC wraps possibly overlapping polygons in a geometry collection
// (a MultiPolygon must not overlap).
func multiGC(ps []polyRings) geom.Geometry {
	gs := make([]geom.Geometry, 0, len(ps))
	for _, p := range ps {
		if len(p) > 0 && len(p[0]) >= 3 {
			gs = append(gs, toSF(p).AsGeometry())
		}
	}
	return geom.NewGeometryCollection(gs).AsGeometry()
}

// bufferLine returns the polygons covering every point within r of the
// polyline pts.
func bufferLine(pts []vec, r float64) ([]polyRings, error) {
	n := circleSides(r)
	var parts []polyRings
	for i := 1; i < len(pts); i++ {
		parts = append(parts, polyRings{stadium(pts[i-1], pts[i], r, n)})
	}
	if len(pts) == 1 {
		parts = append(parts, polyRings{disk(pts[0], r, n)})
	}
	return unionAll(parts)
}

// inflate returns polygons covering every point within r of the polygon
// (its holes are ignored: an exclusion zone forbids its whole outline).
func inflate(rings polyRings, r float64) ([]polyRings, error) {
	shell := rings[0]
	n := circleSides(r)
	if isConvex(shell) {
		var pts []vec
		for _, p := range shell {
			pts = append(pts, disk(p, r, n)...)
		}
		return []polyRings{{convexHull(pts)}}, nil
	}
	parts := []polyRings{{shell}}
	for i := range shell {
		parts = append(parts, polyRings{stadium(shell[i], shell[(i+1)%len(shell)], r, n)})
	}
	return unionAll(parts)
}

// inset returns the part of the polygon farther than r from its boundary.
func inset(rings polyRings, r float64) ([]polyRings, error) {
	if r <= 0 {
		return []polyRings{rings}, nil
	}
	var edges []polyRings
	n := circleSides(r)
	for _, ring := range rings {
		for i := range ring {
			edges = append(edges, polyRings{stadium(ring[i], ring[(i+1)%len(ring)], r, n)})
		}
	}
	band, err := geom.UnaryUnion(multiGC(edges))
	if err != nil {
		return nil, fmt.Errorf("inset: %w", err)
	}
	g, err := geom.Difference(toSF(rings).AsGeometry(), band)
	if err != nil {
		return nil, fmt.Errorf("inset: %w", err)
	}
	return fromSF(g), nil
}

// difference returns a minus b.
func difference(a, b []polyRings) ([]polyRings, error) {
	if len(b) == 0 {
		return a, nil
	}
	ga, err := geom.UnaryUnion(multiGC(a))
	if err != nil {
		return nil, err
	}
	gb, err := geom.UnaryUnion(multiGC(b))
	if err != nil {
		return nil, err
	}
	g, err := geom.Difference(ga, gb)
	if err != nil {
		return nil, fmt.Errorf("difference: %w", err)
	}
	return fromSF(g), nil
}

// intersection returns a ∩ b.
func intersection(a, b []polyRings) ([]polyRings, error) {
	g, err := geom.Intersection(multi(a), multi(b))
	if err != nil {
		return nil, fmt.Errorf("intersection: %w", err)
	}
	return fromSF(g), nil
}
