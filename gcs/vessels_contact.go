package gcs

import (
	"context"
	"fmt"
	"time"
)

// storeTimeout bounds one write of a contact to the store.
const storeTimeout = 5 * time.Second

// contact is what the owner goroutine keeps of one vessel contact.
type contact struct {
	v        *Vessel // the latest state, without Track; shared once announced, never changed
	track    []TrackPoint
	snapshot []byte // the best picture; nil none yet
}

// withTrack returns the contact's state with a copy of its track.
func (c *contact) withTrack() Vessel {
	v := *c.v
	v.Track = append([]TrackPoint{}, c.track...)
	return v
}

// SnapshotPath is the URL path of a contact's best picture.
func SnapshotPath(id VesselID) string { return "/api/vessels/" + string(id) + "/snapshot.jpg" }

// apply folds one update into its contact, stores it and returns the
// state to announce; nil when the update was stale.
func (vs *Vessels) apply(u VesselUpdate) *Vessel {
	nv := u.Vessel
	c := vs.contacts[nv.ID]
	if c != nil && nv.LastSeen.Before(c.v.LastSeen) {
		vs.stats.stale.Add(1)
		return nil
	}
	if c == nil {
		c = &contact{}
		vs.contacts[nv.ID] = c
	} else if c.v.FirstSeen.Before(nv.FirstSeen) {
		nv.FirstSeen = c.v.FirstSeen
	}
	if u.Snapshot != nil {
		c.snapshot = u.Snapshot
	}
	if c.snapshot != nil {
		nv.Snapshot = SnapshotPath(nv.ID)
	}
	c.v = &nv
	added := c.addPoint(TrackPoint{At: nv.LastSeen, Lat: nv.Lat, Lon: nv.Lon, ErrorM: nv.ErrorM}, vs.TrackGap, vs.TrackPoints, vs.TrackSpan)
	vs.stats.updates.Add(1)
	if added || u.Snapshot != nil {
		vs.save(nv, added, u.Snapshot)
	}
	vs.forgetOldest()
	vs.stats.contacts.Store(int64(len(vs.contacts)))
	return c.v
}

// addPoint appends p unless the last point is less than gap older, then
// keeps the last max points within span of p; it reports whether p was
// added.
func (c *contact) addPoint(p TrackPoint, gap time.Duration, max int, span time.Duration) bool {
	if n := len(c.track); n > 0 && p.At.Sub(c.track[n-1].At) < gap {
		return false
	}
	c.track = append(c.track, p)
	cut := 0
	for cut < len(c.track)-1 && (len(c.track)-cut > max || p.At.Sub(c.track[cut].At) > span) {
		cut++
	}
	if cut > 0 {
		c.track = append(c.track[:0], c.track[cut:]...)
	}
	return true
}

// save writes the contact's state, the track point just added (if any)
// and its new picture (if any) to the store; a failure is logged and
// counted, the contact stays in memory.
func (vs *Vessels) save(v Vessel, point bool, snapshot []byte) {
	if vs.Store == nil {
		return
	}
	if point {
		v.Track = []TrackPoint{{At: v.LastSeen, Lat: v.Lat, Lon: v.Lon, ErrorM: v.ErrorM}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if err := vs.Store.SaveVessel(ctx, v, snapshot); err != nil {
		if n := vs.stats.storeErrors.Add(1); n <= 10 || n%100 == 0 {
			vs.Log.Error("vessel contact not stored", "vessel", v.ID, "err", err, "failures_so_far", n)
		}
	}
}

// forgetOldest keeps at most Contacts contacts in memory, forgetting the
// least recently seen (the store keeps them).
func (vs *Vessels) forgetOldest() {
	if len(vs.contacts) <= vs.Contacts {
		return
	}
	list := vs.memList()
	for _, v := range list[vs.Contacts:] {
		delete(vs.contacts, v.ID)
	}
}

// memList returns the contacts in memory, most recently seen first.
func (vs *Vessels) memList() []*Vessel {
	out := make([]*Vessel, 0, len(vs.contacts))
	for _, c := range vs.contacts {
		out = append(out, c.v)
	}
	sortVessels(out)
	return out
}

// recall loads the contacts seen within Recall from the store, with their
// tracks and pictures, and announces them. It runs before the owner
// goroutine starts.
func (vs *Vessels) recall(ctx context.Context) error {
	if vs.Store == nil {
		return nil
	}
	since := vs.Now().Add(-vs.Recall)
	stored, err := vs.storedSince(ctx, since)
	if err != nil {
		return fmt.Errorf("vessels: loading recent contacts: %w", err)
	}
	var evs []Event
	for _, sv := range stored {
		if sv.LastSeen.Before(since) || len(vs.contacts) >= vs.Contacts {
			continue
		}
		full, err := vs.Store.Vessel(ctx, sv.ID)
		if err != nil {
			return fmt.Errorf("vessels: loading contact %q: %w", sv.ID, err)
		}
		c := &contact{}
		for _, p := range full.Track {
			c.addPoint(p, 0, vs.TrackPoints, vs.TrackSpan)
		}
		if full.Snapshot != "" {
			if c.snapshot, err = vs.Store.VesselSnapshot(ctx, sv.ID); err != nil {
				c.snapshot, full.Snapshot = nil, ""
			}
		}
		full.Track = nil
		c.v = &full
		vs.contacts[full.ID] = c
		evs = append(evs, VesselEvent{Vessel: c.v})
	}
	vs.stats.contacts.Store(int64(len(vs.contacts)))
	vs.Events.Publish(evs...)
	return nil
}
