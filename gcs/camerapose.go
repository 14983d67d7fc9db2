package gcs

import "math"

// CameraPose is where a camera is and where it looks, enough to project
// any point of its image onto the sea surface (the footprint, and later
// detections from pixels to the sea). Angles are degrees.
type CameraPose struct {
	Lat, Lon float64
	// AltAMSL is the camera's altitude above mean sea level; the sea
	// surface is at SeaAMSL (0 by default).
	AltAMSL float64
	SeaAMSL float64
	// Yaw, Pitch and Roll orient the camera in the earth frame (north,
	// east, down; applied yaw, then pitch, then roll): Yaw is the bearing
	// of the optical axis clockwise from north, Pitch its angle to the
	// horizon (-90 straight down), Roll a turn about the optical axis.
	// With all three 0 the camera looks north at the horizon, the image's
	// right is east and its top is up.
	Yaw, Pitch, Roll float64
	// HFOV is the horizontal field of view; Aspect the image's width over
	// its height (0: 16:9).
	HFOV   float64
	Aspect float64
	// MaxRange bounds, in metres along the surface, how far a ray is
	// followed (0: DefaultMaxRange); a ray that meets the sea farther
	// away, or never does, is clipped there.
	MaxRange float64
}

// DefaultMaxRange is the horizontal distance beyond which the sea is not
// projected: the horizon seen from a drone is tens of kilometres away, but
// what is seen there is too small to matter.
const DefaultMaxRange = 2000.0

// earthRadius is WGS84's equatorial radius: small offsets around the
// camera are turned into degrees on a sphere of that radius.
const earthRadius = 6378137.0

const degToRad = math.Pi / 180

// SeaPoint is where a ray from the camera meets the sea.
type SeaPoint struct {
	Lat, Lon float64
	// Range is the horizontal distance from below the camera, metres.
	Range float64
	// Clipped is true when the ray does not meet the sea within MaxRange
	// (above the horizon, or too far): the point is where the ray's
	// bearing crosses MaxRange.
	Clipped bool
}

// Aspects and fields of view the pose falls back on.
func (p CameraPose) aspect() float64 {
	if p.Aspect > 0 && !math.IsInf(p.Aspect, 0) {
		return p.Aspect
	}
	return 16.0 / 9
}

func (p CameraPose) maxRange() float64 {
	if p.MaxRange > 0 {
		return p.MaxRange
	}
	return DefaultMaxRange
}

// VFOV is the vertical field of view in degrees, from HFOV and the aspect
// (a pinhole camera).
func (p CameraPose) VFOV() float64 {
	return 2 * math.Atan(math.Tan(p.HFOV*degToRad/2)/p.aspect()) / degToRad
}

// Ray is the direction (north, east, down; not normalised) of the image
// point (u, v): u from 0 (left edge) to 1 (right edge), v from 0 (top
// edge) to 1 (bottom edge); (0.5, 0.5) is the optical axis. A pixel
// (x, y) of a W×H image is u = (x+0.5)/W, v = (y+0.5)/H.
func (p CameraPose) Ray(u, v float64) (north, east, down float64) {
	tx := math.Tan(p.HFOV * degToRad / 2)
	ty := tx / p.aspect()
	// Camera frame: forward along the optical axis, right, down.
	f, r, d := 1.0, (2*u-1)*tx, (2*v-1)*ty
	// Roll about forward, pitch about right, yaw about down.
	sr, cr := math.Sincos(p.Roll * degToRad)
	r, d = cr*r-sr*d, sr*r+cr*d
	sp, cp := math.Sincos(p.Pitch * degToRad)
	f, d = cp*f+sp*d, -sp*f+cp*d
	sy, cy := math.Sincos(p.Yaw * degToRad)
	return cy*f - sy*r, sy*f + cy*r, d
}

// PixelToSea projects the image point (u, v) (see Ray) onto the sea. ok is
// false when the pose cannot say (the camera at or below the sea, or a
// value that is not a number).
func (p CameraPose) PixelToSea(u, v float64) (pt SeaPoint, ok bool) {
	h := p.AltAMSL - p.SeaAMSL
	if !(h > 0) || !finite(p.Lat, p.Lon, h, p.Yaw, p.Pitch, p.Roll, p.HFOV, u, v) || !(p.HFOV > 0 && p.HFOV < 180) {
		return SeaPoint{}, false
	}
	n, e, d := p.Ray(u, v)
	horiz := math.Hypot(n, e)
	maxR := p.maxRange()
	rng := math.Inf(1)
	if d > 0 {
		rng = h / d * horiz
	}
	if rng > maxR {
		rng, pt.Clipped = maxR, true
	}
	var dn, de float64
	if horiz > 0 {
		dn, de = n/horiz*rng, e/horiz*rng
	}
	pt.Lat, pt.Lon = offset(p.Lat, p.Lon, dn, de)
	pt.Range = math.Hypot(dn, de)
	return pt, true
}

// offset moves a position by north and east metres (small offsets).
func offset(lat, lon, north, east float64) (float64, float64) {
	dLat := north / earthRadius / degToRad
	dLon := east / (earthRadius * math.Cos(lat*degToRad)) / degToRad
	return lat + dLat, normLon(lon + dLon)
}

// normLon wraps a longitude into [-180, 180).
func normLon(lon float64) float64 {
	if lon >= -180 && lon < 180 {
		return lon
	}
	return math.Mod(math.Mod(lon+180, 360)+360, 360) - 180
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
