package track

import (
	"math"
	"time"
)

// mergeSpeed is the largest difference of velocity, m/s, at which two
// tracks may be one boat.
const mergeSpeed = 3.0

// together marks the tracks one frame hit as different boats.
func together(cs []*contact) {
	for i, a := range cs {
		for _, b := range cs[i+1:] {
			a.apart[b], b.apart[a] = true, true
		}
	}
}

// merge fuses tracks that are one boat seen by several cameras whose
// placements disagree by more than the gate allowed when the second track
// started (attitude biases differ from drone to drone): two tracks never
// hit in the same frame, within the gate of each other with both their
// uncertainties and moving alike. The older keeps its id; the younger's
// id is dropped (if it was reported, gcs keeps it until it ages out).
func (t *Tracker) merge() {
	for i := 0; i < len(t.tracks); i++ {
		a := t.tracks[i]
		for j := i + 1; j < len(t.tracks); j++ {
			b := t.tracks[j]
			if a.apart[b] || !sameBoat(a, b, t.now, &t.cfg) {
				continue
			}
			keep, drop := a, b
			if b.first.Before(a.first) || b.confirmed && !a.confirmed {
				keep, drop = b, a
			}
			keep.absorb(drop)
			t.tracks = append(t.tracks[:j], t.tracks[j+1:]...)
			if drop == a {
				t.tracks[i] = keep
				a = keep
			}
			j--
		}
	}
}

// sameBoat reports whether two tracks look like one boat at now. They
// must have been hit within continuity of now, or have lived side by
// side (each hit after the other began): a track that stopped getting
// hits before the other began, coasting, has an uncertainty that would
// take in a boat coming into view as its own left (a camera turning from
// one boat to the next; see stitch for the boat that carries on).
func sameBoat(a, b *contact, now time.Time, cfg *Config) bool {
	recent := now.Sub(a.last) <= continuity && now.Sub(b.last) <= continuity
	if !recent && (!a.first.Before(b.last) || !b.first.Before(a.last)) {
		return false
	}
	de, dn := b.f.e.x-a.f.e.x, b.f.n.x-a.f.n.x
	if math.Hypot(de, dn) > cfg.MaxGate {
		return false
	}
	d2 := de*de/(a.f.e.pxx+b.f.e.pxx) + dn*dn/(a.f.n.pxx+b.f.n.pxx)
	if d2 > cfg.Gate {
		return false
	}
	// Alike in motion, unless one is too young to say.
	if a.hits >= motionHits && b.hits >= motionHits {
		return math.Hypot(b.f.e.v-a.f.e.v, b.f.n.v-a.f.n.v) <= mergeSpeed
	}
	return true
}

// absorb takes another track of the same boat into c, their estimates
// fused.
func (c *contact) absorb(o *contact) {
	// The other's estimate as a measurement of c's, per axis.
	fuse := func(a *axis, b axis) {
		a.update(b.x, b.pxx)
		w := a.pvv / (a.pvv + b.pvv)
		a.v += (1 - w) * (b.v - a.v)
		a.pvv = a.pvv * b.pvv / (a.pvv + b.pvv)
	}
	fuse(&c.f.e, o.f.e)
	fuse(&c.f.n, o.f.n)
	c.take(o)
}

// carryOn takes into c a track that carries on where c left off: its
// estimate replaces c's.
func (c *contact) carryOn(o *contact) {
	c.f, c.at, c.agile, c.stray, c.left, c.hitP = o.f, o.at, o.agile, o.stray, o.left, o.hitP
	c.take(o)
}

// take takes another track's hits, sightings, lengths, apartness and
// picture into c.
func (c *contact) take(o *contact) {
	c.hits += o.hits
	c.confirmed = c.confirmed || o.confirmed
	if o.first.Before(c.first) {
		c.first = o.first
	}
	if o.last.After(c.last) {
		c.last = o.last
	}
	c.lengths = append(c.lengths, o.lengths...)
	if len(c.lengths) > lengthSamples {
		c.lengths = c.lengths[len(c.lengths)-lengthSamples:]
	}
	for k, s := range o.seen {
		if old, ok := c.seen[k]; !ok || s.At.After(old.At) {
			c.seen[k] = s
		}
	}
	for x := range o.apart {
		c.apart[x], x.apart[c] = true, true
		delete(x.apart, o)
	}
	if o.bestQuality > c.bestQuality && o.snapshot != nil {
		c.bestQuality, c.snapshot = o.bestQuality, o.snapshot
	}
	c.dirty = true
}
