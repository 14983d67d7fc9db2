package track

// Two tracks on one boat (a camera's bias fading, placements scattered
// over both) trade its detections until one stops getting them and
// coasts on, a ghost moving as the other did not. When a camera hits a
// track with a detection that the track it hit in its previous frame
// could have taken too (within that one's gate), the other is that
// one's heir; a track whose heir stands, and that got no hit for
// continuity since, is taken into its heir (the heir's estimate and id
// go on: the cameras show that one).
//
// A camera turning from one boat to the next makes no heir: the next
// boat's first detections lie outside the first's gate (or it takes them,
// see looseSigma).

// noteHeirs names the heirs of a frame's hits (see above).
func (t *Tracker) noteHeirs(key string, ms []meas, got []*contact, dupOf []int, hitNow map[*contact]bool) {
	prev := t.previous[key]
	for j, k := range got {
		if k == nil || dupOf[j] >= 0 {
			continue
		}
		for _, g := range t.tracks {
			if g == k || hitNow[g] || !g.confirmed || g.apart[k] || !g.seenAt(key, prev) {
				continue
			}
			if g.f.distance2(ms[j].east, ms[j].north, ms[j].sigma) <= t.cfg.Gate {
				g.heir = k
			}
		}
	}
}

// succeed takes every track whose heir stands into it.
func (t *Tracker) succeed() {
	alive := make(map[*contact]bool, len(t.tracks))
	for _, c := range t.tracks {
		alive[c] = true
	}
	for _, g := range t.tracks {
		k := g.heir
		if k == nil || !alive[k] || !alive[g] || g.apart[k] || t.now.Sub(g.last) < continuity {
			continue
		}
		k.take(g)
		alive[g] = false
	}
	for c := range alive {
		if !alive[c] {
			t.drop(c)
		}
	}
}
