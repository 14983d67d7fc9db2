package live

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"

	"skerry/gcs"
)

// Message types of the maritime picture; PROTOCOL.md describes them.
const (
	MsgTarget        = "target"
	MsgTargetRemoved = "target_removed"
	MsgIncident      = "incident"
)

// hubTarget is the mirror's latest state of one target of the maritime
// picture.
type hubTarget struct {
	e    *outEntry // its target message
	risk float64
	seen time.Time // its last_seen
}

// targetKey is the outbox key of a target's states and its removal: a
// removal takes the place of a pending state.
func targetKey(id gcs.VesselID) string { return "t/" + string(id) }

// targetChanged records a target's new state, or its leaving (Target
// nil), and returns the entry to send: a target, a target_removed, or nil
// when the consoles are shown nothing new.
func (h *Hub) targetChanged(ev gcs.TargetEvent, now time.Time) *outEntry {
	if ev.Target == nil {
		if _, ok := h.targets[ev.ID]; !ok {
			return nil
		}
		delete(h.targets, ev.ID)
		h.snap = nil
		key := targetKey(ev.ID)
		return &outEntry{typ: MsgTargetRemoved, data: h.encode(idData{ID: string(ev.ID)}), key: key, slot: h.keySlot(key), at: now}
	}
	t := ev.Target
	data := h.encode(t)
	old, ok := h.targets[t.ID]
	if ok && bytes.Equal(old.e.data, data) {
		return nil
	}
	key := targetKey(t.ID)
	e := &outEntry{typ: MsgTarget, data: data, key: key, slot: h.keySlot(key), at: now}
	h.targets[t.ID], h.snap = hubTarget{e: e, risk: t.Risk.Score, seen: t.LastSeen}, nil
	if len(h.targets) > 2*gcs.PictureTargets {
		for _, id := range h.recentTargets()[gcs.PictureTargets:] {
			delete(h.targets, id)
		}
	}
	return e
}

// idData is the data of target_removed.
type idData struct {
	ID string `json:"id"`
}

// recentTargets returns the mirror's targets, most recently seen first.
func (h *Hub) recentTargets() []gcs.VesselID {
	ids := make([]gcs.VesselID, 0, len(h.targets))
	for id := range h.targets {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := h.targets[ids[i]].seen, h.targets[ids[j]].seen
		if !a.Equal(b) {
			return a.After(b)
		}
		return ids[i] < ids[j]
	})
	return ids
}

// snapshotTargets returns the targets a snapshot carries: the
// gcs.PictureTargets most recently seen, highest risk first (the order
// of gcs.SortTargets).
func (h *Hub) snapshotTargets() []json.RawMessage {
	ids := h.recentTargets()
	if len(ids) > gcs.PictureTargets {
		ids = ids[:gcs.PictureTargets]
	}
	sort.SliceStable(ids, func(i, j int) bool { // already by last seen, then id
		return h.targets[ids[i]].risk > h.targets[ids[j]].risk
	})
	out := make([]json.RawMessage, len(ids))
	for i, id := range ids {
		out[i] = h.targets[id].e.data
	}
	return out
}
