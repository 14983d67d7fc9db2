package gcs

import (
	"sort"
)

// PictureTargets is how many targets the stream's picture (and so a
// SnapshotEvent) keeps: the most recently seen. PictureClosed is how many
// closed incidents it keeps beside the open ones.
const (
	PictureTargets = 5000
	PictureClosed  = 200
)

// target records a target's latest state or its leaving; beyond twice
// PictureTargets it forgets all but the most recently seen.
func (p *picture) target(e TargetEvent) {
	if e.Target == nil {
		delete(p.targets, e.ID)
		return
	}
	if p.targets == nil {
		p.targets = map[VesselID]*Target{}
	}
	p.targets[e.ID] = e.Target
	if len(p.targets) <= 2*PictureTargets {
		return
	}
	for _, old := range p.sortedTargets()[PictureTargets:] {
		delete(p.targets, old.ID)
	}
}

func (p *picture) sortedTargets() []*Target {
	out := make([]*Target, 0, len(p.targets))
	for _, t := range p.targets {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := out[i].LastSeen, out[j].LastSeen; !a.Equal(b) {
			return a.After(b)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// recentTargets returns at most PictureTargets targets, most recently
// seen first; never nil.
func (p *picture) recentTargets() []*Target {
	out := p.sortedTargets()
	if len(out) > PictureTargets {
		out = out[:PictureTargets]
	}
	return out
}

// incident records an incident as announced; beyond twice PictureClosed
// closed ones it forgets all but the most recently updated.
func (p *picture) incident(inc *Incident) {
	if p.incidents == nil {
		p.incidents = map[string]*Incident{}
	}
	p.incidents[inc.ID] = inc
	closed := 0
	for _, i := range p.incidents {
		if i.State == IncidentClosed {
			closed++
		}
	}
	if closed <= 2*PictureClosed {
		return
	}
	var cl []*Incident
	for _, i := range p.incidents {
		if i.State == IncidentClosed {
			cl = append(cl, i)
		}
	}
	sortIncidents(cl)
	for _, old := range cl[PictureClosed:] {
		delete(p.incidents, old.ID)
	}
}

// recentIncidents returns the open incidents and at most PictureClosed
// closed ones, most recently updated first; never nil.
func (p *picture) recentIncidents() []*Incident {
	out := make([]*Incident, 0, len(p.incidents))
	for _, i := range p.incidents {
		out = append(out, i)
	}
	sortIncidents(out)
	kept, closed := out[:0], 0
	for _, i := range out {
		if i.State == IncidentClosed {
			if closed++; closed > PictureClosed {
				continue
			}
		}
		kept = append(kept, i)
	}
	return kept
}

// sortIncidents orders incidents most recently updated first, then by id.
func sortIncidents(is []*Incident) {
	sort.Slice(is, func(i, j int) bool {
		if a, b := is[i].Updated, is[j].Updated; !a.Equal(b) {
			return a.After(b)
		}
		return is[i].ID < is[j].ID
	})
}

// SortTargets orders targets by risk, highest first, then most recently
// seen, then id: the order the console lists them in.
func SortTargets(ts []*Target) {
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if a.Risk.Score != b.Risk.Score {
			return a.Risk.Score > b.Risk.Score
		}
		if !a.LastSeen.Equal(b.LastSeen) {
			return a.LastSeen.After(b.LastSeen)
		}
		return a.ID < b.ID
	})
}
