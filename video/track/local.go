package track

import "math"

// earthRadius is WGS84's equatorial radius, as gcs uses to offset
// positions: the local frame agrees with gcs.CameraPose to the centimetre.
const earthRadius = 6378137.0

const degToRad = math.Pi / 180

// local is an east/north metric frame around an origin (equirectangular:
// a few metres off at most over the tens of kilometres a patrol covers).
type local struct {
	lat0, lon0 float64
	kx, ky     float64 // metres per degree of longitude, latitude
}

func newLocal(lat0, lon0 float64) local {
	ky := earthRadius * degToRad
	return local{lat0: lat0, lon0: lon0, kx: ky * math.Cos(lat0*degToRad), ky: ky}
}

// en is the east and north metres of a position from the origin.
func (f local) en(lat, lon float64) (east, north float64) {
	dLon := math.Mod(lon-f.lon0+540, 360) - 180
	return dLon * f.kx, (lat - f.lat0) * f.ky
}

// latLon is the inverse of en.
func (f local) latLon(east, north float64) (lat, lon float64) {
	lon = f.lon0 + east/f.kx
	if lon >= 180 {
		lon -= 360
	} else if lon < -180 {
		lon += 360
	}
	return f.lat0 + north/f.ky, lon
}

// Distance is the distance in metres between two nearby positions (an
// equirectangular approximation: good to a metre over a few kilometres).
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	e, n := newLocal(lat1, lon1).en(lat2, lon2)
	return math.Hypot(e, n)
}
