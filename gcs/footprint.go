package gcs

import (
	"math"
	"slices"
)

// Footprint is the patch of sea a vehicle's camera sees: the image's four
// corners projected on the sea surface (top-left, top-right,
// bottom-right, bottom-left), a polygon the console draws on the map.
type Footprint struct {
	// Stream is the key of the stream whose field of view was used.
	Stream string `json:"stream"`
	// Corners are latitude and longitude only (altitudes 0: the sea).
	Corners []Position `json:"corners"`
	// Clipped is true when some corner looks above the horizon or beyond
	// DefaultMaxRange: the polygon stops there, the view goes on.
	Clipped bool `json:"clipped"`
}

// imageCorners are the (u, v) of the image's corners, clockwise from the
// top left.
var imageCorners = [4][2]float64{{0, 0}, {1, 0}, {1, 1}, {0, 1}}

// Footprint projects the image's corners onto the sea; nil when the pose
// cannot say (see PixelToSea).
func (p CameraPose) Footprint() *Footprint {
	fp := &Footprint{Corners: make([]Position, 0, 4)}
	for _, c := range imageCorners {
		pt, ok := p.PixelToSea(c[0], c[1])
		if !ok {
			return nil
		}
		fp.Corners = append(fp.Corners, Position{Lat: pt.Lat, Lon: pt.Lon})
		fp.Clipped = fp.Clipped || pt.Clipped
	}
	return fp
}

// PoseOf is the pose of v's camera as the station knows it, and the key
// of the stream it describes: the first stream (or camera) with a known
// field of view. The camera sits at the vehicle's position. With a gimbal
// report, it looks where the gimbal says (pitch to the horizon, roll
// stabilised, yaw from north or from the vehicle's heading); without one,
// it is taken as fixed to the vehicle, looking straight down, the image's
// top towards the nose (a gimbal whose angles are unknown gives no
// pose: it may look anywhere). ok is false when something needed is unknown.
func PoseOf(v *Vehicle) (p CameraPose, stream string, ok bool) {
	if !v.HasPosition {
		return p, "", false
	}
	p = CameraPose{Lat: v.Position.Lat, Lon: v.Position.Lon, AltAMSL: v.Position.AltAMSL}
	if p.HFOV, p.Aspect, stream = fieldOfView(v.Cameras); p.HFOV <= 0 {
		return p, "", false
	}
	vehYaw := v.Attitude.Yaw
	if !vehYaw.Known() {
		vehYaw = v.Heading
	}
	if g := v.Gimbal; g != nil && g.Component != 0 { // reported, not just an ROI
		yaw := g.YawEarth
		if !yaw.Known() {
			yaw = compass(vehYaw + g.Yaw)
		}
		p.Pitch, p.Yaw = float64(g.Pitch), float64(yaw)
		return p, stream, yaw.Known() && g.Pitch.Known()
	}
	if !vehYaw.Known() {
		return p, "", false
	}
	p.Yaw, p.Pitch, p.Roll = bodyNadir(float64(vehYaw), v.Attitude.Pitch.Or(0), v.Attitude.Roll.Or(0))
	return p, stream, true
}

// fieldOfView finds the first stream, then the first camera, with a
// known horizontal field of view, and its aspect (0 unknown).
func fieldOfView(cams []VehicleCamera) (hfov, aspect float64, key string) {
	for _, c := range cams {
		for _, s := range c.Streams {
			h := s.HFOV
			if h <= 0 {
				h = c.HFOV
			}
			if h > 0 {
				return h, streamAspect(s), s.Key
			}
		}
	}
	for _, c := range cams {
		if c.HFOV > 0 {
			return c.HFOV, 0, ""
		}
	}
	return 0, 0, ""
}

// streamAspect is a stream's width over height, as announced or decoded.
func streamAspect(s VideoStream) float64 {
	switch {
	case s.Width > 0 && s.Height > 0:
		return float64(s.Width) / float64(s.Height)
	case s.Health != nil && s.Health.Width > 0 && s.Health.Height > 0:
		return float64(s.Health.Width) / float64(s.Health.Height)
	}
	return 0
}

// bodyNadir is the earth-frame yaw, pitch and roll of a camera fixed to
// a vehicle looking straight down (mounted pitched -90° in the body),
// from the vehicle's yaw, pitch and roll (degrees).
func bodyNadir(yaw, pitch, roll float64) (y, p, r float64) {
	// Columns of the camera's axes in the earth frame: R_body · R_mount.
	body := rotation(yaw, pitch, roll)
	mount := rotation(0, -90, 0)
	var m [3][3]float64
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				m[i][j] += body[i][k] * mount[k][j]
			}
		}
	}
	p = math.Asin(math.Max(-1, math.Min(1, -m[2][0]))) / degToRad
	if math.Abs(m[2][0]) > 1-1e-9 { // looking straight down or up: yaw and roll are one turn
		return math.Atan2(-m[0][1], m[1][1]) / degToRad, p, 0
	}
	return math.Atan2(m[1][0], m[0][0]) / degToRad, p, math.Atan2(m[2][1], m[2][2]) / degToRad
}

// rotation is the matrix R = Rz(yaw)·Ry(pitch)·Rx(roll) (degrees).
func rotation(yaw, pitch, roll float64) [3][3]float64 {
	sy, cy := math.Sincos(yaw * degToRad)
	sp, cp := math.Sincos(pitch * degToRad)
	sr, cr := math.Sincos(roll * degToRad)
	return [3][3]float64{
		{cy * cp, cy*sp*sr - sy*cr, cy*sp*cr + sy*sr},
		{sy * cp, sy*sp*sr + cy*cr, sy*sp*cr - cy*sr},
		{-sp, cp * sr, cp * cr},
	}
}

// footprintOf is v's camera footprint, nil when it cannot be said.
func footprintOf(v *Vehicle) *Footprint {
	p, key, ok := PoseOf(v)
	if !ok {
		return nil
	}
	fp := p.Footprint()
	if fp != nil {
		fp.Stream = key
	}
	return fp
}

// refreshFootprint recomputes v's footprint after an update that may move
// it, keeping the old value when nothing changed.
func refreshFootprint(v *Vehicle, u Update) {
	switch u.(type) {
	case GlobalPosition, AttitudeUpdate, GimbalUpdate, CameraUpdate, StreamHealthUpdate:
	default:
		return
	}
	fp := footprintOf(v)
	if !sameFootprint(fp, v.Footprint) {
		v.Footprint = fp
	}
}

func sameFootprint(a, b *Footprint) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Stream == b.Stream && a.Clipped == b.Clipped && slices.Equal(a.Corners, b.Corners)
}

// compass is deg normalised to [0, 360); unknown stays unknown.
func compass(deg Reading) Reading {
	if !deg.Known() {
		return Unknown
	}
	d := math.Mod(float64(deg), 360)
	if d < 0 {
		d += 360
	}
	return Reading(d)
}
