package planfile

import (
	"errors"
	"math"
)

// QGroundControl 4.x's plane geometry, kept to its arithmetic so that an
// expansion gives the coordinates QGroundControl would upload: the
// azimuthal equidistant projection of QGCGeo.cc (convertGeoToNed,
// convertNedToGeo) on a sphere of 6 371 000 m, and the QLineF operations
// QGCMapPolygon::offset uses (angles in degrees, counter-clockwise with
// y down, as Qt measures them).

// qgcEarthRadius is QGCGeo.cc's CONSTANTS_RADIUS_OF_EARTH, m.
const qgcEarthRadius = 6371000.0

// qgcLatLon is a QGeoCoordinate's latitude and longitude, degrees.
type qgcLatLon struct{ lat, lon float64 }

// qgcXY is a QPointF: x east, y north, metres (QGCMapPolygon::nedPolygon
// puts east in x and north in y).
type qgcXY struct{ x, y float64 }

// qgcGeoToNed is convertGeoToNed: north and east of origin, m.
func qgcGeoToNed(c, origin qgcLatLon) (north, east float64) {
	if c == origin {
		return 0, 0
	}
	lat, lon := c.lat*math.Pi/180, c.lon*math.Pi/180
	refLat, refLon := origin.lat*math.Pi/180, origin.lon*math.Pi/180
	sinLat, cosLat, cosDLon := math.Sin(lat), math.Cos(lat), math.Cos(lon-refLon)
	refSinLat, refCosLat := math.Sin(refLat), math.Cos(refLat)
	cc := math.Acos(refSinLat*sinLat + refCosLat*cosLat*cosDLon)
	k := 1.0
	if math.Abs(cc) >= epsilon64 {
		k = cc / math.Sin(cc)
	}
	north = k * (refCosLat*sinLat - refSinLat*cosLat*cosDLon) * qgcEarthRadius
	east = k * cosLat * math.Sin(lon-refLon) * qgcEarthRadius
	return north, east
}

// epsilon64 is std::numeric_limits<double>::epsilon().
const epsilon64 = 2.220446049250313e-16

// qgcNedToGeo is convertNedToGeo.
func qgcNedToGeo(north, east float64, origin qgcLatLon) qgcLatLon {
	xRad, yRad := north/qgcEarthRadius, east/qgcEarthRadius
	c := math.Sqrt(xRad*xRad + yRad*yRad)
	sinC, cosC := math.Sin(c), math.Cos(c)
	refLat, refLon := origin.lat*math.Pi/180, origin.lon*math.Pi/180
	refSinLat, refCosLat := math.Sin(refLat), math.Cos(refLat)
	lat, lon := refLat, refLon
	if math.Abs(c) > epsilon64 {
		lat = math.Asin(cosC*refSinLat + (xRad*sinC*refCosLat)/c)
		lon = refLon + math.Atan2(yRad*sinC, c*refCosLat*cosC-xRad*refSinLat*sinC)
	}
	return qgcLatLon{lat: lat * 180 / math.Pi, lon: lon * 180 / math.Pi}
}

// qgcLine is a QLineF.
type qgcLine struct{ p1, p2 qgcXY }

// length is QLineF::length.
func (l qgcLine) length() float64 { return math.Hypot(l.p2.x-l.p1.x, l.p2.y-l.p1.y) }

// angle is QLineF::angle: degrees in [0, 360), counter-clockwise with y
// pointing down.
func (l qgcLine) angle() float64 {
	theta := math.Atan2(-(l.p2.y-l.p1.y), l.p2.x-l.p1.x) * 360 / (2 * math.Pi)
	if theta < 0 {
		theta += 360
	}
	if math.Abs(theta-360) <= 1e-12*360 { // qFuzzyCompare(theta, 360)
		return 0
	}
	return theta
}

// setLength is QLineF::setLength: p2 moves along the line.
func (l *qgcLine) setLength(n float64) {
	if old := l.length(); old > 0 {
		l.p2 = qgcXY{l.p1.x + n*((l.p2.x-l.p1.x)/old), l.p1.y + n*((l.p2.y-l.p1.y)/old)}
	}
}

// setAngle is QLineF::setAngle: p2 turns about p1, length kept.
func (l *qgcLine) setAngle(deg float64) {
	r, n := deg*2*math.Pi/360, l.length()
	l.p2 = qgcXY{l.p1.x + math.Cos(r)*n, l.p1.y - math.Sin(r)*n}
}

// errParallel is QLineF::NoIntersection.
var errParallel = errors.New("parallel lines")

// intersect is QLineF::intersects: where the two (unbounded) lines meet.
func (l qgcLine) intersect(o qgcLine) (qgcXY, error) {
	a := qgcXY{l.p2.x - l.p1.x, l.p2.y - l.p1.y}
	b := qgcXY{o.p1.x - o.p2.x, o.p1.y - o.p2.y}
	c := qgcXY{l.p1.x - o.p1.x, l.p1.y - o.p1.y}
	den := a.y*b.x - a.x*b.y
	if den == 0 || math.IsInf(den, 0) || math.IsNaN(den) {
		return qgcXY{}, errParallel
	}
	na := (b.y*c.x - b.x*c.y) / den
	return qgcXY{l.p1.x + a.x*na, l.p1.y + a.y*na}, nil
}

// qgcOffsetPolygon is QGCMapPolygon::offset: every edge moved distance
// metres to its left (outwards for a clockwise polygon), the new
// vertices where consecutive moved edges meet, around vertex 0 as the
// tangent origin.
func qgcOffsetPolygon(poly []qgcLatLon, distance float64) ([]qgcLatLon, error) {
	origin := poly[0]
	ned := make([]qgcXY, len(poly))
	for i, v := range poly {
		if i > 0 {
			n, e := qgcGeoToNed(v, origin)
			ned[i] = qgcXY{x: e, y: n}
		}
	}
	edges := make([]qgcLine, len(ned))
	for i := range ned {
		orig := qgcLine{ned[i], ned[(i+1)%len(ned)]}
		w := orig
		w.setLength(distance)
		w.setAngle(w.angle() - 90)
		back := qgcLine{orig.p2, orig.p1}
		back.setLength(distance)
		back.setAngle(back.angle() + 90)
		edges[i] = qgcLine{w.p2, back.p2}
	}
	out := make([]qgcLatLon, len(edges))
	for i := range edges {
		prev := edges[(i+len(edges)-1)%len(edges)]
		p, err := prev.intersect(edges[i])
		if err != nil {
			return nil, err
		}
		out[i] = qgcNedToGeo(p.y, p.x, origin)
	}
	return out, nil
}

// qgcSignedArea is twice the signed area of the polygon in the local
// east-north plane: positive counter-clockwise.
func qgcSignedArea(poly []qgcLatLon) float64 {
	var s float64
	for i := range poly {
		an, ae := qgcGeoToNed(poly[i], poly[0])
		bn, be := qgcGeoToNed(poly[(i+1)%len(poly)], poly[0])
		s += ae*bn - be*an
	}
	return s
}
