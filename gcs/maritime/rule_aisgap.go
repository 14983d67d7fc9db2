package maritime

import (
	"fmt"
	"time"

	"skerry/gcs"
)

// ruleAISGap: a vessel heard on AIS falls silent for longer than
// max(MinGap, Factor × its reporting interval) while its last AIS
// position was in the watched area and in no berth or anchorage. A
// camera that still sees the boat (the target has a contact) makes it
// SeenSeverity. A vessel heard once (at the edge of range) was not
// transmitting to begin with: it needs two messages.
func ruleAISGap(s *Situation, set *Settings, v *view) *Finding {
	t := &v.t.Target
	a := t.AIS
	if t.MMSI == 0 || a == nil || a.Position == nil || a.LastHeard.IsZero() || a.Reports < 2 {
		return nil
	}
	gap := s.Now.Sub(a.LastHeard)
	interval := ReportInterval(a)
	limit := max(set.AISGap.MinGap.Duration(), time.Duration(set.AISGap.Factor*float64(interval)))
	if gap <= limit {
		return nil
	}
	lat, lon := a.Position.Lat, a.Position.Lon
	if !validPosition(lat, lon) || (s.Watch != nil && !s.Watch(lat, lon)) || s.Zones.quiet(lat, lon) != nil {
		return nil
	}
	seen := t.Contact != ""
	f := v.finding(s, gcs.IncidentAISGap, set.AISGap.Severity)
	if !seen || !v.ok {
		f.Lat, f.Lon = lat, lon
	}
	f.Area = area(s, f.Lat, f.Lon)
	f.Since = a.LastHeard
	f.Title = fmt.Sprintf("AIS gap: %s silent for %s", v.name(), formatDuration(gap))
	f.Text = fmt.Sprintf("last heard at %s (%s ago) at %.5f, %.5f; %s (rule: silent for more than max(%s, %g × %s) = %s)",
		clock(a.LastHeard), formatDuration(gap), lat, lon, intervalWhy(a, interval),
		formatDuration(set.AISGap.MinGap.Duration()), set.AISGap.Factor, formatDuration(interval), formatDuration(limit))
	if seen {
		f.Severity = set.AISGap.SeenSeverity
		f.Text += fmt.Sprintf("; a camera still sees it (%s): it is there and not transmitting", t.Contact)
	}
	return f
}

// ReportInterval is the interval between position reports ITU-R M.1371
// sets for a vessel (its Table 1), from its class, speed over ground and
// navigational status; a turning vessel reports faster, which is left
// out (the longer interval is the safe side for a gap). An unknown class
// is taken for class B "CS" (the longer intervals), an unknown speed for
// the slowest under way.
func ReportInterval(a *gcs.AISVessel) time.Duration {
	sog := -1.0
	if a.SOG != nil {
		sog = *a.SOG
	}
	if a.Class == "A" {
		anchored := a.NavStatus != nil && (*a.NavStatus == 1 || *a.NavStatus == 5)
		switch {
		case anchored && sog <= 3:
			return 3 * time.Minute
		case sog <= 14:
			return 10 * time.Second
		case sog <= 23:
			return 6 * time.Second
		}
		return 2 * time.Second
	}
	if sog >= 0 && sog <= 2 {
		return 3 * time.Minute
	}
	return 30 * time.Second
}

// intervalWhy says what the reporting interval was taken from.
func intervalWhy(a *gcs.AISVessel, interval time.Duration) string {
	class := "class " + a.Class
	if a.Class == "" {
		class = "unknown class (taken as B)"
	}
	speed := "unknown speed"
	if a.SOG != nil {
		speed = fmt.Sprintf("%s kn", trimFloat(*a.SOG, 1))
	}
	return fmt.Sprintf("%s at %s: ITU-R M.1371 expects a report every %s", class, speed, formatDuration(interval))
}
