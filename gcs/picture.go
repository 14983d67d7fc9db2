package gcs

import (
	"sort"
	"time"
)

// picture is the last value of every state the stream's events announce:
// each vehicle's latest state, each alert as last announced, the
// operation and the saved plans. Subscriptions start from it, and a
// subscriber that fell behind starts again from it. It is a cache of what
// was announced, not the state itself (the fleet owns the vehicles and
// alerts, the operation store the operation, the plan store the plans).
// It is guarded by Events.mu.
type picture struct {
	vehicles  map[VehicleID]*Vehicle
	alerts    map[string]Alert
	cleared   int // alerts in alerts that are not active
	op        *Operation
	plans     []StoredPlan // nil: not announced
	vessels   map[VesselID]*Vessel
	targets   map[VesselID]*Target
	incidents map[string]*Incident
}

// record folds one event into the picture; keep is how many cleared
// alerts a snapshot carries. Detections are transient: the picture does
// not keep them.
func (p *picture) record(ev Event, keep int) {
	switch e := ev.(type) {
	case VehicleEvent:
		if p.vehicles == nil {
			p.vehicles = map[VehicleID]*Vehicle{}
		}
		p.vehicles[e.Vehicle.ID] = e.Vehicle
	case AlertEvent:
		p.alert(e.Alert, keep)
	case OperationEvent:
		p.op = e.Operation
	case PlansEvent:
		if e.Plans != nil {
			p.plans = e.Plans
		}
	case VesselEvent:
		if e.Vessel != nil {
			p.vessel(e.Vessel)
		}
	case TargetEvent:
		p.target(e)
	case IncidentEvent:
		if e.Incident != nil {
			p.incident(e.Incident)
		}
	}
}

// alert records a; beyond twice keep cleared alerts, it forgets all but
// the keep most recently cleared (so that pruning is rare).
func (p *picture) alert(a Alert, keep int) {
	if p.alerts == nil {
		p.alerts = map[string]Alert{}
	}
	if old, ok := p.alerts[a.ID]; ok && !old.Active {
		p.cleared--
	}
	p.alerts[a.ID] = a
	if !a.Active {
		p.cleared++
	}
	if p.cleared <= 2*keep {
		return
	}
	for _, c := range p.recentCleared(-1)[keep:] {
		delete(p.alerts, c.ID)
		p.cleared--
	}
}

// recentCleared returns up to n cleared alerts (n < 0: all), most
// recently cleared first.
func (p *picture) recentCleared(n int) []Alert {
	out := make([]Alert, 0, p.cleared)
	for _, a := range p.alerts {
		if !a.Active {
			out = append(out, a)
		}
	}
	at := func(a Alert) time.Time {
		if a.Cleared != nil {
			return *a.Cleared
		}
		return a.Raised
	}
	sort.Slice(out, func(i, j int) bool {
		if ti, tj := at(out[i]), at(out[j]); !ti.Equal(tj) {
			return ti.After(tj)
		}
		return out[i].ID < out[j].ID
	})
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// snapshot returns the picture as a SnapshotEvent telling that lost
// events were not delivered.
func (p *picture) snapshot(lost, keep int) SnapshotEvent {
	s := SnapshotEvent{Lost: lost, Vehicles: make([]*Vehicle, 0, len(p.vehicles)), Operation: p.op, Plans: p.plans}
	for _, v := range p.vehicles {
		s.Vehicles = append(s.Vehicles, v)
	}
	sort.Slice(s.Vehicles, func(i, j int) bool { return s.Vehicles[i].ID < s.Vehicles[j].ID })
	s.Alerts = make([]Alert, 0, len(p.alerts)-p.cleared+min(p.cleared, keep))
	for _, a := range p.alerts {
		if a.Active {
			s.Alerts = append(s.Alerts, a)
		}
	}
	sortNewestFirst(s.Alerts)
	s.Alerts = append(s.Alerts, p.recentCleared(keep)...)
	s.Vessels = p.recentVessels(PictureVessels)
	s.Targets = p.recentTargets()
	s.Incidents = p.recentIncidents()
	return s
}
