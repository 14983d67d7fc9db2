package mission

import "github.com/paulmach/orb"

// Circle is a circular zone.
type Circle struct {
	// Center is [lon, lat] in degrees.
	Center orb.Point
	// Radius in metres, > 0.
	Radius float64
}

// Zone is one geofence zone: a polygon or a circle (exactly one of Polygon
// and Circle is set), inclusion or exclusion, in an inclusion group.
type Zone struct {
	// Inclusion is true for a zone the vehicle must stay inside, false for
	// one it must stay out of.
	Inclusion bool
	// Group is the MAVLink inclusion group (param2), 0..255. See the
	// package documentation for the group rule and ArduPilot's difference.
	Group int
	// Polygon is an open ring of [lon, lat] vertices (the first vertex is
	// not repeated), at least 3.
	Polygon orb.Ring
	// Circle is set for circular zones.
	Circle *Circle
}

// Fence is a plan's geofence.
type Fence struct {
	// Zones in upload order.
	Zones []Zone
	// Floor is the minimum altitude, nil for none. MAVLink fence items
	// cannot carry it (ArduPilot: FENCE_ALT_MIN, PX4: none).
	Floor *Altitude
	// Ceiling is the maximum altitude, nil for none (ArduPilot:
	// FENCE_ALT_MAX, relative to home; PX4: GF_MAX_VER_DIST).
	Ceiling *Altitude
	// Return is the breach return point (MAV_CMD_NAV_FENCE_RETURN_POINT),
	// nil for none.
	Return *Position
	// Radius is the greatest horizontal distance from home in metres, nil
	// for none (ArduPilot's circle fence: FENCE_RADIUS with the circle
	// type of FENCE_TYPE; PX4: GF_MAX_HOR_DIST). Like the altitude limits
	// it is no fence item: autopilots keep it as a parameter, and a fence
	// that leaves it nil leaves the vehicle's own setting as it is.
	Radius *float64
}

// IsEmpty reports whether the fence has no zones, limits or return point.
func (f Fence) IsEmpty() bool {
	return len(f.Zones) == 0 && f.Floor == nil && f.Ceiling == nil && f.Return == nil && f.Radius == nil
}

// InclusionPolygon returns an inclusion polygon zone in group 0.
func InclusionPolygon(ring orb.Ring) Zone { return Zone{Inclusion: true, Polygon: ring} }

// ExclusionPolygon returns an exclusion polygon zone.
func ExclusionPolygon(ring orb.Ring) Zone { return Zone{Polygon: ring} }

// InclusionCircle returns an inclusion circle zone in group 0.
func InclusionCircle(center orb.Point, radius float64) Zone {
	return Zone{Inclusion: true, Circle: &Circle{Center: center, Radius: radius}}
}

// ExclusionCircle returns an exclusion circle zone.
func ExclusionCircle(center orb.Point, radius float64) Zone {
	return Zone{Circle: &Circle{Center: center, Radius: radius}}
}

// validate checks zone i.
func (z Zone) validate(l *Issues, i int) {
	switch {
	case z.Circle != nil && z.Polygon != nil:
		l.Errorf(SectionFence, i, "", "zone has both a polygon and a circle")
	case z.Circle != nil:
		checkPoint(l, SectionFence, i, "center", z.Circle.Center)
		if !finite(z.Circle.Radius) || z.Circle.Radius <= 0 {
			l.Errorf(SectionFence, i, "radius", "circle radius %g m must be finite and > 0", z.Circle.Radius)
		}
	case len(z.Polygon) < 3:
		l.Errorf(SectionFence, i, "polygon", "polygon has %d vertices, needs at least 3", len(z.Polygon))
	case len(z.Polygon) > MaxItems:
		l.Errorf(SectionFence, i, "polygon", "polygon has %d vertices, at most %d fit a MAVLink upload", len(z.Polygon), MaxItems)
	default:
		for _, p := range z.Polygon {
			if !checkPoint(l, SectionFence, i, "polygon", p) {
				break
			}
		}
	}
	if z.Group < 0 || z.Group > 255 {
		l.Errorf(SectionFence, i, "group", "inclusion group %d is outside 0..255", z.Group)
	}
}

// Validate checks the fence's zones, floor, ceiling and return point, as
// Plan.Validate does.
func (f Fence) Validate() Issues {
	var l Issues
	f.validate(&l)
	return l
}

// validate checks the fence.
func (f Fence) validate(l *Issues) {
	for i, z := range f.Zones {
		z.validate(l, i)
	}
	checkAlt(l, SectionFence, -1, "floor", f.Floor)
	checkAlt(l, SectionFence, -1, "ceiling", f.Ceiling)
	if f.Floor != nil && f.Ceiling != nil && f.Floor.Ref == f.Ceiling.Ref && f.Floor.M >= f.Ceiling.M {
		l.Errorf(SectionFence, -1, "floor", "floor %v is not below ceiling %v", *f.Floor, *f.Ceiling)
	}
	if f.Return != nil {
		checkPosition(l, SectionFence, -1, "return", *f.Return)
	}
	if f.Radius != nil && (!finite(*f.Radius) || *f.Radius <= 0) {
		l.Errorf(SectionFence, -1, "radius", "fence radius %g m must be finite and > 0", *f.Radius)
	}
}

// checkPoint reports an invalid lat/lon; it returns whether p was valid.
func checkPoint(l *Issues, sec Section, i int, field string, p orb.Point) bool {
	if !validLatLon(p) {
		l.Errorf(sec, i, field, "lat %g, lon %g out of range", p[1], p[0])
		return false
	}
	return true
}

// validLatLon reports whether p holds a finite latitude in [-90, 90] and
// longitude in [-180, 180].
func validLatLon(p orb.Point) bool {
	return p[1] >= -90 && p[1] <= 90 && p[0] >= -180 && p[0] <= 180
}

// checkAlt reports a non-finite height or unknown reference.
func checkAlt(l *Issues, sec Section, i int, field string, a *Altitude) {
	if a == nil {
		return
	}
	if !finite(a.M) {
		l.Errorf(sec, i, field, "altitude %g is not finite", a.M)
	}
	if !a.Ref.Valid() {
		l.Errorf(sec, i, field, "altitude reference %q is not relative, amsl or terrain", a.Ref)
	}
}

// checkPosition checks lat/lon and altitude.
func checkPosition(l *Issues, sec Section, i int, field string, p Position) {
	checkPoint(l, sec, i, field, p.Point)
	checkAlt(l, sec, i, field, &p.Alt)
}
