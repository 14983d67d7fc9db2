package track

import (
	"math"

	"skerry/gcs"
	"skerry/video/detect"
)

// PoseError is how uncertain a camera pose is, one sigma.
type PoseError struct {
	// Attitude is the camera's pitch and yaw uncertainty, degrees (the
	// gimbal's and vehicle's attitude reports, their timing and the
	// interpolation to the capture time).
	Attitude float64
	// Altitude is the camera's height uncertainty above the sea, metres
	// (barometer drift, tide, the geoid).
	Altitude float64
	// Position is the camera's horizontal position uncertainty, metres
	// (GNSS).
	Position float64
}

// DefaultPoseError is a hobby-grade autopilot's pose: attitude to a
// degree, height to 2 m, GNSS to 2 m.
var DefaultPoseError = PoseError{Attitude: 1, Altitude: 2, Position: 2}

// Fix is a detection placed on the sea.
type Fix struct {
	Lat, Lon float64
	// ErrorM is the position's estimated error, metres, one sigma: the
	// pose's uncertainty propagated through the projection (it grows with
	// range, steeply towards the horizon) plus the uncertainty of where
	// in its box the boat's centre is.
	ErrorM float64
	// Range is the horizontal distance from below the camera, metres.
	Range float64
	// Length is the boat's estimated length, metres (0 unknown).
	Length float64
}

// nadirPitch: from this pitch down (degrees) the camera looks almost
// straight down: a box's centre is the boat's, and its extent on the sea
// is its plan.
const nadirPitch = -70

// Geolocate places box (pixels of a width×height frame) on the sea seen
// from pose p: the contact point (the box's centre seen from above, its
// bottom edge's centre — the waterline nearest the camera — seen
// obliquely, moved half a hull towards the box's centre) is projected
// with gcs.CameraPose.PixelToSea, and e is propagated by projecting again
// with the pitch, the yaw and the height moved by one sigma each. ok is
// false when the point does not meet the sea within the pose's MaxRange
// (above the horizon, or too far to say).
func Geolocate(p gcs.CameraPose, box detect.Box, width, height int, e PoseError) (f Fix, ok bool) {
	if width <= 0 || height <= 0 || !finite(box.X, box.Y, box.W, box.H) {
		return Fix{}, false
	}
	p.Aspect = float64(width) / float64(height)
	W, H := float64(width), float64(height)
	cu := (box.X + box.W/2) / W
	top, bottom := box.Y/H, (box.Y+box.H)/H
	cv := contactV(p.Pitch, top, bottom)
	c, ok := p.PixelToSea(cu, cv)
	if !ok || c.Clipped {
		return Fix{}, false
	}
	f.Lat, f.Lon, f.Range = c.Lat, c.Lon, c.Range
	fr := newLocal(c.Lat, c.Lon)
	moved := func(q gcs.CameraPose) float64 {
		m, ok := q.PixelToSea(cu, cv)
		if !ok || m.Clipped {
			return maxRange(q)
		}
		de, dn := fr.en(m.Lat, m.Lon)
		return math.Hypot(de, dn)
	}
	var v float64
	if e.Attitude > 0 {
		q := p
		q.Pitch += e.Attitude
		if q.Pitch > 90 {
			q.Pitch = p.Pitch - e.Attitude
		}
		v += sq(moved(q))
		q = p
		q.Yaw += e.Attitude
		v += sq(moved(q))
	}
	if e.Altitude > 0 {
		q := p
		q.AltAMSL += e.Altitude
		v += sq(moved(q))
	}
	v += sq(e.Position)
	// The boat's footprint on the sea, from the box's corners.
	wide, deep := extent(p, box, W, H)
	f.Length = lengthOf(p.Pitch, wide, deep)
	// Where the centre is within the box: a quarter of the boat's length;
	// a box cut by the frame's edge shows part of the boat, whose centre
	// may be a whole visible length away.
	if cut(box, W, H) {
		v += sq(math.Max(f.Length, math.Max(wide, deep)))
	} else {
		v += sq(f.Length / 4)
	}
	f.ErrorM = math.Sqrt(v)
	return f, true
}

// contactV is the image row (0 top, 1 bottom) of the boat's centre: the
// box's centre from straight above; seen obliquely, the box's bottom is
// the near waterline and its top the far superstructure, so the centre is
// taken part way up, less so the lower the camera looks.
func contactV(pitch, top, bottom float64) float64 {
	k := 0.5 // nadir: the centre
	if pitch > nadirPitch {
		// Linear from 0.5 at nadirPitch to obliqueUp at the horizon.
		t := math.Min(1, (pitch-nadirPitch)/(0-nadirPitch))
		k = 0.5 + (obliqueUp-0.5)*t
	}
	return bottom - k*(bottom-top)
}

// obliqueUp is how far up the box the centre is taken at the horizon: the
// hull's depth there is a few pixels, most of the box is its height.
const obliqueUp = 0.15

// obliqueDeep is the part of an oblique box's depth on the sea that is
// the boat's length (see lengthOf).
const obliqueDeep = 0.85

// extent is the box's width along its bottom edge and its depth from
// bottom to top centre, projected on the sea (metres; 0 when a corner
// does not meet the sea).
func extent(p gcs.CameraPose, box detect.Box, W, H float64) (wide, deep float64) {
	l, r := box.X/W, (box.X+box.W)/W
	top, bottom := box.Y/H, (box.Y+box.H)/H
	bl, ok1 := p.PixelToSea(l, bottom)
	br, ok2 := p.PixelToSea(r, bottom)
	bc, ok3 := p.PixelToSea((l+r)/2, bottom)
	tc, ok4 := p.PixelToSea((l+r)/2, top)
	if !ok1 || !ok2 || !ok3 || bl.Clipped || br.Clipped || bc.Clipped {
		return 0, 0
	}
	fr := newLocal(bc.Lat, bc.Lon)
	e1, n1 := fr.en(bl.Lat, bl.Lon)
	e2, n2 := fr.en(br.Lat, br.Lon)
	wide = math.Hypot(e2-e1, n2-n1)
	if ok4 && !tc.Clipped {
		e, n := fr.en(tc.Lat, tc.Lon)
		deep = math.Hypot(e, n)
	}
	return wide, deep
}

// lengthOf estimates a boat's length from its box's extent on the sea:
// from above, between the longer side and the diagonal (a boat lying
// diagonally fills a box whose sides are each about 0.7 of its length and
// whose diagonal is its length plus its beam); obliquely, the width, or
// the depth when the boat points at the camera, discounted for the
// superstructure's height that the depth also holds (obliqueDeep,
// measured on the simulator's boats at 20–45°: a 5–10 % median error).
func lengthOf(pitch, wide, deep float64) float64 {
	if wide <= 0 {
		return 0
	}
	if pitch <= nadirPitch {
		return (math.Max(wide, deep) + math.Hypot(wide, deep)*0.85) / 2
	}
	return math.Max(wide, deep*obliqueDeep)
}

// maxRange is how far the pose follows a ray (gcs.CameraPose.MaxRange).
func maxRange(p gcs.CameraPose) float64 {
	if p.MaxRange > 0 {
		return p.MaxRange
	}
	return gcs.DefaultMaxRange
}

// cut reports whether a box touches the frame's edge.
func cut(b detect.Box, W, H float64) bool {
	return b.X <= 1 || b.Y <= 1 || b.X+b.W >= W-1 || b.Y+b.H >= H-1
}

func sq(x float64) float64 { return x * x }

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
