package telemetry

import (
	"fmt"

	"skerry/gcs"
)

// implausible says why a decoded update cannot be true ("" when it can):
// a position off the globe (latitude 214.7°). Such an update is rejected
// and counted on the vehicle (gcs.Rejected), never applied.
func implausible(u gcs.Update) string {
	switch u := u.(type) {
	case gcs.GlobalPosition:
		return offGlobe("position", u.Position)
	case gcs.HomeUpdate:
		return offGlobe("home", u.Home)
	}
	return ""
}

func offGlobe(what string, p gcs.Position) string {
	if p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 {
		return fmt.Sprintf("%s %.7f, %.7f is off the globe", what, p.Lat, p.Lon)
	}
	return ""
}

// noFix reports a position update at exactly 0, 0: what autopilots send
// before they know where they are. It is skipped, not counted.
func noFix(u gcs.Update) bool {
	g, ok := u.(gcs.GlobalPosition)
	return ok && g.Position.Lat == 0 && g.Position.Lon == 0
}
