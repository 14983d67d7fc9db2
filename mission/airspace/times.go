package airspace

import (
	"strings"
	"time"
)

// dateTime parses an ED-269/ED-318 date-time. RFC 3339 is the standard;
// a missing zone is taken as UTC and a bare date as its midnight UTC. ok is
// false when s is not a date.
func dateTime(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// timeOfDay parses "08:00", "08:00:00", "08:00:00Z" or "08:00:00+04:00"
// to a duration since midnight UTC. shift is -1, 0 or +1 when converting
// an offset to UTC moved the time to the previous or next day. "24:00"
// is the end of the day.
func timeOfDay(s string) (d time.Duration, shift int, ok bool) {
	s = strings.TrimSpace(s)
	if s == "24:00" || s == "24:00:00" || s == "24:00:00Z" {
		return 24 * time.Hour, 0, true
	}
	for _, layout := range []string{"15:04:05Z07:00", "15:04Z07:00", "15:04:05", "15:04", "15:04:05.999999999Z07:00"} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		_, off := t.Zone()
		d = time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
			time.Duration(t.Second())*time.Second - time.Duration(off)*time.Second
		switch {
		case d < 0:
			return d + 24*time.Hour, -1, true
		case d >= 24*time.Hour:
			return d - 24*time.Hour, 1, true
		}
		return d, 0, true
	}
	return 0, 0, false
}

// weekdays maps ED-269 day codes; "ANY" gives an empty list (every day).
var weekdays = map[string]time.Weekday{
	"MON": time.Monday, "TUE": time.Tuesday, "WED": time.Wednesday, "THU": time.Thursday,
	"FRI": time.Friday, "SAT": time.Saturday, "SUN": time.Sunday,
}

// scheduleSpec is one daily window as files give it.
type scheduleSpec struct {
	Day        texts `json:"day"`
	StartTime  text  `json:"startTime"`
	EndTime    text  `json:"endTime"`
	StartEvent text  `json:"startEvent"`
	EndEvent   text  `json:"endEvent"`
}

// daily converts a schedule entry; ok is false when it cannot be used.
func (s scheduleSpec) daily(rep *report, item int, field string) (Daily, bool) {
	var d Daily
	anyDay := len(s.Day) == 0
	for _, code := range s.Day {
		c := enum(code)
		if c == "ANY" || c == "ALL" {
			anyDay = true
			continue
		}
		w, ok := weekdays[c[:min(3, len(c))]]
		if !ok {
			rep.errorf(item, field+".day", "unknown day %q", code)
			return d, false
		}
		d.Days = append(d.Days, w)
	}
	if anyDay {
		d.Days = nil
	}
	if s.StartEvent != "" || s.EndEvent != "" {
		rep.warnf(item, field, "schedule by events (%s/%s) not supported: taken as all day", s.StartEvent, s.EndEvent)
		return Daily{Days: d.Days, End: 24 * time.Hour}, true
	}
	start, shift, ok1 := timeOfDay(string(s.StartTime))
	end, _, ok2 := timeOfDay(string(s.EndTime))
	if !ok1 || !ok2 {
		rep.errorf(item, field, "schedule times %q–%q not understood", s.StartTime, s.EndTime)
		return d, false
	}
	for i := range d.Days {
		d.Days[i] = (d.Days[i] + time.Weekday(7+shift)) % 7
	}
	d.Start, d.End = start, end
	return d, true
}

// applicabilitySpec is one applicability period as files give it (ED-269
// applicability and ED-318 limitedApplicability).
type applicabilitySpec struct {
	Permanent     text               `json:"permanent"`
	StartDateTime text               `json:"startDateTime"`
	EndDateTime   text               `json:"endDateTime"`
	Schedule      list[scheduleSpec] `json:"schedule"`
}

// applicability converts a period; ok is false when it cannot be used.
func (s applicabilitySpec) applicability(rep *report, item int, field string) (Applicability, bool) {
	var a Applicability
	switch enum(string(s.Permanent)) {
	case "YES", "TRUE", "1":
		a.Permanent = true
		return a, true
	case "", "NO", "FALSE", "0":
	default:
		rep.warnf(item, field+".permanent", "permanent %q not understood: taken as NO", s.Permanent)
	}
	for _, e := range []struct {
		s   text
		dst **time.Time
		f   string
	}{{s.StartDateTime, &a.Start, ".startDateTime"}, {s.EndDateTime, &a.End, ".endDateTime"}} {
		if e.s == "" {
			continue
		}
		t, ok := dateTime(string(e.s))
		if !ok {
			rep.errorf(item, field+e.f, "date %q not understood", e.s)
			return a, false
		}
		*e.dst = &t
	}
	if a.Start != nil && a.End != nil && !a.End.After(*a.Start) {
		rep.errorf(item, field, "period ends (%s) before it starts (%s)", a.End.Format(time.RFC3339), a.Start.Format(time.RFC3339))
		return a, false
	}
	for i, sc := range s.Schedule {
		d, ok := sc.daily(rep, item, field+".schedule["+itoa(i)+"]")
		if !ok {
			return a, false
		}
		a.Schedule = append(a.Schedule, d)
	}
	return a, true
}
