package maritime

import (
	"math"
	"slices"
	"time"

	"skerry/gcs"
)

// Merging a cause found under a new key into the open incident it
// repeats. A boat the cameras see without AIS is known by its contact's
// id; when the tracker loses it and finds it again, or two drones'
// cameras place it apart and make two contacts of it, the same rule finds
// the same thing under a second key. Such a finding is merged into the
// open incident (its key becomes an alias) rather than raised again.
const (
	// mergeWindow: the incident must have been observed this recently.
	mergeWindow = time.Minute
	// mergeSpeed is how fast, m/s, a boat is assumed to have moved since
	// the incident was last observed when the target's speed is unknown.
	mergeSpeed = 10.0
	// mergeErrorDefault stands for an incident's error not known (one
	// loaded from the store).
	mergeErrorDefault = 50.0
	// mergeSkew is how far apart in time two cameras may place the same
	// boat (their capture clocks and latencies): a boat at 30 m/s seen by
	// two drones is two contacts up to a hundred metres apart that the
	// tracker could not join.
	mergeSkew = 3 * time.Second
	// mergeTrust is how many history points (a step apart) the incident's
	// contact needs before its own speed and course carry it on: a
	// contact the tracker dropped after a fix or two has a speed off by
	// half (the racing RIB's first contact said 21 kn at 39), so without
	// them the gate takes the faster of the two speeds over the gap.
	mergeTrust = 4
)

// sameCause returns the open incident that f repeats under another key:
// the same rule, the same AIS-identified vessels, and camera-only vessels
// where the incident's were, within three sigmas of both positions'
// errors and the distance a boat runs since (and in the cameras' timing
// error). Nil when there is none, and
// for findings about identified vessels only (their keys are stable).
func (p *Picture) sameCause(f *Finding, now time.Time) *gcs.Incident {
	var (
		mmsis []uint32
		dark  []*Track
	)
	for _, id := range f.Targets {
		tr := p.tracks[id]
		if tr == nil {
			return nil
		}
		if tr.Target.MMSI != 0 {
			mmsis = append(mmsis, tr.Target.MMSI)
		} else {
			dark = append(dark, tr)
		}
	}
	if len(dark) == 0 {
		return nil
	}
	slices.Sort(mmsis)
	var (
		best  *gcs.Incident
		bestD = math.Inf(1)
	)
	for _, inc := range p.book.openIncidents() {
		if inc.Type != f.Type || now.Sub(inc.Observed) > mergeWindow || !slices.Equal(mmsis, incidentMMSIs(inc)) || !allDark(inc, len(dark)) {
			continue
		}
		if d, ok := p.nearIncident(dark, inc, now); ok && d < bestD {
			best, bestD = inc, d
		}
	}
	return best
}

// nearIncident says whether every camera-only vessel of a finding is
// where one of the incident's was at the same time, and how far off it
// is at most. Where the incident's vessel is known by its contact's
// history, they are compared at the target's time; otherwise the
// incident's last position (when it was observed) stands for it.
func (p *Picture) nearIncident(dark []*Track, inc *gcs.Incident, now time.Time) (float64, bool) {
	eI, ok := p.book.errs[inc.ID]
	if !ok {
		eI = mergeErrorDefault
	}
	worst := 0.0
	for _, tr := range dark {
		t := &tr.Target
		speed := float64(t.Speed.Or(mergeSpeed))
		bestSlack, found := math.Inf(1), false
		for _, v := range inc.Vessels {
			if v.MMSI != 0 {
				continue
			}
			lat, lon, e, gap := inc.Lat, inc.Lon, eI, now.Sub(inc.Observed)
			h := p.camHist[v.Contact]
			if h != nil && len(h.points) > 0 {
				lat, lon, e, gap = h.at(t.At)
			}
			vs := speed
			if o := p.tracks[v.Target]; o != nil && o.Target.Speed.Known() {
				switch {
				case o.Target.Course.Known() && h != nil && len(h.points) >= mergeTrust:
					// Its own motion carries it on from its history's end.
					lat, lon = destination(lat, lon, float64(o.Target.Course), float64(o.Target.Speed)*gap.Seconds())
					vs, gap = max(float64(o.Target.Speed), float64(t.Speed.Or(0))), 0
				default:
					// Too short a track to carry on: it ran at most as fast
					// as the faster of the two said.
					vs = max(float64(o.Target.Speed), speed)
				}
			}
			d := distance(t.Lat, t.Lon, lat, lon)
			gate := 3*math.Hypot(max(t.ErrorM, 10), max(e, 10)) + vs*(gap+mergeSkew).Seconds()
			if d <= gate && d < bestSlack {
				bestSlack, found = d, true
			}
		}
		if !found {
			return 0, false
		}
		worst = max(worst, bestSlack)
	}
	return worst, true
}

// darkError is the largest position error of the camera-only vessels of
// a finding, at least 10 m.
func darkError(tracks map[gcs.VesselID]*Track, f *Finding) float64 {
	e := 10.0
	for _, id := range f.Targets {
		if tr := tracks[id]; tr != nil && tr.Target.MMSI == 0 && tr.Target.ErrorM > e {
			e = tr.Target.ErrorM
		}
	}
	return e
}

// incidentMMSIs are the AIS identities of an incident's vessels, sorted.
func incidentMMSIs(inc *gcs.Incident) []uint32 {
	var out []uint32
	for _, v := range inc.Vessels {
		if v.MMSI != 0 {
			out = append(out, v.MMSI)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// allDark says whether an incident has at least n camera-only vessels.
func allDark(inc *gcs.Incident, n int) bool {
	k := 0
	for _, v := range inc.Vessels {
		if v.MMSI == 0 {
			k++
		}
	}
	return k >= n
}

// at is where the history puts a boat at time t: interpolated between its
// points, else its nearest end, with that point's error and how far in
// time t is from the history (0 inside it).
func (h *history) at(t time.Time) (lat, lon, errM float64, gap time.Duration) {
	ps := h.points
	first, last := ps[0], ps[len(ps)-1]
	switch {
	case !t.After(first.At):
		return first.Lat, first.Lon, first.ErrorM, first.At.Sub(t)
	case !t.Before(last.At):
		return last.Lat, last.Lon, last.ErrorM, t.Sub(last.At)
	}
	lat, lon, _ = positionAt(ps, t)
	return lat, lon, last.ErrorM, 0
}
