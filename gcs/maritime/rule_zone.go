package maritime

import (
	"fmt"

	"skerry/gcs"
)

// zoneEntries: a target inside restricted or protected zones, one
// finding per zone, unless its ship type is exempt.
func zoneEntries(s *Situation, set *Settings, v *view) []Finding {
	if v.exempt {
		return nil
	}
	var out []Finding
	for _, z := range v.zones {
		if !z.Watched() {
			continue
		}
		sev := set.Zone.Severity
		if z.Kind == ZoneProtected {
			sev = set.Zone.ProtectedSeverity
		}
		if z.Severity != "" {
			sev = z.Severity
		}
		f := v.finding(s, gcs.IncidentZoneEntry, sev)
		f.Key = fmt.Sprintf("%s:%s:%s:%s", gcs.IncidentZoneEntry, v.id, z.Kind, z.Name)
		f.Area = z.Name
		f.Since = since(v.t.History, v.lastAt(), func(p gcs.TrackPoint) bool { return z.Contains(p.Lat, p.Lon) })
		f.Title = fmt.Sprintf("Entry into %s zone %s: %s", z.Kind, z.Name, v.name())
		f.Text = fmt.Sprintf("inside the %s zone %q since %s (%s)", z.Kind, z.Name, clock(f.Since), formatDuration(s.Now.Sub(f.Since)))
		if sp := v.t.Target.Speed; sp.Known() {
			f.Text += fmt.Sprintf(", at %s", knots(float64(sp)))
		}
		f.Text += fmt.Sprintf(" (rule: entry into a %s zone is of %s severity)", z.Kind, sev)
		out = append(out, *f)
	}
	return out
}
