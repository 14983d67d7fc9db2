package live

import (
	"time"

	"skerry/gcs"
)

// MsgInspect is the type of an inspection's state: a drone sent to look
// at a vessel (gcs.InspectSession as it is).
const MsgInspect = "inspect"

// inspectChanged sends an inspection's new state to every console. An
// inspection changes every few seconds at most and is not mirrored: a
// console reads the ones before it connected from GET /api/inspect, so
// snapshots do not carry them, and they queue in order like alerts.
func (h *Hub) inspectChanged(s *gcs.InspectSession, now time.Time) {
	if s == nil || s.ID == "" {
		return
	}
	h.broadcast(&outEntry{typ: MsgInspect, at: now, data: h.encode(s)})
}
