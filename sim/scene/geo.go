package scene

import "math"

// earthRadius is the mean Earth radius in metres (the local projection's).
const earthRadius = 6371000.0

// frame is a local east/north metric projection around an origin: an
// equirectangular projection, accurate to a few metres over the tens of
// kilometres a scenario covers.
type frame struct {
	lat0, lon0 float64
	kx, ky     float64 // metres per degree of longitude, latitude
}

func newFrame(lat0, lon0 float64) frame {
	ky := earthRadius * math.Pi / 180
	return frame{lat0: lat0, lon0: lon0, kx: ky * math.Cos(lat0*math.Pi/180), ky: ky}
}

// xy returns the east and north metres of a point from the origin.
func (f frame) xy(lat, lon float64) (x, y float64) {
	return (lon - f.lon0) * f.kx, (lat - f.lat0) * f.ky
}

// latLon is the inverse of xy.
func (f frame) latLon(x, y float64) (lat, lon float64) {
	return f.lat0 + y/f.ky, f.lon0 + x/f.kx
}

// finite reports whether all values are finite numbers.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// normDeg brings an angle in degrees into [0, 360).
func normDeg(a float64) float64 {
	a = math.Mod(a, 360)
	if a < 0 {
		a += 360
	}
	return a
}
