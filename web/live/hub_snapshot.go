package live

import (
	"encoding/json"
	"sort"

	"skerry/gcs"
	"skerry/web/view"
)

// operationSummary is the active operation as the snapshot and the
// operation message carry it.
func (h *Hub) operationSummary() *view.Operation {
	if h.op == nil {
		return nil
	}
	d := view.OperationOf(h.op)
	return &d
}

// snapshot returns the data of a snapshot of the mirror, cached until the
// next change.
func (h *Hub) snapshot() []byte {
	if h.snap != nil {
		return h.snap
	}
	d := snapshotData{Vehicles: make([]json.RawMessage, 0, len(h.vehicles)), Alerts: make([]gcs.Alert, 0, len(h.alerts)),
		Operation: h.operationSummary(), Plans: h.plans, Vessels: h.snapshotVessels()}
	ids := make([]gcs.VehicleID, 0, len(h.vehicles))
	for id := range h.vehicles {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		d.Vehicles = append(d.Vehicles, h.vehicles[id].payload())
	}
	for _, a := range h.alerts {
		d.Alerts = append(d.Alerts, a)
	}
	sortAlerts(d.Alerts)
	h.snap = h.encode(maritimeSnapshot{snapshotData: d, Targets: h.snapshotTargets(), Incidents: h.snapshotIncidents()})
	return h.snap
}

func (h *Hub) sendSnapshot(c *wsClient) {
	c.out.reset(&outEntry{typ: MsgSnapshot, data: h.snapshot(), at: h.Now()})
	h.stats.snapshots.Add(1)
}
