package maritime

import (
	"context"
	"maps"
	"slices"
	"time"

	"skerry/gcs"
)

// Evaluate runs one round now, on the owner goroutine: fusion, rules,
// risk, incidents, announcements. The picture does this every Tick on its
// own; tests with an injected clock call it.
func (p *Picture) Evaluate(ctx context.Context) error {
	if !p.do(ctx, p.evaluate) {
		return p.gone(ctx)
	}
	return nil
}

// evaluate is one round.
func (p *Picture) evaluate() {
	start := time.Now()
	now := p.Now()
	targets := p.fz.fuse(now)
	p.forgetHistories()
	tracks := make(map[gcs.VesselID]*Track, len(targets))
	list := make([]*Track, 0, len(targets))
	for _, id := range slices.Sorted(maps.Keys(targets)) {
		t := targets[id]
		if p.Zones != nil {
			t.Zones = p.Zones.Names(t.Lat, t.Lon)
		}
		tr := &Track{Target: *t, History: joined(p.camHist[t.Contact], p.aisHist[t.MMSI])}
		tracks[id] = tr
		list = append(list, tr)
	}
	sit := &Situation{Now: now, Tracks: list, Zones: p.Zones, Land: p.Land, Watch: p.Watch}
	findings := Evaluate(sit, &p.set)
	p.stats.findings.Add(uint64(len(findings)))
	about := map[gcs.VesselID][]*Finding{}
	for i := range findings {
		for _, id := range findings[i].Targets {
			about[id] = append(about[id], &findings[i])
		}
	}
	for id, tr := range tracks {
		tr.Target.Risk = Score(tr, about[id], p.book.past[tr.Identity()], &p.set)
	}
	p.tracks = tracks
	p.incidents(findings, now)
	p.announce(tracks)
	p.flush(false)
	p.stats.evaluations.Add(1)
	p.stats.targets.Store(int64(len(tracks)))
	p.stats.open.Store(int64(len(p.book.open)))
	p.stats.lastEval.Store(int64(time.Since(start)))
}

// forgetHistories drops the histories of contacts and AIS vessels no
// longer in the fusion's inputs.
func (p *Picture) forgetHistories() {
	for id := range p.camHist {
		if p.fz.contacts[id] == nil {
			delete(p.camHist, id)
		}
	}
	for mmsi := range p.aisHist {
		if p.fz.ais[mmsi] == nil {
			delete(p.aisHist, mmsi)
		}
	}
}

// announce publishes the targets that changed since the last round and
// the ids that left.
func (p *Picture) announce(tracks map[gcs.VesselID]*Track) {
	var evs []gcs.Event
	for id := range p.targets {
		if tracks[id] == nil {
			delete(p.targets, id)
			evs = append(evs, gcs.TargetEvent{ID: id})
		}
	}
	for id, tr := range tracks {
		old := p.targets[id]
		if old != nil && sameTarget(old, &tr.Target) {
			continue
		}
		t := tr.Target // its own copy: the track's may be changed by the next round
		p.targets[id] = &t
		evs = append(evs, gcs.TargetEvent{ID: id, Target: &t})
	}
	if len(evs) > 0 {
		p.Events.Publish(evs...)
	}
}

// sameTarget says whether b tells a console nothing new over a.
func sameTarget(a, b *gcs.Target) bool {
	return a.LastSeen.Equal(b.LastSeen) && a.At.Equal(b.At) && a.Status == b.Status &&
		a.MMSI == b.MMSI && a.Lat == b.Lat && a.Lon == b.Lon && a.Risk.Score == b.Risk.Score &&
		len(a.Risk.Reasons) == len(b.Risk.Reasons) && slices.Equal(a.Zones, b.Zones) && a.Snapshot == b.Snapshot
}
