package live

import (
	"time"

	"skerry/gcs"
)

// handle applies one read of the core's event stream to the mirror and
// every client, in the stream's order: the states (vehicles, contacts,
// detections) between two events go out to the clients as one batch,
// before the event after them.
func (h *Hub) handle(evs []gcs.Event) {
	now := h.Now()
	var batch []*outEntry // vehicle states not yet handed to the clients
	alerts := false
	for i, ev := range evs {
		if e, state := h.stateChanged(ev, now); state {
			if e != nil {
				if batch == nil {
					batch = make([]*outEntry, 0, len(evs)-i)
				}
				batch = append(batch, e)
			}
			continue
		}
		h.pushVehicles(batch)
		batch = nil
		switch e := ev.(type) {
		case gcs.AlertEvent:
			h.alerts[e.Alert.ID], h.snap, alerts = e.Alert, nil, true
			h.broadcast(&outEntry{typ: MsgAlert, data: h.encode(e.Alert), at: now})
		case gcs.OrderEvent:
			results := e.Results
			if results == nil {
				results = []gcs.Result{}
			}
			h.broadcast(&outEntry{typ: MsgResult, data: h.encode(resultData{RequestID: e.ID, Results: results}), at: now})
		case gcs.OperationEvent:
			h.operationChanged(e.Operation)
		case gcs.PlansEvent:
			h.plansChanged(e)
		case gcs.SnapshotEvent:
			h.restart(e)
		case gcs.ReportEvent:
			h.reportChanged(e.Report, now)
		case gcs.InspectEvent:
			h.inspectChanged(e.Session, now)
		}
	}
	h.pushVehicles(batch)
	if alerts {
		h.pruneAlerts()
	}
	h.stats.vehicles.Store(int64(len(h.vehicles)))
}

// stateChanged records a state that coalesces (a vehicle's, a contact's,
// a stream's detections) and returns the entry to send (nil: nothing to
// send); state is false for every other event.
func (h *Hub) stateChanged(ev gcs.Event, now time.Time) (e *outEntry, state bool) {
	switch s := ev.(type) {
	case gcs.VehicleEvent:
		return h.vehicleChanged(s.Vehicle, now), true
	case gcs.VesselEvent:
		return h.vesselChanged(s.Vessel, now), true
	case gcs.DetectionsEvent:
		return h.detections(s.Detections, now), true
	case gcs.TargetEvent:
		return h.targetChanged(s, now), true
	case gcs.IncidentEvent:
		return h.incidentChanged(s.Incident, now), true
	case gcs.AISEvent:
		return nil, true // AIS vessels reach the consoles as targets
	}
	return nil, false
}

// vehicleChanged records a vehicle's new state in the mirror and returns
// the entry to send, or nil when nothing a console shows has changed (or
// the state cannot be encoded: the one before stays).
func (h *Hub) vehicleChanged(v *gcs.Vehicle, now time.Time) *outEntry {
	id := v.ID
	var prev *vehicleRecord
	if old := h.vehicles[id]; old != nil {
		prev = old.rec
	}
	rec, changed, err := newVehicleRecord(v, prev) // v is shared and never changes: the record keeps it
	if err != nil {
		h.encodeFailed("vehicle state kept as it was", err)
		return nil
	}
	if changed == 0 {
		return nil
	}
	e := &outEntry{typ: MsgVehicle, rec: rec, changed: changed, vehicle: id, slot: h.slot(id), at: now, seen: v.LastSeen}
	if rec.deltaWorthIt(changed) {
		e.delta = rec.appendDelta(nil, changed)
	}
	h.vehicles[id], h.snap = e, nil
	return e
}

// pushVehicles hands a batch of vehicle states to every client; the batch
// is shared and must not change afterwards.
func (h *Hub) pushVehicles(es []*outEntry) {
	if len(es) == 0 {
		return
	}
	for c := range h.clients {
		c.out.pushVehicles(es)
	}
}

// restart replaces the mirror by the stream's snapshot and sends every
// client a fresh snapshot. The stream sends one first, and again when the
// hub fell more than its bound behind: then the events it lost are
// counted and logged, and the snapshot holds their effect (the results of
// orders among them are not resent: the order journal has them).
func (h *Hub) restart(s gcs.SnapshotEvent) {
	if s.Lost > 0 {
		h.stats.queueDrops.Add(uint64(s.Lost))
		h.Log.Warn("hub fell behind the core's event stream; resending snapshots", "events_lost", s.Lost)
	}
	now := h.Now()
	have := make(map[gcs.VehicleID]bool, len(s.Vehicles))
	for _, v := range s.Vehicles {
		h.vehicleChanged(v, now)
		have[v.ID] = true
	}
	for id := range h.vehicles {
		if !have[id] {
			delete(h.vehicles, id)
		}
	}
	clear(h.alerts)
	for _, a := range s.Alerts {
		h.alerts[a.ID] = a
	}
	h.pruneAlerts()
	h.op, h.plans, h.snap = s.Operation, h.encodePlans(s.Plans), nil
	clear(h.vessels)
	for _, v := range s.Vessels {
		h.vesselChanged(v, now)
	}
	h.restartMaritime(s, now)
	for c := range h.clients {
		h.sendSnapshot(c)
	}
}

// operationChanged tells the consoles of a new active operation.
func (h *Hub) operationChanged(op *gcs.Operation) {
	if op == h.op {
		return
	}
	h.op, h.snap = op, nil
	h.broadcast(&outEntry{typ: MsgOperation, data: h.encode(h.operationSummary()), at: h.Now()})
}
