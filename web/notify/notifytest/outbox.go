// Package notifytest has in-memory stand-ins for the tests of report
// delivery: an outbox (gcs.Outbox) and a clock with timers.
package notifytest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"skerry/gcs"
)

// Outbox is an in-memory gcs.Outbox. Add puts reports in as the maritime
// engine would; Delivered and Attempts say what became of them.
type Outbox struct {
	mu      sync.Mutex
	reports map[string]*gcs.Report
	seq     map[gcs.UnitID]int64
	marks   []Mark
}

// Mark is one call of MarkAttempt or MarkDelivered, in call order.
type Mark struct {
	ID     string
	Status gcs.ReportStatus
	Err    string
	Next   time.Time // MarkAttempt's
	At     time.Time // MarkDelivered's
}

var _ gcs.Outbox = (*Outbox)(nil)

// Add stores reports as new, each with its unit's next Seq, and returns
// them as stored. A report id already stored is kept as it is.
func (o *Outbox) Add(reports ...gcs.Report) []gcs.Report {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.reports == nil {
		o.reports, o.seq = map[string]*gcs.Report{}, map[gcs.UnitID]int64{}
	}
	var out []gcs.Report
	for _, r := range reports {
		if old, ok := o.reports[r.ID]; ok {
			out = append(out, *old)
			continue
		}
		o.seq[r.Unit]++
		r.Seq = o.seq[r.Unit]
		r.Status = gcs.ReportPending
		o.reports[r.ID] = &r
		out = append(out, r)
	}
	return out
}

// Latest implements gcs.Outbox.
func (o *Outbox) Latest(_ context.Context, incident string) (map[gcs.UnitID]gcs.Report, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := map[gcs.UnitID]gcs.Report{}
	for _, r := range o.reports {
		if r.Incident == incident && r.Seq > out[r.Unit].Seq {
			out[r.Unit] = *r
		}
	}
	return out, nil
}

// SaveIncidentWithReports implements gcs.Outbox (the incident is not kept).
func (o *Outbox) SaveIncidentWithReports(_ context.Context, _ *gcs.Incident, reports []gcs.Report) error {
	o.Add(reports...)
	return nil
}

// Pending implements gcs.Outbox.
func (o *Outbox) Pending(_ context.Context, unit gcs.UnitID, limit int) ([]gcs.Report, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []gcs.Report
	for _, r := range o.reports {
		if r.Unit == unit && r.Status != gcs.ReportDelivered && r.Status != gcs.ReportAcknowledged {
			out = append(out, *r)
		}
	}
	slices.SortFunc(out, func(a, b gcs.Report) int { return cmp.Compare(a.Seq, b.Seq) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// MarkAttempt implements gcs.Outbox: it counts the attempt.
func (o *Outbox) MarkAttempt(_ context.Context, id string, status gcs.ReportStatus, lastError string, next time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.reports[id]
	if !ok {
		return fmt.Errorf("no report %q", id)
	}
	r.Status, r.LastError, r.NextAttempt = status, lastError, next
	r.Attempts++
	o.marks = append(o.marks, Mark{ID: id, Status: status, Err: lastError, Next: next})
	return nil
}

// MarkDelivered implements gcs.Outbox.
func (o *Outbox) MarkDelivered(_ context.Context, id string, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.reports[id]
	if !ok {
		return fmt.Errorf("no report %q", id)
	}
	r.Status, r.Delivered, r.LastError = gcs.ReportDelivered, at, ""
	o.marks = append(o.marks, Mark{ID: id, Status: gcs.ReportDelivered, At: at})
	return nil
}

// MarkAcked implements gcs.Outbox.
func (o *Outbox) MarkAcked(_ context.Context, id string, at time.Time, by string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.reports[id]
	if !ok {
		return fmt.Errorf("no report %q", id)
	}
	r.Status, r.Acked, r.AckedBy = gcs.ReportAcknowledged, at, by
	return nil
}

// Reports implements gcs.Outbox: newest Seq first.
func (o *Outbox) Reports(_ context.Context, unit gcs.UnitID, incident string, limit int) ([]gcs.Report, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []gcs.Report
	for _, r := range o.reports {
		if (unit == "" || r.Unit == unit) && (incident == "" || r.Incident == incident) {
			out = append(out, *r)
		}
	}
	slices.SortFunc(out, func(a, b gcs.Report) int { return cmp.Compare(b.Seq, a.Seq) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Report returns the stored report with id.
func (o *Outbox) Report(id string) (gcs.Report, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.reports[id]
	if !ok {
		return gcs.Report{}, false
	}
	return *r, true
}

// Undelivered counts the reports not yet delivered.
func (o *Outbox) Undelivered() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, r := range o.reports {
		if r.Status != gcs.ReportDelivered && r.Status != gcs.ReportAcknowledged {
			n++
		}
	}
	return n
}

// Marks returns the calls of MarkAttempt and MarkDelivered so far.
func (o *Outbox) Marks() []Mark {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.marks)
}
