package maritime

import (
	"fmt"
	"math"
	"time"

	"skerry/gcs"
)

// Fast approach marching: a step shorter than shoreHit metres from the
// shore is the shore; at most marchSteps steps are taken (a course along
// the coast never reaches it).
const (
	shoreHit   = 15.0
	marchSteps = 64
	// portStep is the step along the course past the shore point at which
	// it is tested for a port.
	portStep = 50.0
)

// ruleFastApproach: a target faster than SpeedKn, and whose track covered
// the ground of that speed over the last Sustain, on a course that reaches
// the shore (s.Land) within Horizon, outside berths, its ship type not
// exempt. A vessel on AIS whose course enters a berth within PortReach
// past the shore point is making for a port (a ferry for its berth,
// across a breakwater the coastline draws as land): no finding; a dark
// boat racing into a port still is one. The course is followed by steps
// as long as the distance to the nearest shore, which are safe (no shore
// is nearer), so a course along the coast takes a few steps and finds
// nothing.
func ruleFastApproach(s *Situation, set *Settings, v *view) *Finding {
	t := &v.t.Target
	if !v.judged() || v.quiet != nil || v.exempt || !t.Speed.Known() || !t.Course.Known() {
		return nil
	}
	speed, course := float64(t.Speed), float64(t.Course)
	minSpeed := set.FastApproach.SpeedKn * knot
	if speed < minSpeed || !heldFast(v.t.History, set.FastApproach.Sustain.Duration(), minSpeed) {
		return nil
	}
	horizon := set.FastApproach.Horizon.Duration()
	reach := speed * horizon.Seconds()
	dist, ok := shoreAlong(s.Land, v.lat, v.lon, course, reach)
	if !ok {
		return nil
	}
	if t.MMSI != 0 && intoPort(s.Zones, v.lat, v.lon, course, dist, set.FastApproach.PortReach) {
		return nil
	}
	eta := time.Duration(dist / speed * float64(time.Second))
	f := v.finding(s, gcs.IncidentFastApproach, set.FastApproach.Severity)
	f.Since = sinceFast(v.t.History, v.lastAt(), minSpeed*0.8)
	f.Title = fmt.Sprintf("Fast approach to shore: %s at %s", v.name(), knots(speed))
	f.Text = fmt.Sprintf("at %s on course %.0f°, %s from the shore ahead: reaches it in %s (rule: above %s, shore within %s)",
		knots(speed), course, formatDistance(dist), formatDuration(eta), knots(minSpeed), formatDuration(horizon))
	return f
}

// shoreAlong follows course from (lat, lon) for at most reach metres and
// returns how far ahead the shore is; ok is false when it is not within
// reach (or land is unknown, or the start is not at sea).
func shoreAlong(land gcs.Surface, lat, lon, course, reach float64) (float64, bool) {
	sd := land.Shore(lat, lon)
	if !finite(sd) || sd >= 0 {
		return 0, false
	}
	d := 0.0
	for range marchSteps {
		gap := -sd
		if gap < shoreHit {
			return d, true
		}
		d += gap
		if d > reach {
			return 0, false
		}
		plat, plon := destination(lat, lon, course, d)
		sd = land.Shore(plat, plon)
		if !finite(sd) {
			return 0, false
		}
		if sd >= 0 {
			return d, true
		}
	}
	return 0, false
}

// intoPort reports whether the course from (lat, lon) enters a berth or an
// anchorage between from and from+reach metres.
func intoPort(z *Zones, lat, lon, course, from, reach float64) bool {
	for d := from; d <= from+reach; d += portStep {
		plat, plon := destination(lat, lon, course, d)
		if z.quiet(plat, plon) != nil {
			return true
		}
	}
	return false
}

// sinceFast walks a history back while the speed between its points is
// at least minSpeed (m/s) and returns when that began; def when the
// latest leg is slower.
func sinceFast(h []gcs.TrackPoint, def time.Time, minSpeed float64) time.Time {
	at := def
	for i := len(h) - 1; i > 0; i-- {
		dt := h[i].At.Sub(h[i-1].At).Seconds()
		if dt <= 0 {
			continue
		}
		if distance(h[i-1].Lat, h[i-1].Lon, h[i].Lat, h[i].Lon)/dt < minSpeed || math.IsNaN(dt) {
			break
		}
		at = h[i-1].At
	}
	return at
}

// heldFast reports whether the history's latest point is at least
// minSpeed (m/s) times the time away from the latest point at least
// sustain before it: the mean speed over the window, which one noisy fix
// cannot make. A history shorter than sustain has not held it yet.
func heldFast(h []gcs.TrackPoint, sustain time.Duration, minSpeed float64) bool {
	if len(h) < 2 {
		return false
	}
	last := h[len(h)-1]
	for i := len(h) - 2; i >= 0; i-- {
		dt := last.At.Sub(h[i].At)
		if dt < sustain {
			continue
		}
		return distance(h[i].Lat, h[i].Lon, last.Lat, last.Lon) >= minSpeed*dt.Seconds()
	}
	return false
}
