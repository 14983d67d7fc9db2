package maritime

import (
	"fmt"
	"math"
	"strings"
	"time"

	"skerry/gcs"
)

// rendezvous: two targets within Distance of each other for longer than
// Duration, both in the watched area and in no berth or anchorage,
// neither of an exempt type, and not one vessel twice: not the same
// identity, MMSI or contact, and (unless Unpaired) not a camera-only
// contact beside an AIS-only target (no camera sees the AIS one although
// one sees a boat within Distance of it: most likely the same boat that
// the fusion did not pair). The pairs come from a grid of cells Distance wide, so the
// search is linear in the number of targets.
func rendezvous(s *Situation, set *Settings, views []view) []Finding {
	d := set.Rendezvous.Distance
	need := set.Rendezvous.Duration.Duration()
	var refLat float64
	var idx []int
	for i := range views {
		v := &views[i]
		if v.judged() && v.quiet == nil && !v.exempt {
			if len(idx) == 0 {
				refLat = v.lat
			}
			idx = append(idx, i)
		}
	}
	if len(idx) < 2 {
		return nil
	}
	g := newPointGrid(d*1.05, refLat)
	for _, i := range idx {
		g.add(i, views[i].lat, views[i].lon)
	}
	var out []Finding
	for _, i := range idx {
		a := &views[i]
		g.near(a.lat, a.lon, func(j int) {
			if j <= i {
				return
			}
			b := &views[j]
			if distance(a.lat, a.lon, b.lat, b.lon) > d || sameVessel(a, b) || !set.Rendezvous.Unpaired && unpaired(a, b) {
				return
			}
			start, closest, ok := together(a, b, d)
			if !ok {
				return
			}
			if dur := a.lastAt().Sub(start); dur >= need {
				out = append(out, meeting(s, set, a, b, start, dur, closest))
			}
		})
	}
	return out
}

// sameVessel reports whether two targets are one vessel: the same
// identity, MMSI or contact.
func sameVessel(a, b *view) bool {
	ta, tb := &a.t.Target, &b.t.Target
	switch {
	case a.id == b.id:
		return true
	case ta.MMSI != 0 && ta.MMSI == tb.MMSI:
		return true
	case ta.Contact != "" && ta.Contact == tb.Contact:
		return true
	}
	return false
}

// unpaired reports whether one of a and b is a camera-only contact and the
// other an AIS-only target.
func unpaired(a, b *view) bool {
	ta, tb := &a.t.Target, &b.t.Target
	cameraOnly := func(t *gcs.Target) bool { return t.Contact != "" && t.MMSI == 0 }
	aisOnly := func(t *gcs.Target) bool { return t.Contact == "" && t.MMSI != 0 }
	return cameraOnly(ta) && aisOnly(tb) || aisOnly(ta) && cameraOnly(tb)
}

// together walks a's history back from its latest point, comparing it
// with b's (interpolated) position then, and returns when they have been
// within d since and the closest they came; ok is false when a has no
// history.
func together(a, b *view, d float64) (start time.Time, closest float64, ok bool) {
	h := a.t.History
	if len(h) == 0 {
		return time.Time{}, 0, false
	}
	closest = math.Inf(1)
	for i := len(h) - 1; i >= 0; i-- {
		lat, lon, in := positionAt(b.t.History, h[i].At)
		if !in {
			break
		}
		dist := distance(h[i].Lat, h[i].Lon, lat, lon)
		if dist > d {
			break
		}
		closest = min(closest, dist)
		start, ok = h[i].At, true
	}
	return start, closest, ok
}

// meeting is the finding of a rendezvous between a and b.
func meeting(s *Situation, set *Settings, a, b *view, start time.Time, dur time.Duration, closest float64) Finding {
	if b.id < a.id {
		a, b = b, a
	}
	lat, lon := (a.lat+b.lat)/2, (a.lon+b.lon)/2
	now := distance(a.lat, a.lon, b.lat, b.lon)
	return Finding{
		Type:     gcs.IncidentRendezvous,
		Key:      string(gcs.IncidentRendezvous) + ":" + strings.Join([]string{a.id, b.id}, "|"),
		Severity: set.Rendezvous.Severity,
		Targets:  []gcs.VesselID{a.t.Target.ID, b.t.Target.ID},
		Lat:      lat,
		Lon:      lon,
		Area:     area(s, lat, lon),
		Title:    fmt.Sprintf("Rendezvous at sea: %s and %s", a.name(), b.name()),
		Text: fmt.Sprintf("within %s of each other for %s, %s apart now, closest %s (rule: %s for %s)",
			formatDistance(set.Rendezvous.Distance), formatDuration(dur), formatDistance(now), formatDistance(closest),
			formatDistance(set.Rendezvous.Distance), formatDuration(set.Rendezvous.Duration.Duration())),
		Since: start,
	}
}
