package mavlink

import "math"

// degE7Scale is MAVLink's scale for lat/lon integers.
const degE7Scale = 1e7

// DegE7 converts degrees to MAVLink's int32 degrees·10⁷, rounding to the
// nearest unit (about 1 cm). ok is false, and the result 0, for NaN or a
// value outside the int32 range. This and FromDegE7 are the only places the
// mission packages scale coordinates.
func DegE7(deg float64) (v int32, ok bool) {
	return toInt32(deg * degE7Scale)
}

// FromDegE7 converts MAVLink's degrees·10⁷ to degrees.
func FromDegE7(v int32) float64 {
	return float64(v) / degE7Scale
}

// toInt32 rounds f to the nearest int32; ok is false (and v 0) for NaN or
// out-of-range values.
func toInt32(f float64) (v int32, ok bool) {
	r := math.Round(f)
	if math.IsNaN(r) || r < math.MinInt32 || r > math.MaxInt32 {
		return 0, false
	}
	return int32(r), true
}
