package maritime

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"skerry/gcs"
)

// ZoneKind says what a sea zone is to the rules.
type ZoneKind string

// Zone kinds.
const (
	// ZoneRestricted is a port security zone: entering it is an incident
	// (zone_entry, high severity by default).
	ZoneRestricted ZoneKind = "restricted"
	// ZoneProtected is a protected area (marine reserve, bathing zone):
	// entering it is an incident, of lower severity by default.
	ZoneProtected ZoneKind = "protected"
	// ZoneBerth is a port or marina: boats stop and meet there, so
	// loitering, rendezvous, AIS gaps and dark vessels do not count there.
	ZoneBerth ZoneKind = "berth"
	// ZoneAnchorage is an anchorage: as a berth.
	ZoneAnchorage ZoneKind = "anchorage"
)

// Zone is one sea zone: a named (multi)polygon of a kind.
type Zone struct {
	Name string
	Kind ZoneKind
	// Severity overrides the zone entry rule's severity for this zone
	// ("": the rule's for its kind).
	Severity gcs.IncidentSeverity
	// Polygons are [lon, lat] rings: outer ring, then holes.
	Polygons orb.MultiPolygon
	Bound    orb.Bound
}

// Quiet reports whether the zone is one where boats stop and meet as a
// matter of course (a berth or an anchorage).
func (z *Zone) Quiet() bool { return z.Kind == ZoneBerth || z.Kind == ZoneAnchorage }

// Watched reports whether entering the zone is an incident (restricted
// or protected).
func (z *Zone) Watched() bool { return z.Kind == ZoneRestricted || z.Kind == ZoneProtected }

// Contains reports whether (lat, lon) is inside the zone (on its edge
// counts as inside).
func (z *Zone) Contains(lat, lon float64) bool {
	p := orb.Point{lon, lat}
	return z.Bound.Contains(p) && planar.MultiPolygonContains(z.Polygons, p)
}

// Zones are the sea zones the rules know, indexed by a uniform grid over
// their extent whose cells list the zones whose bounding box meets them:
// At tests only the zones of one cell. A Zones is read-only after
// ParseZones or NewZones and safe for concurrent use; a nil *Zones has no
// zone.
type Zones struct {
	list  []*Zone
	bound orb.Bound
	nx    int
	ny    int
	cells [][]int32
}

// maxGrid bounds the index's cells per side.
const maxGrid = 128

// NewZones indexes zones (each with its Bound set from its polygons).
func NewZones(zones []*Zone) *Zones {
	z := &Zones{list: zones}
	if len(zones) == 0 {
		return z
	}
	for i, zn := range zones {
		zn.Bound = zn.Polygons.Bound()
		if i == 0 {
			z.bound = zn.Bound
		} else {
			z.bound = z.bound.Union(zn.Bound)
		}
	}
	n := int(math.Ceil(math.Sqrt(float64(len(zones))) * 4))
	n = max(1, min(n, maxGrid))
	z.nx, z.ny = n, n
	z.cells = make([][]int32, n*n)
	for i, zn := range zones {
		x0, y0 := z.cell(zn.Bound.Min)
		x1, y1 := z.cell(zn.Bound.Max)
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				z.cells[y*n+x] = append(z.cells[y*n+x], int32(i))
			}
		}
	}
	return z
}

// cell is the grid cell of p, clamped to the grid.
func (z *Zones) cell(p orb.Point) (int, int) {
	w, h := z.bound.Max[0]-z.bound.Min[0], z.bound.Max[1]-z.bound.Min[1]
	x, y := 0, 0
	if w > 0 {
		x = int((p[0] - z.bound.Min[0]) / w * float64(z.nx))
	}
	if h > 0 {
		y = int((p[1] - z.bound.Min[1]) / h * float64(z.ny))
	}
	return max(0, min(x, z.nx-1)), max(0, min(y, z.ny-1))
}

// All returns the zones in the order they were read.
func (z *Zones) All() []*Zone {
	if z == nil {
		return nil
	}
	return z.list
}

// Len is the number of zones.
func (z *Zones) Len() int { return len(z.All()) }

// At returns the zones containing (lat, lon), in the order they were
// read; nil when none.
func (z *Zones) At(lat, lon float64) []*Zone {
	var out []*Zone
	z.each(lat, lon, func(zn *Zone) bool { out = append(out, zn); return true })
	return out
}

// quiet reports whether (lat, lon) is in a berth or an anchorage, and
// which.
func (z *Zones) quiet(lat, lon float64) *Zone {
	var q *Zone
	z.each(lat, lon, func(zn *Zone) bool {
		if zn.Quiet() {
			q = zn
			return false
		}
		return true
	})
	return q
}

// each calls f for the zones containing (lat, lon) until f returns false.
func (z *Zones) each(lat, lon float64, f func(*Zone) bool) {
	if z == nil || len(z.list) == 0 || !finite(lat, lon) {
		return
	}
	p := orb.Point{lon, lat}
	if !z.bound.Contains(p) {
		return
	}
	x, y := z.cell(p)
	for _, i := range z.cells[y*z.nx+x] {
		zn := z.list[i]
		if zn.Contains(lat, lon) && !f(zn) {
			return
		}
	}
}

// ParseZones reads sea zones from a GeoJSON FeatureCollection (a scenario
// or an imported file): features whose "kind" is "port" are berths, those
// whose "kind" is "sea_zone" have a "zone" ("restricted", "protected",
// "anchorage" or "berth"), a "name" and an optional "severity" ("low",
// "medium", "high"). Both are Polygon or MultiPolygon, each ring closed
// with at least four positions. Other features are ignored. A zone that
// cannot be used is an error naming its feature (index and name).
func ParseZones(data []byte) (*Zones, error) {
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	var zones []*Zone
	for i, f := range fc.Features {
		if f == nil {
			continue
		}
		kind, _ := f.Properties["kind"].(string)
		if kind != "port" && kind != "sea_zone" {
			continue
		}
		zn, err := zoneFeature(i, kind, f)
		if err != nil {
			name, _ := f.Properties["name"].(string)
			if name != "" {
				return nil, fmt.Errorf("zones: feature %d (%s %q): %w", i, kind, name, err)
			}
			return nil, fmt.Errorf("zones: feature %d (%s): %w", i, kind, err)
		}
		zones = append(zones, zn)
	}
	return NewZones(zones), nil
}

// zoneFeature reads one port or sea_zone feature.
func zoneFeature(i int, kind string, f *geojson.Feature) (*Zone, error) {
	zn := &Zone{Kind: ZoneBerth}
	name, ok := f.Properties["name"].(string)
	switch {
	case f.Properties["name"] != nil && !ok:
		return nil, fmt.Errorf("name %v is not a string", f.Properties["name"])
	case name == "" && kind == "sea_zone":
		return nil, errors.New("no name (a sea zone's name is what incidents in it report)")
	case name == "":
		name = fmt.Sprintf("port %d", i)
	}
	zn.Name = name
	if kind == "sea_zone" {
		k, _ := f.Properties["zone"].(string)
		switch ZoneKind(k) {
		case ZoneRestricted, ZoneProtected, ZoneBerth, ZoneAnchorage:
			zn.Kind = ZoneKind(k)
		default:
			return nil, fmt.Errorf("zone %v: want restricted, protected, anchorage or berth", f.Properties["zone"])
		}
	}
	if v, present := f.Properties["severity"]; present && v != nil {
		s, _ := v.(string)
		if !knownSeverity(gcs.IncidentSeverity(s)) {
			return nil, fmt.Errorf("severity %v: want low, medium or high", v)
		}
		zn.Severity = gcs.IncidentSeverity(s)
	}
	switch g := f.Geometry.(type) {
	case orb.Polygon:
		zn.Polygons = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		zn.Polygons = g
	case nil:
		return nil, errors.New("no geometry")
	default:
		return nil, fmt.Errorf("geometry %s, want Polygon or MultiPolygon", g.GeoJSONType())
	}
	if len(zn.Polygons) == 0 {
		return nil, errors.New("no polygon")
	}
	for _, p := range zn.Polygons {
		if err := checkPolygon(p); err != nil {
			return nil, err
		}
	}
	return zn, nil
}

// checkPolygon refuses a polygon without an outer ring, a ring that is
// not closed or has fewer than four positions, and positions that are
// not longitude and latitude.
func checkPolygon(p orb.Polygon) error {
	if len(p) == 0 {
		return errors.New("a polygon without rings")
	}
	for _, r := range p {
		if len(r) < 4 {
			return fmt.Errorf("a ring of %d positions, want at least 4", len(r))
		}
		for _, q := range r {
			if !validPosition(q[1], q[0]) {
				return fmt.Errorf("position %v out of range", q)
			}
		}
		if !r.Closed() {
			return fmt.Errorf("a ring from %v to %v is not closed", r[0], r[len(r)-1])
		}
	}
	return nil
}

// knownSeverity reports whether s is low, medium or high.
func knownSeverity(s gcs.IncidentSeverity) bool {
	return s == gcs.IncidentLow || s == gcs.IncidentMedium || s == gcs.IncidentHigh
}

// Names returns the names of the zones containing (lat, lon), for a
// target's Zones; nil when none.
func (z *Zones) Names(lat, lon float64) []string {
	var out []string
	z.each(lat, lon, func(zn *Zone) bool { out = append(out, zn.Name); return true })
	return out
}
