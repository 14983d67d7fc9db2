package report

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"skerry/gcs"
)

// knot is one knot in m/s.
const knot = 1852.0 / 3600

// vesselFacts is what the incident holds of one vessel at its latest.
type vesselFacts struct {
	v        gcs.IncidentVessel
	course   float64 // degrees true; NaN unknown
	speedKn  float64 // knots; NaN unknown
	lat, lon float64 // last known position; NaN unknown
}

// factsOf gathers each vessel's course, speed and position from the
// evidence: its latest track (the cameras' view) first, else its latest
// AIS data.
func factsOf(inc *gcs.Incident) []vesselFacts {
	out := make([]vesselFacts, 0, len(inc.Vessels))
	for _, v := range inc.Vessels {
		f := vesselFacts{v: v, course: math.NaN(), speedKn: math.NaN(), lat: math.NaN(), lon: math.NaN()}
		track, ais := latestEvidence(inc.Evidence, v)
		if track != nil && len(track.Track) > 0 {
			pts := track.Track
			last := pts[len(pts)-1]
			if validPosition(last.Lat, last.Lon) {
				f.lat, f.lon = last.Lat, last.Lon
			}
			if len(pts) >= 2 {
				prev := pts[len(pts)-2]
				dt := last.At.Sub(prev.At).Seconds()
				a, b := orb.Point{prev.Lon, prev.Lat}, orb.Point{last.Lon, last.Lat}
				if dt > 0 && validPosition(prev.Lat, prev.Lon) && validPosition(last.Lat, last.Lon) {
					d := geo.DistanceHaversine(a, b)
					f.speedKn = d / dt / knot
					if d > 0 {
						f.course = math.Mod(geo.Bearing(a, b)+360, 360)
					}
				}
			}
		}
		if ais != nil && ais.AIS != nil {
			a := ais.AIS
			if math.IsNaN(f.speedKn) && a.SOG != nil && finite(*a.SOG) {
				f.speedKn = *a.SOG
			}
			if math.IsNaN(f.course) && a.COG != nil && finite(*a.COG) {
				f.course = *a.COG
			}
			if math.IsNaN(f.lat) && a.Position != nil && validPosition(a.Position.Lat, a.Position.Lon) {
				f.lat, f.lon = a.Position.Lat, a.Position.Lon
			}
		}
		out = append(out, f)
	}
	return out
}

// latestEvidence returns a vessel's latest track and AIS evidence (nil
// when none).
func latestEvidence(ev []gcs.Evidence, v gcs.IncidentVessel) (track, ais *gcs.Evidence) {
	for i := range ev {
		e := &ev[i]
		if e.Vessel != v.Target && (v.Contact == "" || e.Vessel != v.Contact) {
			continue
		}
		switch {
		case e.Kind == gcs.EvidenceTrack && len(e.Track) > 0 && (track == nil || !e.At.Before(track.At)):
			track = e
		case e.Kind == gcs.EvidenceAIS && e.AIS != nil && (ais == nil || !e.At.Before(ais.At)):
			ais = e
		}
	}
	return track, ais
}

// seenByCamera reports whether a camera saw a vessel of the incident: a
// visual contact, a camera status, a snapshot, a clip or a sighting (a
// track alone does not say: it may be AIS's).
func seenByCamera(inc *gcs.Incident) bool {
	for _, v := range inc.Vessels {
		if v.Contact != "" || v.Status == gcs.TargetDark || v.Status == gcs.TargetIdentified || v.Status == gcs.TargetInconsistent {
			return true
		}
	}
	for _, e := range inc.Evidence {
		switch e.Kind {
		case gcs.EvidenceSnapshot, gcs.EvidenceClip:
			if e.File != "" {
				return true
			}
		case gcs.EvidenceSensors:
			if len(e.Sensors) > 0 {
				return true
			}
		}
	}
	return false
}

// radiusKm is the radius of the circle around (lat, lon) that holds the
// vessels' last known positions, at least 0.5 km.
func radiusKm(lat, lon float64, facts []vesselFacts) float64 {
	r := 500.0
	c := orb.Point{lon, lat}
	for _, f := range facts {
		if !validPosition(f.lat, f.lon) {
			continue
		}
		if d := geo.DistanceHaversine(c, orb.Point{f.lon, f.lat}) + 100; d > r {
			r = d
		}
	}
	return r / 1000
}
