package planfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// other takes a placemark written by another tool: polygons become fence
// zones at once, lines and points wait for the end of the file (whether
// the file has a route decides what its points are).
func (k *kmlReader) other(i int, m *kmlMarkIn) error {
	lines, pts, polys := append(m.Lines, m.MultiLines...), append(m.Points, m.MultiPts...), append(m.Polygons, m.MultiPolys...)
	if len(lines)+len(pts)+len(polys) == 0 {
		k.l.Warnf(mission.SectionPlan, i, "", "placemark %d (%.40q) has no Point, LineString or Polygon; skipped", i, m.Name)
		return nil
	}
	for _, g := range lines {
		k.lines = append(k.lines, kmlGeomAt{g, m.Name, i})
	}
	for _, g := range pts {
		k.points = append(k.points, kmlGeomAt{g, m.Name, i})
	}
	for _, poly := range polys {
		ring, err := kmlRing(poly.Outer)
		if err != nil {
			k.l.Warnf(mission.SectionFence, len(k.p.Fence.Zones), "polygon", "placemark %d (%.40q): %v; skipped", i, m.Name, err)
			continue
		}
		k.note(mission.SectionFence, "inclusion", "polygons of other tools are read as inclusion zones (the vehicle stays inside)")
		k.p.Fence.Zones = append(k.p.Fence.Zones, mission.InclusionPolygon(ring))
		for _, h := range poly.Inner {
			if hole, err := kmlRing(h); err == nil {
				k.note(mission.SectionFence, "hole", "holes in polygons are read as exclusion zones (the vehicle stays out)")
				k.p.Fence.Zones = append(k.p.Fence.Zones, mission.ExclusionPolygon(hole))
			}
		}
	}
	return nil
}

// foreign makes waypoints of the other tools' lines or, without lines,
// their points.
func (k *kmlReader) foreign() error {
	use, skip, what := k.lines, k.points, "a point beside a route line"
	if len(use) == 0 {
		use, skip = k.points, nil
	}
	if k.own {
		use, skip, what = nil, append(k.lines, k.points...), "a line or point beside Skerry's own mission items"
	}
	for _, g := range skip {
		k.l.Warnf(mission.SectionMission, -1, "", "placemark %d (%.40q): %s; skipped", g.i, g.name, what)
	}
	if len(k.lines) > 1 && !k.own {
		k.l.Warnf(mission.SectionMission, -1, "", "%d route lines joined in file order into one mission", len(k.lines))
	}
	for _, g := range use {
		tuples, err := kmlTuples(g.g.Coordinates)
		if err != nil {
			k.l.Warnf(mission.SectionMission, len(k.p.Mission), "", "placemark %d (%.40q): %v; skipped", g.i, g.name, err)
			continue
		}
		for _, t := range tuples {
			if len(k.p.Mission) >= mission.MaxItems {
				return fmt.Errorf("more than %d mission items", mission.MaxItems)
			}
			it, _ := itemFromProps(mission.KindWaypoint, nil, k.foreignPos(t, g.g.AltitudeMode))
			k.p.Mission = append(k.p.Mission, it)
		}
	}
	return nil
}

// foreignPos reads a position of another tool at its altitudeMode.
func (k *kmlReader) foreignPos(t []float64, mode string) mission.Position {
	pos := mission.Position{Point: orb.Point{t[0], t[1]}, Alt: mission.Rel(KMLDefaultAltitude)}
	switch strings.TrimSpace(mode) {
	case "absolute":
		if len(t) == 3 {
			pos.Alt = mission.AMSL(t[2])
			return pos
		}
	case "relativeToGround":
		if len(t) == 3 {
			k.note(mission.SectionMission, "alt", "relativeToGround heights are read as heights above home")
			pos.Alt = mission.Rel(t[2])
			return pos
		}
	}
	k.note(mission.SectionMission, "alt", fmt.Sprintf("positions clamped to the ground or without a height fly at %g m above home", KMLDefaultAltitude))
	return pos
}

// note adds an info issue once per message.
func (k *kmlReader) note(sec mission.Section, field, msg string) {
	if !k.noted[msg] {
		k.noted[msg] = true
		k.l.Infof(sec, -1, field, "%s", msg)
	}
}

// kmlRing reads a LinearRing's coordinates as an open ring.
func kmlRing(s string) (orb.Ring, error) {
	tuples, err := kmlTuples(s)
	if err != nil {
		return nil, err
	}
	ring := make(orb.Ring, len(tuples))
	for i, t := range tuples {
		ring[i] = orb.Point{t[0], t[1]}
	}
	return openRing(ring), nil
}

// kmlTuples splits KML coordinates, "lon,lat[,alt] lon,lat[,alt] ...";
// blanks around the commas are tolerated.
func kmlTuples(s string) ([][]float64, error) {
	var b strings.Builder
	fields := strings.Fields(s)
	for i, f := range fields {
		if i > 0 && !strings.HasSuffix(fields[i-1], ",") && !strings.HasPrefix(f, ",") {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	var out [][]float64
	for _, tuple := range strings.Fields(b.String()) {
		parts := strings.Split(tuple, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("coordinates %.40q: want lon,lat[,alt]", tuple)
		}
		t := make([]float64, len(parts))
		for n, p := range parts {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil && !isRangeErr(err) {
				return nil, fmt.Errorf("coordinates %.40q: %.20q is not a number", tuple, p)
			}
			t[n] = f
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no coordinates")
	}
	return out, nil
}
