package maritime

import (
	"fmt"

	"skerry/gcs"
)

// ruleDark: a camera contact that no AIS matches, seen for longer than
// Dark.After, outside berths and anchorages (marinas are full of small
// boats without AIS).
func ruleDark(s *Situation, set *Settings, v *view) *Finding {
	t := &v.t.Target
	if !v.judged() || t.Status != gcs.TargetDark || t.Contact == "" || v.quiet != nil {
		return nil
	}
	first := t.FirstSeen
	if first.IsZero() && len(v.t.History) > 0 {
		first = v.t.History[0].At
	}
	after := set.Dark.After.Duration()
	if first.IsZero() || s.Now.Sub(first) < after {
		return nil
	}
	f := v.finding(s, gcs.IncidentDark, set.Dark.Severity)
	f.Since = first
	f.Title = fmt.Sprintf("Dark vessel: %s", v.name())
	f.Text = fmt.Sprintf("seen by the cameras for %s with no AIS matching it (rule: no AIS for %s)",
		formatDuration(s.Now.Sub(first)), formatDuration(after))
	if t.Speed.Known() {
		f.Text += fmt.Sprintf("; %s", knots(float64(t.Speed)))
	}
	if t.Length.Known() {
		f.Text += fmt.Sprintf(", about %s long", formatDistance(float64(t.Length)))
	}
	return f
}
