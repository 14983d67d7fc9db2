package airspace

import (
	"math"

	"github.com/paulmach/orb"

	"skerry/mission/local"
)

// Exclusions returns the shapes a plan must stay out of under op: every
// volume of every zone whose effect is an exclusion, circles as polygons
// drawn around them (never inside), ready for a planner.
func Exclusions(zones []Zone, op Operation) []orb.Polygon {
	var out []orb.Polygon
	for i := range zones {
		if zones[i].Effect(op).Kind != EffectExclusion {
			continue
		}
		for _, v := range zones[i].Volumes {
			if v.Circle != nil {
				out = append(out, CirclePolygon(*v.Circle, 64))
			} else {
				out = append(out, v.Polygon)
			}
		}
	}
	return out
}

// CirclePolygon is an n-gon circumscribing c, closed, [lon, lat].
func CirclePolygon(c Circle, n int) orb.Polygon {
	const mPerDeg = local.MetresPerDegree
	r := c.Radius / math.Cos(math.Pi/float64(n)) // vertices outside, so the edges clear the circle
	ring := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		ring = append(ring, orb.Point{
			c.Center[0] + r*math.Sin(a)/(mPerDeg*math.Cos(c.Center[1]*math.Pi/180)),
			c.Center[1] + r*math.Cos(a)/mPerDeg,
		})
	}
	return orb.Polygon{append(ring, ring[0])}
}
