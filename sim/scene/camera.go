package scene

import "math"

// vec is a vector in the local frame: east, north, up metres.
type vec struct{ x, y, z float64 }

func (a vec) add(b vec) vec       { return vec{a.x + b.x, a.y + b.y, a.z + b.z} }
func (a vec) sub(b vec) vec       { return vec{a.x - b.x, a.y - b.y, a.z - b.z} }
func (a vec) scale(k float64) vec { return vec{a.x * k, a.y * k, a.z * k} }
func (a vec) dot(b vec) float64   { return a.x*b.x + a.y*b.y + a.z*b.z }
func (a vec) norm() float64       { return math.Sqrt(a.dot(a)) }

// camera is a pinhole camera in the local frame. Image x runs along right,
// image y down (against up), the optical axis is fwd; roll is always 0, so
// right is level and the horizon is a row.
type camera struct {
	pos         vec
	fwd, rt, up vec
	fpx, cx, cy float64 // focal length in pixels, principal point
	w, h        int
}

// minHFOV and maxHFOV bound a pose's field of view, degrees.
const minHFOV, maxHFOV = 0.5, 170

// newCamera places a camera for pose (already in local metres) on a
// w×h image. The image centre is (w/2, h/2); pixel (i, j) covers
// [i, i+1)×[j, j+1).
func newCamera(pos vec, pose Pose, w, h int) camera {
	yaw := (pose.Heading + pose.GimbalYaw) * math.Pi / 180
	pitch := math.Max(-90, math.Min(90, pose.GimbalPitch)) * math.Pi / 180
	hfov := math.Max(minHFOV, math.Min(maxHFOV, pose.HFOV)) * math.Pi / 180
	sy, cyw := math.Sin(yaw), math.Cos(yaw)
	sp, cp := math.Sin(pitch), math.Cos(pitch)
	return camera{
		pos: pos,
		fwd: vec{sy * cp, cyw * cp, sp},
		rt:  vec{cyw, -sy, 0},
		up:  vec{-sy * sp, -cyw * sp, cp},
		fpx: float64(w) / 2 / math.Tan(hfov/2),
		cx:  float64(w) / 2, cy: float64(h) / 2,
		w: w, h: h,
	}
}

// toCam returns a world point in camera coordinates: right, down, forward.
func (c *camera) toCam(p vec) vec {
	d := p.sub(c.pos)
	return vec{d.dot(c.rt), -d.dot(c.up), d.dot(c.fwd)}
}

// project returns the image position of a point in camera coordinates
// (its forward must be positive).
func (c *camera) project(p vec) (float64, float64) {
	return c.cx + c.fpx*p.x/p.z, c.cy + c.fpx*p.y/p.z
}
