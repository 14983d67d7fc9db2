package mission

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission/local"
)

// FenceWatch is a fence prepared for checking positions many times a
// second: zones projected once to a local metric plane (east/north metres
// around the fence), so a check is a few multiplications per vertex.
//
// Semantics are MAVLink's group rule: the vehicle must be inside every
// inclusion zone of at least one group (when there are inclusion zones)
// and outside every exclusion zone. With a single group this is also
// ArduPilot's rule. Boundaries follow package local's rule: a position
// on an inclusion boundary (within a micrometre) is outside it, and one on
// an exclusion boundary is inside the exclusion, so a position on any
// boundary is a breach: a route must keep a clearance margin, never graze
// the edge.
//
// Heights: a terrain-referenced limit is compared with the height above
// mean sea level, exact over water and conservative for a ceiling over land.
type FenceWatch struct {
	proj    local.Projection
	zones   []watchZone
	floor   *Altitude
	ceiling *Altitude
	radius  float64  // Fence.Radius, 0 for none
	home    local.XY // set by WithHome
	homed   bool
}

type watchZone struct {
	inclusion bool
	group     int
	ring      []local.XY // polygon vertices in metres, open
	center    local.XY   // circle centre
	radius    float64    // circle radius, 0 for polygons
}

// NewFenceWatch prepares f for checking; nil when the fence limits nothing.
// A fence Radius is checked only once WithHome says where home is.
func NewFenceWatch(f Fence) *FenceWatch {
	if len(f.Zones) == 0 && f.Floor == nil && f.Ceiling == nil && f.Radius == nil {
		return nil
	}
	w := &FenceWatch{floor: f.Floor, ceiling: f.Ceiling}
	if f.Radius != nil {
		w.radius = *f.Radius
	}
	w.proj = local.New(fenceOrigin(f))
	for _, z := range f.Zones {
		wz := watchZone{inclusion: z.Inclusion, group: z.Group}
		if z.Circle != nil {
			wz.center, wz.radius = w.proj.XY(z.Circle.Center), z.Circle.Radius
		} else {
			wz.ring = w.proj.Ring(z.Polygon)
		}
		w.zones = append(w.zones, wz)
	}
	return w
}

// WithHome returns the watch with home at [lon, lat], from which the
// fence Radius is measured (w itself is unchanged; nil stays nil).
func (w *FenceWatch) WithHome(home orb.Point) *FenceWatch {
	if w == nil {
		return nil
	}
	c := *w
	if len(c.zones) == 0 {
		c.proj = local.New(home) // no zone gave the plane an origin
	}
	c.home, c.homed = c.proj.XY(home), true
	return &c
}

// NeedsHome reports whether the watch has a radius that WithHome must
// give a home to.
func (w *FenceWatch) NeedsHome() bool { return w != nil && w.radius > 0 }

// fenceOrigin is the first vertex or centre of the fence.
func fenceOrigin(f Fence) orb.Point {
	for _, z := range f.Zones {
		if z.Circle != nil {
			return z.Circle.Center
		}
		if len(z.Polygon) > 0 {
			return z.Polygon[0]
		}
	}
	return orb.Point{}
}

// Sample is a vehicle's position as the watch needs it.
type Sample struct {
	Lat, Lon float64
	AltAMSL  float64 // metres above mean sea level
	AltRel   float64 // metres above home
}

// Verdict is the outcome of a check. Breach is "" when the position is
// allowed, else "boundary" (outside the inclusion zones), "exclusion"
// (inside an exclusion zone), "max_alt" or "min_alt".
type Verdict struct {
	Breach string
	Detail string
}

// Check tells whether s breaches the fence.
func (w *FenceWatch) Check(s Sample) Verdict {
	if v := w.checkAlt(s); v.Breach != "" {
		return v
	}
	p := w.proj.XY(orb.Point{s.Lon, s.Lat})
	for i, z := range w.zones {
		if !z.inclusion && z.touches(p) {
			return Verdict{Breach: "exclusion", Detail: fmt.Sprintf("inside exclusion zone %d", i+1)}
		}
	}
	if !w.insideInclusion(p) {
		return Verdict{Breach: "boundary", Detail: "outside the inclusion zones"}
	}
	if w.radius > 0 && w.homed {
		if d := local.Dist(p, w.home); d >= w.radius {
			return Verdict{Breach: "boundary", Detail: fmt.Sprintf("%.0f m from home, beyond the fence radius of %.0f m", d, w.radius)}
		}
	}
	return Verdict{}
}

// Predict follows the track s would fly at velocity (north, east, down in
// m/s) for up to horizon, in steps of step, and returns the first breach
// and how far ahead it lies. It reports no breach when s already breaches
// (Check says so) or the track stays inside.
func (w *FenceWatch) Predict(s Sample, north, east, down float64, horizon, step time.Duration) (Verdict, time.Duration) {
	if step <= 0 {
		step = 250 * time.Millisecond
	}
	pr := local.New(orb.Point{s.Lon, s.Lat})
	for t := step; t <= horizon; t += step {
		sec := t.Seconds()
		f := s
		q := pr.Point(local.XY{X: east * sec, Y: north * sec})
		f.Lon, f.Lat = q[0], q[1]
		f.AltAMSL -= down * sec
		f.AltRel -= down * sec
		if v := w.Check(f); v.Breach != "" {
			return v, t
		}
	}
	return Verdict{}, 0
}

func (w *FenceWatch) checkAlt(s Sample) Verdict {
	if w.ceiling != nil {
		if h := heightIn(s, w.ceiling.Ref); h > w.ceiling.M {
			return Verdict{Breach: "max_alt", Detail: fmt.Sprintf("%.0f m above the %.0f m ceiling (%s)", h-w.ceiling.M, w.ceiling.M, w.ceiling.Ref)}
		}
	}
	if w.floor != nil {
		if h := heightIn(s, w.floor.Ref); h < w.floor.M {
			return Verdict{Breach: "min_alt", Detail: fmt.Sprintf("%.0f m below the %.0f m floor (%s)", w.floor.M-h, w.floor.M, w.floor.Ref)}
		}
	}
	return Verdict{}
}

func heightIn(s Sample, ref AltRef) float64 {
	if ref == AltRelative {
		return s.AltRel
	}
	return s.AltAMSL
}

// insideInclusion applies the group rule; true when there are no
// inclusion zones.
func (w *FenceWatch) insideInclusion(p local.XY) bool {
	groups := map[int]bool{} // group → inside all its zones so far
	for _, z := range w.zones {
		if !z.inclusion {
			continue
		}
		in, seen := groups[z.group]
		groups[z.group] = (in || !seen) && z.contains(p)
	}
	if len(groups) == 0 {
		return true
	}
	for _, in := range groups {
		if in {
			return true
		}
	}
	return false
}

// contains reports whether p is strictly inside the zone (the test for
// inclusion zones).
func (z *watchZone) contains(p local.XY) bool {
	if z.radius > 0 {
		return local.InCircle(z.center, z.radius, p)
	}
	return local.InRing(z.ring, p)
}

// touches reports whether p is inside the zone or on its boundary (the
// test for exclusion zones).
func (z *watchZone) touches(p local.XY) bool {
	if z.radius > 0 {
		return local.InOrOnCircle(z.center, z.radius, p)
	}
	return local.InOrOnRing(z.ring, p)
}
