package sim

import "math"

// earthRadius is the WGS84 equatorial radius used for small offsets, as
// ArduPilot's Location::offset does.
const earthRadius = 6378137.0

// offsetLatLon moves (lat, lon) in degrees by north/east metres.
func offsetLatLon(lat, lon, north, east float64) (float64, float64) {
	dLat := north / earthRadius * 180 / math.Pi
	dLon := east / (earthRadius * math.Cos(lat*math.Pi/180)) * 180 / math.Pi
	return lat + dLat, lon + dLon
}

// neDistance returns the north and east metres from (lat1, lon1) to (lat2, lon2).
func neDistance(lat1, lon1, lat2, lon2 float64) (north, east float64) {
	north = (lat2 - lat1) * math.Pi / 180 * earthRadius
	east = (lon2 - lon1) * math.Pi / 180 * earthRadius * math.Cos(lat1*math.Pi/180)
	return north, east
}

// degE7 converts degrees to MAVLink's integer degrees × 1e7; the one place
// where that conversion happens for outgoing messages.
func degE7(d float64) int32 { return int32(math.Round(d * 1e7)) }

// fromDegE7 converts MAVLink's integer degrees × 1e7 to degrees.
func fromDegE7(v int32) float64 { return float64(v) / 1e7 }

// wrapPi wraps an angle in radians to (-π, π].
func wrapPi(a float64) float64 {
	for a > math.Pi {
		a -= 2 * math.Pi
	}
	for a <= -math.Pi {
		a += 2 * math.Pi
	}
	return a
}

// wrap2Pi wraps an angle in radians to [0, 2π).
func wrap2Pi(a float64) float64 {
	a = math.Mod(a, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	return a
}

// clamp limits v to [lo, hi].
func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
