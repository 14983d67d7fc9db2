package notify

import (
	"skerry/gcs"
)

// UnitStats counts one unit's deliveries since the dispatcher started.
type UnitStats struct {
	Delivered      uint64 // reports delivered
	FailedAttempts uint64 // attempts that failed
	Failing        bool   // the last attempt failed
	LastError      string // the last attempt's error, if it failed
}

// count changes a unit's stats under the lock.
func (d *Dispatcher) count(id gcs.UnitID, fn func(*UnitStats)) {
	d.statsMu.Lock()
	defer d.statsMu.Unlock()
	s := d.stats[id]
	if s == nil {
		s = &UnitStats{}
		d.stats[id] = s
	}
	fn(s)
}

// UnitStats returns each unit's stats (units with no attempt yet are
// missing).
func (d *Dispatcher) UnitStats() map[gcs.UnitID]UnitStats {
	d.statsMu.Lock()
	defer d.statsMu.Unlock()
	out := make(map[gcs.UnitID]UnitStats, len(d.stats))
	for id, s := range d.stats {
		out[id] = *s
	}
	return out
}

// Stats returns the counters for /metrics: reports_delivered and
// report_attempts_failed in all, and the same per unit with the unit's id
// after "reports_delivered_unit_" and "report_attempts_failed_unit_".
func (d *Dispatcher) Stats() map[string]uint64 {
	per := d.UnitStats()
	out := map[string]uint64{"reports_delivered": 0, "report_attempts_failed": 0}
	for id, s := range per {
		out["reports_delivered"] += s.Delivered
		out["report_attempts_failed"] += s.FailedAttempts
		out["reports_delivered_unit_"+string(id)] = s.Delivered
		out["report_attempts_failed_unit_"+string(id)] = s.FailedAttempts
	}
	return out
}
