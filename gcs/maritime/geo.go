package maritime

import (
	"math"
	"time"

	"skerry/gcs"
)

// earthRadius is WGS84's equatorial radius, metres: the rules measure
// small distances (metres to kilometres) in a local flat frame.
const earthRadius = 6378137.0

const degToRad = math.Pi / 180

// knot is one knot in m/s.
const knot = 1852.0 / 3600

// metresPerDegLat is the length of one degree of latitude, metres.
const metresPerDegLat = earthRadius * degToRad

// distance is the distance in metres between two nearby points, in the
// local flat frame at their mean latitude (an equirectangular
// approximation: under 0.1 % off within tens of kilometres).
func distance(lat1, lon1, lat2, lon2 float64) float64 {
	kx := metresPerDegLat * math.Cos((lat1+lat2)/2*degToRad)
	dx := (lon2 - lon1) * kx
	dy := (lat2 - lat1) * metresPerDegLat
	return math.Hypot(dx, dy)
}

// offset moves (lat, lon) by north and east metres.
func offset(lat, lon, north, east float64) (float64, float64) {
	kx := metresPerDegLat * math.Cos(lat*degToRad)
	if kx < 1 {
		kx = 1
	}
	return lat + north/metresPerDegLat, lon + east/kx
}

// destination is the point dist metres from (lat, lon) on course
// (degrees true), on the local flat frame.
func destination(lat, lon, course, dist float64) (float64, float64) {
	s, c := math.Sincos(course * degToRad)
	return offset(lat, lon, c*dist, s*dist)
}

// finite reports whether every value is a number.
func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// validPosition reports whether (lat, lon) is a position on the globe.
func validPosition(lat, lon float64) bool {
	return finite(lat, lon) && math.Abs(lat) <= 90 && math.Abs(lon) <= 180
}

// holdLast is how long after its last point a history is taken to stay
// there: an AIS-only track's last point is its last report, which may be
// a class B interval (30 s) or two older than a camera track's.
const holdLast = time.Minute

// positionAt is where a history was at time at, interpolated between its
// points, or its last point up to holdLast after it; ok is false outside
// that span.
func positionAt(h []gcs.TrackPoint, at time.Time) (lat, lon float64, ok bool) {
	n := len(h)
	if n == 0 || at.Before(h[0].At) || at.After(h[n-1].At.Add(holdLast)) {
		return 0, 0, false
	}
	if !at.Before(h[n-1].At) {
		return h[n-1].Lat, h[n-1].Lon, true
	}
	// First point at or after at.
	lo, hi := 0, n-1
	for lo < hi {
		mid := (lo + hi) / 2
		if h[mid].At.Before(at) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	b := h[lo]
	if lo == 0 || b.At.Equal(at) {
		return b.Lat, b.Lon, true
	}
	a := h[lo-1]
	span := b.At.Sub(a.At)
	if span <= 0 {
		return b.Lat, b.Lon, true
	}
	f := float64(at.Sub(a.At)) / float64(span)
	return a.Lat + f*(b.Lat-a.Lat), a.Lon + f*(b.Lon-a.Lon), true
}

// formatDuration writes a duration rounded to the second ("2m40s").
func formatDuration(d time.Duration) string {
	return d.Round(time.Second).String()
}

// formatDistance writes metres as "38 m" or "1.2 km".
func formatDistance(m float64) string {
	if m >= 1000 {
		return trimFloat(m/1000, 1) + " km"
	}
	return trimFloat(m, 0) + " m"
}
