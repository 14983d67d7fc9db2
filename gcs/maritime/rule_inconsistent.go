package maritime

import (
	"fmt"
	"math"
	"time"

	"skerry/gcs"
)

// jumpSigma is how many of its error sigmas each position may be off
// before a jump between two positions counts.
const jumpSigma = 3

// ruleInconsistent: a target with an AIS identity whose status the
// fusion set to inconsistent (its AIS contradicts what the cameras see:
// Severity, with the fusion's reason), or whose track jumps faster than
// MaxSpeedKn between two positions, each allowed jumpSigma of its error
// (JumpSeverity: a spoofed position or two transponders with one MMSI).
func ruleInconsistent(s *Situation, set *Settings, v *view) *Finding {
	t := &v.t.Target
	if !v.judged() || t.MMSI == 0 {
		return nil
	}
	jump, jumped := firstJump(v.t.History, set.Inconsistent.MaxSpeedKn*knot)
	if t.Status != gcs.TargetInconsistent && !jumped {
		return nil
	}
	f := v.finding(s, gcs.IncidentInconsistentAIS, set.Inconsistent.JumpSeverity)
	f.Title = fmt.Sprintf("AIS inconsistency: %s", v.name())
	var text string
	if t.Status == gcs.TargetInconsistent {
		f.Severity = set.Inconsistent.Severity
		f.Since = v.lastAt()
		text = "its AIS contradicts the cameras"
		if t.Inconsistency != "" {
			text += ": " + t.Inconsistency
		}
	}
	if jumped {
		if text != "" {
			text += "; "
		}
		if f.Since.IsZero() || jump.at.Before(f.Since) {
			f.Since = jump.at
		}
		text += fmt.Sprintf("its track jumped %s in %s at %s (%s implied; rule: at most %s)",
			formatDistance(jump.dist), formatDuration(jump.dt), clock(jump.at), knots(jump.speed), knots(set.Inconsistent.MaxSpeedKn*knot))
	}
	f.Text = text
	return f
}

// jump is an impossible move between two points of a history.
type jump struct {
	at    time.Time
	dist  float64
	dt    time.Duration
	speed float64 // m/s
}

// firstJump finds the earliest move of a history faster than maxSpeed
// (m/s) once each position is allowed jumpSigma of its error. It
// measures in one flat frame at the history's last latitude and compares
// squares: it runs over every point of every AIS track.
func firstJump(h []gcs.TrackPoint, maxSpeed float64) (jump, bool) {
	if len(h) < 2 {
		return jump{}, false
	}
	kx := metresPerDegLat * math.Cos(h[len(h)-1].Lat*degToRad)
	for i := 1; i < len(h); i++ {
		a, b := &h[i-1], &h[i]
		dt := b.At.Sub(a.At).Seconds()
		if dt <= 0 {
			continue
		}
		dx, dy := (b.Lon-a.Lon)*kx, (b.Lat-a.Lat)*metresPerDegLat
		allowed := maxSpeed*dt + jumpSigma*(max(a.ErrorM, 0)+max(b.ErrorM, 0))
		if dx*dx+dy*dy > allowed*allowed && finite(dx, dy, allowed) {
			d := math.Hypot(dx, dy)
			return jump{at: b.At, dist: d, dt: b.At.Sub(a.At), speed: d / dt}, true
		}
	}
	return jump{}, false
}
