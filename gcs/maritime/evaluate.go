package maritime

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"skerry/gcs"
)

// view is one track as the rules judge it in one evaluation: what they
// all ask once.
type view struct {
	t        *Track
	id       string // Identity
	lat, lon float64
	ok       bool // a valid position
	watched  bool // in the watched area
	zones    []*Zone
	quiet    *Zone // the berth or anchorage it is in, if any
	exempt   bool  // its ship type is exempt
}

// rule judges one track.
type rule func(s *Situation, set *Settings, v *view) *Finding

// Evaluate runs every enabled rule over s and returns the findings,
// sorted by Key. The rules judge only tracks whose position is in the
// watched area (s.Watch), except the AIS gap rule, which judges the last
// AIS position. set must pass Check. RULES.md documents each rule.
func Evaluate(s *Situation, set *Settings) []Finding {
	if s == nil || set == nil {
		return nil
	}
	views := make([]view, 0, len(s.Tracks))
	for _, t := range s.Tracks {
		if t == nil {
			continue
		}
		v := view{t: t, id: t.Identity(), lat: t.Target.Lat, lon: t.Target.Lon}
		v.ok = validPosition(v.lat, v.lon)
		if v.ok {
			v.watched = s.Watch == nil || s.Watch(v.lat, v.lon)
			if v.watched {
				v.zones = s.Zones.At(v.lat, v.lon)
				for _, z := range v.zones {
					if z.Quiet() {
						v.quiet = z
						break
					}
				}
			}
		}
		v.exempt = set.exempt(shipType(t))
		views = append(views, v)
	}
	var rules []rule
	if set.Dark.Enabled {
		rules = append(rules, ruleDark)
	}
	if set.AISGap.Enabled {
		rules = append(rules, ruleAISGap)
	}
	if set.Loitering.Enabled {
		rules = append(rules, ruleLoitering)
	}
	if set.FastApproach.Enabled && s.Land != nil {
		rules = append(rules, ruleFastApproach)
	}
	if set.Inconsistent.Enabled {
		rules = append(rules, ruleInconsistent)
	}
	var out []Finding
	for i := range views {
		v := &views[i]
		for _, r := range rules {
			if f := r(s, set, v); f != nil {
				out = append(out, *f)
			}
		}
		if set.Zone.Enabled && v.watched {
			out = append(out, zoneEntries(s, set, v)...)
		}
	}
	if set.Rendezvous.Enabled {
		out = append(out, rendezvous(s, set, views)...)
	}
	slices.SortFunc(out, func(a, b Finding) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// judged reports whether the track has a position in the watched area.
func (v *view) judged() bool { return v.ok && v.watched }

// name names the track's vessel for a title: its AIS name, its MMSI, or
// "a dark vessel (v7)".
func (v *view) name() string {
	t := &v.t.Target
	switch {
	case t.AIS != nil && strings.TrimSpace(t.AIS.Name) != "":
		return strings.TrimSpace(t.AIS.Name)
	case t.MMSI != 0:
		return fmt.Sprintf("MMSI %d", t.MMSI)
	case t.Status == gcs.TargetDark && t.Contact != "":
		return fmt.Sprintf("a dark vessel (%s)", t.Contact)
	case t.Contact != "":
		return fmt.Sprintf("contact %s", t.Contact)
	}
	return fmt.Sprintf("target %s", t.ID)
}

// area names the zone a finding at (lat, lon) is in: the first zone
// there, "" at open sea.
func area(s *Situation, lat, lon float64) string {
	for _, z := range s.Zones.At(lat, lon) {
		return z.Name
	}
	return ""
}

// finding starts a finding about one track at its position.
func (v *view) finding(s *Situation, typ gcs.IncidentType, sev gcs.IncidentSeverity) *Finding {
	f := &Finding{Type: typ, Key: string(typ) + ":" + v.id, Severity: sev, Targets: []gcs.VesselID{v.t.Target.ID}, Lat: v.lat, Lon: v.lon}
	if len(v.zones) > 0 {
		f.Area = v.zones[0].Name
	}
	return f
}

// since walks a history back from its last point while ok holds and
// returns the time of the earliest point of that run; def when the last
// point fails or the history is empty.
func since(h []gcs.TrackPoint, def time.Time, ok func(p gcs.TrackPoint) bool) time.Time {
	at := def
	for i := len(h) - 1; i >= 0; i-- {
		if !ok(h[i]) {
			break
		}
		at = h[i].At
	}
	return at
}

// lastAt is the time of the track's latest point (its target's At when
// it has no history).
func (v *view) lastAt() time.Time {
	if n := len(v.t.History); n > 0 {
		return v.t.History[n-1].At
	}
	return v.t.Target.At
}

// nav is the AIS navigational status, 15 (not defined) when unknown.
func nav(t *gcs.Target) uint8 {
	if t.AIS == nil || t.AIS.NavStatus == nil {
		return 15
	}
	return *t.AIS.NavStatus
}

// knots writes m/s in knots.
func knots(ms float64) string { return trimFloat(ms/knot, 0) + " kn" }

// trimFloat writes x with at most prec decimals and no trailing zeros.
func trimFloat(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// clock writes a time of day in UTC.
func clock(t time.Time) string { return t.UTC().Format("15:04:05") }
