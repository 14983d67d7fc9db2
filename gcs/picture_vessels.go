package gcs

import "sort"

// PictureVessels is how many vessel contacts the stream's picture (and so
// a SnapshotEvent) keeps: the most recently seen. Older ones are in the
// Vessels use case and its store.
const PictureVessels = 500

// vessel records a contact's latest state; beyond twice PictureVessels
// contacts it forgets all but the PictureVessels most recently seen (so
// that pruning is rare).
func (p *picture) vessel(v *Vessel) {
	if p.vessels == nil {
		p.vessels = map[VesselID]*Vessel{}
	}
	p.vessels[v.ID] = v
	if len(p.vessels) <= 2*PictureVessels {
		return
	}
	for _, old := range p.recentVessels(-1)[PictureVessels:] {
		delete(p.vessels, old.ID)
	}
}

// recentVessels returns up to n contacts (n < 0: all), most recently seen
// first; never nil.
func (p *picture) recentVessels(n int) []*Vessel {
	out := make([]*Vessel, 0, len(p.vessels))
	for _, v := range p.vessels {
		out = append(out, v)
	}
	sortVessels(out)
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// sortVessels orders contacts most recently seen first, then by id.
func sortVessels(vs []*Vessel) {
	sort.Slice(vs, func(i, j int) bool {
		if a, b := vs[i].LastSeen, vs[j].LastSeen; !a.Equal(b) {
			return a.After(b)
		}
		return vs[i].ID < vs[j].ID
	})
}
