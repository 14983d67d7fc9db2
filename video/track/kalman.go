package track

import "math"

// axis is a constant-velocity Kalman filter along one axis (east or
// north): position and velocity, with white acceleration as process noise.
// Position measurements with an isotropic error make the two axes
// independent, so a contact is two of these.
type axis struct {
	x, v          float64 // metres, metres per second
	pxx, pxv, pvv float64 // covariance
}

func newAxis(x, sigma, sigmaV float64) axis {
	return axis{x: x, pxx: sigma * sigma, pvv: sigmaV * sigmaV}
}

// predict moves the state dt seconds ahead; q is the acceleration's
// spectral density, (m/s²)²·s.
func (a *axis) predict(dt, q float64) {
	if dt <= 0 {
		return
	}
	a.x += a.v * dt
	pxx := a.pxx + 2*dt*a.pxv + dt*dt*a.pvv + q*dt*dt*dt/3
	pxv := a.pxv + dt*a.pvv + q*dt*dt/2
	a.pvv += q * dt
	a.pxx, a.pxv = pxx, pxv
}

// innovation is the measurement's residual and its variance.
func (a *axis) innovation(z, r float64) (y, s float64) {
	return z - a.x, a.pxx + r
}

// update takes a position measurement z with variance r.
func (a *axis) update(z, r float64) {
	y, s := a.innovation(z, r)
	kx, kv := a.pxx/s, a.pxv/s
	a.x += kx * y
	a.v += kv * y
	pxx := (1 - kx) * a.pxx
	pxv := (1 - kx) * a.pxv
	a.pvv -= kv * a.pxv
	a.pxx, a.pxv = pxx, pxv
}

// filter is a contact's position and velocity in local east/north metres.
type filter struct{ e, n axis }

func newFilter(east, north, sigma, sigmaV float64) filter {
	return filter{newAxis(east, sigma, sigmaV), newAxis(north, sigma, sigmaV)}
}

func (f *filter) predict(dt, q float64) { f.e.predict(dt, q); f.n.predict(dt, q) }

// distance2 is the squared Mahalanobis distance of a measurement (sigma
// metres, isotropic) from the predicted position.
func (f *filter) distance2(east, north, sigma float64) float64 {
	r := sigma * sigma
	ye, se := f.e.innovation(east, r)
	yn, sn := f.n.innovation(north, r)
	return ye*ye/se + yn*yn/sn
}

func (f *filter) update(east, north, sigma float64) {
	r := sigma * sigma
	f.e.update(east, r)
	f.n.update(north, r)
}

// sigmaPos is the position's one-sigma error, metres (the larger axis).
func (f *filter) sigmaPos() float64 { return math.Sqrt(math.Max(f.e.pxx, f.n.pxx)) }

// sigmaVel is the velocity's one-sigma error, metres per second.
func (f *filter) sigmaVel() float64 { return math.Sqrt(math.Max(f.e.pvv, f.n.pvv)) }
