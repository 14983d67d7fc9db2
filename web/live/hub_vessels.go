package live

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"

	"skerry/gcs"
)

// hubVessel is the mirror's latest state of one contact.
type hubVessel struct {
	e    *outEntry // its vessel message
	seen time.Time // its last_seen, for the snapshot's order
}

// vesselChanged records a contact's new state in the mirror and returns
// the entry to send, nil when nothing the console is shown changed. The
// states of one contact coalesce in each client's outbox, as a vehicle's
// do.
func (h *Hub) vesselChanged(v *gcs.Vessel, now time.Time) *outEntry {
	if v == nil {
		return nil
	}
	cp := *v
	cp.Track = nil // lists and the feed carry no tracks
	data := h.encode(cp)
	old, ok := h.vessels[v.ID]
	if ok && bytes.Equal(old.e.data, data) {
		return nil
	}
	key := "s/" + string(v.ID)
	e := &outEntry{typ: MsgVessel, data: data, key: key, slot: h.keySlot(key), at: now}
	h.vessels[v.ID], h.snap = hubVessel{e: e, seen: v.LastSeen}, nil
	if len(h.vessels) > 2*gcs.PictureVessels {
		for _, id := range h.vesselOrder()[gcs.PictureVessels:] {
			delete(h.vessels, id)
		}
	}
	return e
}

// vesselOrder returns the mirror's contacts, most recently seen first.
func (h *Hub) vesselOrder() []gcs.VesselID {
	ids := make([]gcs.VesselID, 0, len(h.vessels))
	for id := range h.vessels {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := h.vessels[ids[i]].seen, h.vessels[ids[j]].seen
		if !a.Equal(b) {
			return a.After(b)
		}
		return ids[i] < ids[j]
	})
	return ids
}

// snapshotVessels returns the contacts a snapshot carries: at most
// gcs.PictureVessels, most recently seen first.
func (h *Hub) snapshotVessels() []json.RawMessage {
	ids := h.vesselOrder()
	if len(ids) > gcs.PictureVessels {
		ids = ids[:gcs.PictureVessels]
	}
	out := make([]json.RawMessage, len(ids))
	for i, id := range ids {
		out[i] = h.vessels[id].e.data
	}
	return out
}

// detections returns the entry of one frame's detections. They are not
// kept: a console that connects later sees the next frame's. A stream's
// detections coalesce in each client's outbox, so a slow console gets
// the latest boxes of each stream and never holds the hub up.
func (h *Hub) detections(d *gcs.Detections, now time.Time) *outEntry {
	if d == nil {
		return nil
	}
	if d.Boxes == nil {
		cp := *d
		cp.Boxes = []gcs.DetectionBox{}
		d = &cp
	}
	key := "d/" + string(d.Vehicle) + "\x00" + d.Stream
	return &outEntry{typ: MsgDetections, data: h.encode(d), key: key, slot: h.keySlot(key), at: now}
}
