package mission

// RallyPoint is a safe place to return to instead of home
// (MAV_CMD_NAV_RALLY_POINT, 5100).
type RallyPoint struct {
	Pos Position
}

// ValidateRally checks rally points, as Plan.Validate does.
func ValidateRally(pts []RallyPoint) Issues {
	var l Issues
	validateRally(&l, pts)
	return l
}

// validateRally checks rally points.
func validateRally(l *Issues, pts []RallyPoint) {
	if len(pts) > MaxItems {
		l.Errorf(SectionRally, -1, "", "%d rally points, at most %d fit a MAVLink upload", len(pts), MaxItems)
	}
	for i, r := range pts {
		checkPosition(l, SectionRally, i, "pos", r.Pos)
	}
}
