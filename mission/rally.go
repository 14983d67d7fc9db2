package mission

// RallyPoint is a safe place to return to instead of home
// (MAV_CMD_NAV_RALLY_POINT, 5100).
type RallyPoint struct {
	Pos Position
}

// validateRally checks rally points.
func validateRally(l *issueList, pts []RallyPoint) {
	if len(pts) > maxItems {
		l.errorf(SectionRally, -1, "", "%d rally points, at most %d fit a MAVLink upload", len(pts), maxItems)
	}
	for i, r := range pts {
		checkPosition(l, SectionRally, i, "pos", r.Pos)
	}
}
