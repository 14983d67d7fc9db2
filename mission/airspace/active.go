package airspace

import "time"

// ActiveAt reports whether the zone applies at t. A zone without
// applicability applies always; otherwise it applies when any of its
// periods does. All times are compared in UTC (ED-269 times are UTC).
func (z *Zone) ActiveAt(t time.Time) bool {
	if len(z.Applicability) == 0 {
		return true
	}
	for _, a := range z.Applicability {
		if a.ActiveAt(t) {
			return true
		}
	}
	return false
}

// ActiveAt reports whether the period includes t: permanent, or within
// [Start, End) and inside one of the daily windows (if any).
func (a Applicability) ActiveAt(t time.Time) bool {
	if a.Permanent {
		return true
	}
	if a.Start != nil && t.Before(*a.Start) {
		return false
	}
	if a.End != nil && !t.Before(*a.End) {
		return false
	}
	if len(a.Schedule) == 0 {
		return true
	}
	for _, d := range a.Schedule {
		if d.ActiveAt(t) {
			return true
		}
	}
	return false
}

// ActiveAt reports whether t (taken in UTC) falls in the window. A window
// past midnight belongs to the day it starts on.
func (d Daily) ActiveAt(t time.Time) bool {
	t = t.UTC()
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	tod := t.Sub(midnight)
	day := t.Weekday()
	if d.Start < d.End {
		return d.onDay(day) && tod >= d.Start && tod < d.End
	}
	// Past midnight (End ≤ Start): the evening part today, the morning part
	// of a window that started yesterday.
	return (d.onDay(day) && tod >= d.Start) || (d.onDay((day+6)%7) && tod < d.End)
}

func (d Daily) onDay(w time.Weekday) bool {
	if len(d.Days) == 0 {
		return true
	}
	for _, x := range d.Days {
		if x == w {
			return true
		}
	}
	return false
}
