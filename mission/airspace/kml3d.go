package airspace

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// kmlRing is one polygon of a placemark as drawn: its rings, and the
// altitudes of its outer ring when its altitudeMode makes them heights.
type kmlRing struct {
	rings    [][]position
	lo, hi   float64     // altitude range of the outer ring
	ref      VerticalRef // "" when the altitudes are not heights
	extruded bool
}

// kmlVolumes turns a placemark's polygons into a geometry for the GeoJSON
// path, each footprint with its own layer when the drawing gives heights.
//
// A 3D zone is drawn as a floor ring, a ceiling ring and a vertical wall
// per edge (a quad with 2 distinct horizontal points), or as one ring
// extruded to the ground. Walls are counted and not read as rings; rings
// with the same footprint (the same horizontal vertices, in any order or
// winding) and the walls between its vertices are one volume from the
// lowest to the highest altitude among them; a
// footprint drawn once at altitude h reaches from the surface to h (KML
// extrusion; a flat ring at h is read the same, with a warning). Heights
// count only with altitudeMode absolute (AMSL) or relativeToGround (AGL):
// KML ignores them with clampToGround, its default. heights reports
// whether any volume got its limits from the drawing.
func kmlVolumes(rep *report, i int, polys []kmlPolygon) (g geometrySpec, walls int, heights bool) {
	g.Type = "GeometryCollection"
	var order []string
	groups := map[string][]kmlRing{}
	var wallRings []kmlRing
	var wallKeys []string
	for _, poly := range polys {
		kr := kmlRing{rings: [][]position{kmlCoords(poly.Outer)}, ref: kmlRef(poly.AltitudeMode),
			extruded: strings.TrimSpace(poly.Extrude) == "1"}
		for _, h := range poly.Inner {
			kr.rings = append(kr.rings, kmlCoords(h))
		}
		key, distinct, valid := footprint(kr.rings[0])
		var hasAlt bool
		kr.lo, kr.hi, hasAlt = altitudes(kr.rings[0])
		if distinct == 2 && valid && hasAlt && kr.hi > kr.lo {
			walls++
			wallRings, wallKeys = append(wallRings, kr), append(wallKeys, key)
			continue
		}
		if !hasAlt {
			kr.ref = ""
		}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], kr)
	}
	// A wall between two vertices of a footprint tells its heights too (a
	// drawing may leave out the floor ring).
	byPoint := map[string][]string{}
	for _, key := range order {
		for _, pt := range strings.Fields(key) {
			byPoint[pt] = append(byPoint[pt], key)
		}
	}
	for w, wk := range wallKeys {
		pts := strings.Fields(wk)
		if len(pts) != 2 { // a wall of invalid vertices: ring() reports nothing for it, it is no area
			continue
		}
		for _, key := range byPoint[pts[0]] {
			if slices.Contains(byPoint[pts[1]], key) {
				groups[key] = append(groups[key], wallRings[w])
			}
		}
	}
	for _, key := range order {
		rs := groups[key]
		b, _ := json.Marshal(rs[0].rings)
		layer := kmlLayer(rep, i, rs)
		heights = heights || layer != nil
		g.Geometries = append(g.Geometries, geometrySpec{Type: "Polygon", Coordinates: b, Layer: layer})
	}
	return g, walls, heights
}

// kmlLayer is the vertical extent of one footprint's rings; nil when the
// drawing gives no heights for it.
func kmlLayer(rep *report, i int, rs []kmlRing) *layerSpec {
	lo, hi := kmlRing{lo: math.Inf(1)}, kmlRing{hi: math.Inf(-1)}
	extruded := false
	for _, r := range rs {
		if r.ref == "" {
			continue
		}
		if r.lo < lo.lo {
			lo = r
		}
		if r.hi > hi.hi {
			hi = r
		}
		extruded = extruded || r.extruded
	}
	if math.IsInf(lo.lo, 0) || (hi.hi <= 0 && !extruded) {
		return nil // no heights, or a flat drawing on the ground
	}
	l := &layerSpec{Upper: raw(num(hi.hi)), UpperReference: text(hi.ref), Lower: raw(num(lo.lo)), LowerReference: text(lo.ref), UOM: "m"}
	if hi.hi <= lo.lo { // drawn once: from the surface up
		if !extruded {
			rep.warnf(i, "geometry", "a flat polygon above the ground, neither extruded nor with a second ring: read as reaching from the surface")
		}
		l.Lower, l.LowerReference = "SFC", ""
	}
	return l
}

// kmlRef maps a KML altitudeMode to the reference its altitudes are
// heights in; "" when KML ignores them (clampToGround, the default, and
// the sea-floor modes).
func kmlRef(mode string) VerticalRef {
	switch strings.ToLower(strings.TrimSpace(mode)) {
	case "absolute":
		return AMSL
	case "relativetoground":
		return AGL
	}
	return ""
}

// footprint is a ring's horizontal vertices as an order-free key, how
// many distinct ones it has, and whether all are valid (invalid vertices
// are left to ring() to report).
func footprint(pos []position) (key string, distinct int, valid bool) {
	var pts []string
	valid = true
	for _, p := range pos {
		pt, ok := p.point()
		if !ok {
			valid = false
			continue
		}
		pts = append(pts, num(math.Round(pt[0]*1e7))+","+num(math.Round(pt[1]*1e7)))
	}
	slices.Sort(pts)
	pts = slices.Compact(pts)
	return strings.Join(pts, " "), len(pts), valid
}

// altitudes is the range of a ring's third coordinates; ok is false when
// a vertex has none.
func altitudes(pos []position) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range pos {
		if len(p) < 3 {
			return 0, 0, false
		}
		a, isNum := number(string(p[2]))
		if !isNum {
			return 0, 0, false
		}
		lo, hi = math.Min(lo, a), math.Max(hi, a)
	}
	return lo, hi, len(pos) > 0
}

// num formats a number as JSON would.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// kmlCoords splits "lon,lat[,alt] lon,lat ..." into positions. Malformed
// tuples are kept so that ring() reports them.
func kmlCoords(s string) []position {
	var out []position
	for _, tuple := range strings.Fields(s) {
		var p position
		for _, f := range strings.Split(tuple, ",") {
			p = append(p, raw(f))
		}
		out = append(out, p)
	}
	return out
}
