package report

import (
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"

	"skerry/gcs"
)

// severityRank orders the severities; an unknown one ranks below low.
var severityRank = map[gcs.IncidentSeverity]int{gcs.IncidentLow: 1, gcs.IncidentMedium: 2, gcs.IncidentHigh: 3}

// Route returns the units an incident goes to: those whose area contains
// its position and that take its type and severity, and the default units
// that take it; sorted by id.
func Route(units []gcs.Unit, inc *gcs.Incident) []gcs.Unit {
	if inc == nil {
		return nil
	}
	var out []gcs.Unit
	for _, u := range units {
		if !Takes(u, inc) {
			continue
		}
		if u.Default || AreaContains(u.Area, inc.Lat, inc.Lon) {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b gcs.Unit) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out
}

// Takes reports whether a unit takes an incident's type and severity
// (wherever it is). A unit with no types takes all; with no least
// severity, or one it does not know, all severities.
func Takes(u gcs.Unit, inc *gcs.Incident) bool {
	if len(u.Types) > 0 && !slices.Contains(u.Types, inc.Type) {
		return false
	}
	return severityRank[inc.Severity] >= severityRank[u.MinSeverity]
}

// AreaContains reports whether an area holds (lat, lon): inside its
// polygon (at least three corners, [lon, lat], closed or not), or within
// its circle (RadiusM > 0). A nil area, or one with neither, holds
// nothing.
func AreaContains(a *gcs.UnitArea, lat, lon float64) bool {
	if a == nil || !validPosition(lat, lon) {
		return false
	}
	p := orb.Point{lon, lat}
	if len(a.Polygon) >= 3 {
		ring := make(orb.Ring, 0, len(a.Polygon)+1)
		for _, c := range a.Polygon {
			ring = append(ring, orb.Point{c[0], c[1]})
		}
		if !ring.Closed() {
			ring = append(ring, ring[0])
		}
		return planar.RingContains(ring, p)
	}
	if a.RadiusM > 0 && validPosition(a.Lat, a.Lon) {
		return geo.DistanceHaversine(orb.Point{a.Lon, a.Lat}, p) <= a.RadiusM
	}
	return false
}

// validPosition reports whether (lat, lon) is a position on the globe.
func validPosition(lat, lon float64) bool {
	return finite(lat) && finite(lon) && math.Abs(lat) <= 90 && math.Abs(lon) <= 180
}

// finite reports whether x is a number.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
