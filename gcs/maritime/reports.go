package maritime

import (
	"context"
	"fmt"
	"time"

	"skerry/gcs"
	"skerry/gcs/report"
)

// saveMaterial stores an incident's material change (raised, a step of
// its lifecycle, a new vessel, severity or evidence) and, when the picture
// reports to maritime units, the reports it makes to them, in one
// transaction (gcs.Outbox): no stored change lacks its reports, and a
// crash loses neither. A change that is only a new observation is saved
// without reports (save): units hear of what changes their task, not of
// every second of it.
func (p *Picture) saveMaterial(ctx context.Context, inc *gcs.Incident) error {
	if p.Outbox == nil || p.Units == nil {
		return save(ctx, p.Store, inc)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	units, err := p.Units.Units(ctx)
	if err != nil {
		return fmt.Errorf("units: %w", err)
	}
	last, err := p.Outbox.Latest(ctx, inc.ID)
	if err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	reports, err := report.Build(inc, units, last, p.Now(), p.ReportConfig)
	if err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	if err := p.Outbox.SaveIncidentWithReports(ctx, inc, reports); err != nil {
		return err
	}
	for i := range reports {
		r := reports[i]
		r.Body = nil // the stream carries states, not bodies
		p.Events.Publish(gcs.ReportEvent{Report: &r})
	}
	return nil
}
