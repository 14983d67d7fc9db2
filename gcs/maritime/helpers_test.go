package maritime

import (
	"time"

	"github.com/paulmach/orb"

	"skerry/gcs"
)

// t0 is the tests' now.
var t0 = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// squareAt is a square zone of size degrees with its south-west corner at
// (lat, lon).
func squareAt(lat, lon, size float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat}}}}
}

// path is a history of n points step apart ending at now, moving at speed
// (m/s) on course from wherever it was n-1 steps before (end).
func path(endLat, endLon, course, speed float64, n int, step time.Duration, now time.Time) []gcs.TrackPoint {
	h := make([]gcs.TrackPoint, n)
	for i := range n {
		back := float64(n-1-i) * step.Seconds() * speed
		lat, lon := destination(endLat, endLon, course+180, back)
		h[i] = gcs.TrackPoint{At: now.Add(-time.Duration(n-1-i) * step), Lat: lat, Lon: lon, ErrorM: 10}
	}
	return h
}

// circling is a history of n points step apart ending at now, on a
// circle of radius metres around (lat, lon).
func circling(lat, lon, radius float64, n int, step time.Duration, now time.Time) []gcs.TrackPoint {
	h := make([]gcs.TrackPoint, n)
	for i := range n {
		plat, plon := destination(lat, lon, float64(i)*37, radius)
		h[i] = gcs.TrackPoint{At: now.Add(-time.Duration(n-1-i) * step), Lat: plat, Lon: plon, ErrorM: 10}
	}
	return h
}

// track is a target with a history; its position, first and last seen
// are the history's.
func track(id gcs.VesselID, h []gcs.TrackPoint) *Track {
	last := h[len(h)-1]
	return &Track{Target: gcs.Target{ID: id, Lat: last.Lat, Lon: last.Lon, At: last.At, FirstSeen: h[0].At, LastSeen: last.At,
		Course: gcs.Unknown, Speed: gcs.Unknown, Length: gcs.Unknown}, History: h}
}

// dark is a camera-only target.
func dark(contact string, h []gcs.TrackPoint) *Track {
	t := track(gcs.VesselID(contact), h)
	t.Target.Status = gcs.TargetDark
	t.Target.Contact = gcs.VesselID(contact)
	t.Target.Sources = []string{gcs.SourceCamera}
	return t
}

// ais is an AIS-only target heard until its last point.
func ais(mmsi uint32, name string, h []gcs.TrackPoint) *Track {
	t := track(gcs.VesselID("ais-"+itoa(mmsi)), h)
	t.Target.Status = gcs.TargetAIS
	t.Target.MMSI = mmsi
	t.Target.Sources = []string{gcs.SourceAIS}
	last := h[len(h)-1]
	sog := 5.0
	t.Target.AIS = &gcs.AISVessel{MMSI: mmsi, Class: "A", AISStatic: gcs.AISStatic{Name: name, ShipType: 70},
		Position: &gcs.AISPosition{Lat: last.Lat, Lon: last.Lon, Time: last.At}, SOG: &sog,
		FirstHeard: h[0].At, LastHeard: last.At, Reports: uint64(len(h) * 6)}
	return t
}

// seen makes an AIS target identified: a camera sees it as contact.
func seen(t *Track, contact string) *Track {
	t.Target.ID = gcs.VesselID(contact)
	t.Target.Contact = gcs.VesselID(contact)
	t.Target.Status = gcs.TargetIdentified
	t.Target.Sources = []string{gcs.SourceCamera, gcs.SourceAIS}
	return t
}

// moving sets a target's speed (knots) and course.
func moving(t *Track, kn, course float64) *Track {
	t.Target.Speed = gcs.Reading(kn * knot)
	t.Target.Course = gcs.Reading(course)
	return t
}

func itoa(n uint32) string {
	b := []byte{}
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// keys lists findings' keys.
func keys(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Key)
	}
	return out
}
