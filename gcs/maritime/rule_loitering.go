package maritime

import (
	"fmt"
	"math"

	"skerry/gcs"
)

// ruleLoitering: a track whose positions over the last Duration or more
// all fit within Radius of one point (the centre of their bounding box,
// whose half-diagonal is at most Radius), outside berths and anchorages.
// Vessels whose AIS says they are at anchor, moored or aground are left
// out (they say why they stay), as are exempt ship types; fishing
// vessels (type 30 or status "engaged in fishing") loiter over their
// grounds and get FishingSeverity.
func ruleLoitering(s *Situation, set *Settings, v *view) *Finding {
	t := &v.t.Target
	h := v.t.History
	if !v.judged() || v.quiet != nil || v.exempt || len(h) < 2 {
		return nil
	}
	switch nav(t) {
	case 1, 5, 6: // at anchor, moored, aground
		return nil
	}
	r := set.Loitering.Radius
	last := h[len(h)-1]
	kx := metresPerDegLat * math.Cos(last.Lat*degToRad)
	minX, maxX, minY, maxY := 0.0, 0.0, 0.0, 0.0
	start := len(h) - 1
	for i := len(h) - 2; i >= 0; i-- {
		x, y := (h[i].Lon-last.Lon)*kx, (h[i].Lat-last.Lat)*metresPerDegLat
		nx0, nx1, ny0, ny1 := min(minX, x), max(maxX, x), min(minY, y), max(maxY, y)
		if w, h := nx1-nx0, ny1-ny0; w*w+h*h > 4*r*r {
			break
		}
		minX, maxX, minY, maxY = nx0, nx1, ny0, ny1
		start = i
	}
	stay := last.At.Sub(h[start].At)
	need := set.Loitering.Duration.Duration()
	if stay < need {
		return nil
	}
	sev := set.Loitering.Severity
	fishing := shipType(v.t) == 30 || nav(t) == 7
	if fishing {
		sev = set.Loitering.FishingSeverity
	}
	f := v.finding(s, gcs.IncidentLoitering, sev)
	f.Lat = last.Lat + (minY+maxY)/2/metresPerDegLat
	f.Lon = last.Lon + (minX+maxX)/2/kx
	f.Area = area(s, f.Lat, f.Lon)
	f.Since = h[start].At
	spread := math.Hypot(maxX-minX, maxY-minY) / 2
	f.Title = fmt.Sprintf("Loitering: %s", v.name())
	f.Text = fmt.Sprintf("stayed within %s of %.5f, %.5f for %s (rule: %s for %s)",
		formatDistance(spread), f.Lat, f.Lon, formatDuration(stay), formatDistance(r), formatDuration(need))
	if fishing {
		f.Text += "; a fishing vessel (fishing boats loiter over their grounds)"
	}
	return f
}
