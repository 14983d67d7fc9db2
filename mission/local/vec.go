package local

import "math"

// XY is a point in metres east (X) and north (Y) of the origin, or a
// vector between two such points.
type XY struct{ X, Y float64 }

// Add returns a + b.
func (a XY) Add(b XY) XY { return XY{a.X + b.X, a.Y + b.Y} }

// Sub returns a − b.
func (a XY) Sub(b XY) XY { return XY{a.X - b.X, a.Y - b.Y} }

// Scale returns a scaled by k.
func (a XY) Scale(k float64) XY { return XY{a.X * k, a.Y * k} }

// Dot is the dot product a·b.
func (a XY) Dot(b XY) float64 { return a.X*b.X + a.Y*b.Y }

// Cross is the z component of the cross product a×b: positive when b
// turns left (counter-clockwise) from a.
func (a XY) Cross(b XY) float64 { return a.X*b.Y - a.Y*b.X }

// Norm is the length of a.
func (a XY) Norm() float64 { return math.Hypot(a.X, a.Y) }

// Perp is a turned a quarter turn left (counter-clockwise).
func (a XY) Perp() XY { return XY{-a.Y, a.X} }

// Lerp is the point a fraction t of the way from a to b.
func (a XY) Lerp(b XY, t float64) XY { return a.Add(b.Sub(a).Scale(t)) }

// Unit is a scaled to length 1; the zero vector stays zero.
func (a XY) Unit() XY {
	n := a.Norm()
	if n == 0 {
		return a
	}
	return a.Scale(1 / n)
}

// Dist is the distance between two points.
func Dist(a, b XY) float64 { return math.Hypot(b.X-a.X, b.Y-a.Y) }

// RingArea is the signed area of a ring, open or closed: positive when it
// runs counter-clockwise, negative clockwise.
func RingArea(r []XY) float64 {
	var s float64
	for i := range r {
		s += r[i].Cross(r[(i+1)%len(r)])
	}
	return s / 2
}
