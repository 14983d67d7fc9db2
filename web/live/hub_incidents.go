package live

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"

	"skerry/gcs"
)

// hubIncident is the mirror's latest state of one incident.
type hubIncident struct {
	e       *outEntry // its incident message
	updated time.Time
	closed  bool
}

// feedIncident is an incident as the feed carries it: its tracks'
// points are left out (GET /api/incidents/{id} has them), so that a
// snapshot of hundreds of incidents stays small.
func feedIncident(inc *gcs.Incident) gcs.Incident {
	cp := *inc
	if cp.Vessels == nil {
		cp.Vessels = []gcs.IncidentVessel{}
	}
	if cp.History == nil {
		cp.History = []gcs.IncidentChange{}
	}
	copied := false // the announced incident is shared: never change it
	for i, e := range cp.Evidence {
		if len(e.Track) == 0 {
			continue
		}
		if !copied {
			cp.Evidence, copied = append([]gcs.Evidence(nil), cp.Evidence...), true
		}
		cp.Evidence[i].Track = nil
	}
	return cp
}

// incidentChanged records an incident as announced and returns the entry
// to send, nil when nothing changed. The states of one incident coalesce
// in each client's outbox.
func (h *Hub) incidentChanged(inc *gcs.Incident, now time.Time) *outEntry {
	if inc == nil || inc.ID == "" {
		return nil
	}
	data := h.encode(feedIncident(inc))
	old, ok := h.incidents[inc.ID]
	if ok && bytes.Equal(old.e.data, data) {
		return nil
	}
	key := "i/" + inc.ID
	e := &outEntry{typ: MsgIncident, data: data, key: key, slot: h.keySlot(key), at: now}
	h.incidents[inc.ID], h.snap = hubIncident{e: e, updated: inc.Updated, closed: inc.State == gcs.IncidentClosed}, nil
	h.pruneIncidents(2 * gcs.PictureClosed)
	return e
}

// pruneIncidents forgets all but the keep most recently updated closed
// incidents once there are more than keep.
func (h *Hub) pruneIncidents(keep int) {
	closed := 0
	for _, i := range h.incidents {
		if i.closed {
			closed++
		}
	}
	if closed <= keep {
		return
	}
	n := 0
	for _, id := range h.incidentOrder() {
		if h.incidents[id].closed {
			if n++; n > gcs.PictureClosed {
				delete(h.incidents, id)
			}
		}
	}
}

// incidentOrder returns the mirror's incidents, most recently updated
// first, then by id.
func (h *Hub) incidentOrder() []string {
	ids := make([]string, 0, len(h.incidents))
	for id := range h.incidents {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := h.incidents[ids[i]].updated, h.incidents[ids[j]].updated
		if !a.Equal(b) {
			return a.After(b)
		}
		return ids[i] < ids[j]
	})
	return ids
}

// snapshotIncidents returns the incidents a snapshot carries: the open
// ones and the gcs.PictureClosed most recently closed, most recently
// updated first.
func (h *Hub) snapshotIncidents() []json.RawMessage {
	out := make([]json.RawMessage, 0, len(h.incidents))
	closed := 0
	for _, id := range h.incidentOrder() {
		i := h.incidents[id]
		if i.closed {
			if closed++; closed > gcs.PictureClosed {
				continue
			}
		}
		out = append(out, i.e.data)
	}
	return out
}

// maritimeSnapshot is the data of a snapshot with the maritime picture.
type maritimeSnapshot struct {
	snapshotData
	Targets   []json.RawMessage `json:"targets"`   // highest risk first
	Incidents []json.RawMessage `json:"incidents"` // most recently updated first
}

// restartMaritime replaces the mirror's targets and incidents by the
// stream's snapshot's.
func (h *Hub) restartMaritime(s gcs.SnapshotEvent, now time.Time) {
	clear(h.targets)
	for _, t := range s.Targets {
		if t != nil {
			h.targetChanged(gcs.TargetEvent{ID: t.ID, Target: t}, now)
		}
	}
	clear(h.incidents)
	for _, inc := range s.Incidents {
		h.incidentChanged(inc, now)
	}
}
