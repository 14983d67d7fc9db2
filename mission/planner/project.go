package planner

import (
	"math"

	"github.com/paulmach/orb"

	"skerry/mission/local"
)

// vec is a point or vector in package local's plane: X east, Y north,
// metres. Planners keep margins a few metres generous over areas larger
// than ~20 km (see package local for the projection's accuracy).
type vec = local.XY

// heading returns the unit vector of a compass heading in degrees
// (0 north, 90 east).
func heading(deg float64) vec {
	s, c := math.Sincos(deg * math.Pi / 180)
	return vec{X: s, Y: c}
}

// projectionFor centres the plane on the middle of the bound b.
func projectionFor(b orb.Bound) local.Projection { return local.New(b.Center()) }
