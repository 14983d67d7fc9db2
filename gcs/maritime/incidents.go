package maritime

import (
	"context"
	"time"

	"skerry/gcs"
)

// station is who the rules act as in an incident's history.
const station = "station"

// incidents raises an incident for each new cause among the findings and
// observes again the open ones whose cause is still found.
func (p *Picture) incidents(findings []Finding, now time.Time) {
	for i := range findings {
		f := &findings[i]
		prev := p.book.found[f.Key]
		p.book.found[f.Key] = now
		if inc := p.book.open[f.Key]; inc != nil {
			p.observe(inc, f, now, false)
			continue
		}
		if p.book.suppressed(f.Key, prev, now, p.Rearm) {
			continue
		}
		if inc := p.sameCause(f, now); inc != nil {
			n := clone(inc)
			n.Aliases = append(n.Aliases, f.Key)
			p.observe(n, f, now, true)
			continue
		}
		p.raise(f, now)
	}
	// Causes not found for long are forgotten (their open incidents stay
	// open until an operator closes them).
	for key, at := range p.book.found {
		if now.Sub(at) > 2*p.Rearm && p.book.open[key] == nil {
			delete(p.book.found, key)
			delete(p.book.closed, key)
		}
	}
}

// raise makes, stores and announces the incident of a new cause.
func (p *Picture) raise(f *Finding, now time.Time) {
	inc := &gcs.Incident{ID: newIncidentID(now), Type: f.Type, Severity: f.Severity, State: gcs.IncidentNew,
		Key: f.Key, Title: f.Title, Summary: f.Text, Lat: f.Lat, Lon: f.Lon, Area: f.Area,
		Raised: now, Observed: now, Updated: now, Version: 1,
		History: []gcs.IncidentChange{{At: now, By: station, To: gcs.IncidentNew, Note: f.Text}}}
	for _, id := range f.Targets {
		if tr := p.tracks[id]; tr != nil {
			inc.Vessels = append(inc.Vessels, incidentVessel(&tr.Target))
			inc.Evidence = append(inc.Evidence, p.evidence(tr, now)...)
			p.book.past[tr.Identity()]++
		}
	}
	p.stats.raised.Add(1)
	p.book.errs[inc.ID] = darkError(p.tracks, f)
	p.commit(inc, "raised")
}

// observe updates an open incident whose cause is found again: where and
// when now, any vessel new to it, and its severity when the rule now says
// worse. Only such a material change is saved and announced at once; a
// mere observation waits for flush.
func (p *Picture) observe(inc *gcs.Incident, f *Finding, now time.Time, merged bool) {
	material := merged
	p.book.errs[inc.ID] = darkError(p.tracks, f)
	n := clone(inc)
	n.Observed, n.Lat, n.Lon = now, f.Lat, f.Lon
	if rank(f.Severity) > rank(n.Severity) {
		n.Severity, material = f.Severity, true
	}
	for _, id := range f.Targets {
		tr := p.tracks[id]
		if tr == nil {
			continue
		}
		iv := incidentVessel(&tr.Target)
		if i := vesselIndex(n.Vessels, iv); i < 0 {
			n.Vessels = append(n.Vessels, iv)
			n.Evidence = append(n.Evidence, p.evidence(tr, now)...)
			material = true
		} else if n.Vessels[i] != iv {
			n.Vessels[i] = iv // learned its name, its AIS identity...
			material = true
		}
		if !hasSnapshot(n.Evidence, id) {
			if ev, ok := p.snapshotEvidence(tr, now); ok {
				n.Evidence = append(n.Evidence, ev)
				material = true
			}
		}
	}
	if !material {
		p.book.keep(n) // in memory; saved by flush
		p.book.dirty[n.ID] = true
		return
	}
	n.Summary, n.Title = f.Text, f.Title
	n.History = append(n.History, gcs.IncidentChange{At: now, By: station, From: n.State, To: n.State, Note: "updated: " + f.Text})
	p.commit(n, "updated")
}

// commit versions, stores, keeps and announces a changed incident. A
// store that fails is reported loudly and counted; the incident is kept in
// memory and saved again at the next flush.
func (p *Picture) commit(inc *gcs.Incident, what string) {
	if what != "raised" {
		inc.Version++
	}
	inc.Updated = p.Now()
	if err := p.saveMaterial(context.Background(), inc); err != nil {
		p.stats.storeErrors.Add(1)
		p.Log.Error("incident not saved: kept in memory, will retry", "incident", inc.ID, "type", inc.Type, "err", err)
		p.book.dirty[inc.ID] = true
	} else {
		delete(p.book.dirty, inc.ID)
	}
	p.book.keep(inc)
	p.Log.Info("incident "+what, "incident", inc.ID, "type", inc.Type, "severity", inc.Severity, "title", inc.Title)
	p.Events.Publish(gcs.IncidentEvent{Incident: inc})
}

// flush saves the incidents observed since they were saved, every
// SaveEvery (or now when forced, at Close).
func (p *Picture) flush(force bool) {
	now := p.Now()
	if !force && now.Sub(p.lastFlush) < p.SaveEvery {
		return
	}
	p.lastFlush = now
	if p.Store != nil {
		p.book.forgetClosed(now.Add(-closedMemory))
	}
	for id := range p.book.dirty {
		inc := p.book.byID[id]
		if inc == nil {
			delete(p.book.dirty, id)
			continue
		}
		n := clone(inc)
		n.Version++
		n.Updated = now
		if err := save(context.Background(), p.Store, n); err != nil {
			p.stats.storeErrors.Add(1)
			p.Log.Error("incident not saved: kept in memory, will retry", "incident", id, "err", err)
			continue
		}
		delete(p.book.dirty, id)
		p.book.keep(n)
		p.Events.Publish(gcs.IncidentEvent{Incident: n})
	}
}

// incidentVessel is what an incident records of a target.
func incidentVessel(t *gcs.Target) gcs.IncidentVessel {
	iv := gcs.IncidentVessel{Target: t.ID, Contact: t.Contact, MMSI: t.MMSI, Status: t.Status}
	if t.AIS != nil {
		iv.Name, iv.CallSign, iv.ShipType = t.AIS.Name, t.AIS.CallSign, t.AIS.ShipType
	}
	return iv
}

// vesselIndex finds the same vessel (by identity) in vs; -1 none.
func vesselIndex(vs []gcs.IncidentVessel, v gcs.IncidentVessel) int {
	for i := range vs {
		if vs[i].Target == v.Target || (v.MMSI != 0 && vs[i].MMSI == v.MMSI) || (v.Contact != "" && vs[i].Contact == v.Contact) {
			return i
		}
	}
	return -1
}

func rank(s gcs.IncidentSeverity) int {
	switch s {
	case gcs.IncidentHigh:
		return 3
	case gcs.IncidentMedium:
		return 2
	case gcs.IncidentLow:
		return 1
	}
	return 0
}
