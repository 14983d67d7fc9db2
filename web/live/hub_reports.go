package live

import (
	"time"

	"skerry/gcs"
)

// MsgReport is the type of a report's delivery state.
const MsgReport = "report"

// reportData is a report's delivery state as the feed carries it: never
// its body (nor anything of its unit's secret or token, which a report
// never holds).
type reportData struct {
	ID          string           `json:"id"`
	Unit        gcs.UnitID       `json:"unit"`
	Incident    string           `json:"incident"`
	Version     int              `json:"version"`
	Kind        gcs.ReportKind   `json:"kind"`
	Seq         int64            `json:"seq"`
	Status      gcs.ReportStatus `json:"status"`
	Attempts    int              `json:"attempts"`
	LastError   string           `json:"last_error,omitempty"`
	NextAttempt time.Time        `json:"next_attempt,omitzero"`
	Delivered   time.Time        `json:"delivered,omitzero"`
	Acked       time.Time        `json:"acked,omitzero"`
	AckedBy     string           `json:"acked_by,omitempty"`
}

// reportChanged sends a report's new delivery state to every console.
// Report states are rare (a few per report) and are not mirrored: a
// console reads the ones before it connected from GET /api/reports, so
// snapshots do not carry them, and they queue like alerts.
func (h *Hub) reportChanged(r *gcs.Report, now time.Time) {
	if r == nil || r.ID == "" {
		return
	}
	h.broadcast(&outEntry{typ: MsgReport, at: now, data: h.encode(reportData{
		ID: r.ID, Unit: r.Unit, Incident: r.Incident, Version: r.Version, Kind: r.Kind, Seq: r.Seq,
		Status: r.Status, Attempts: r.Attempts, LastError: r.LastError, NextAttempt: r.NextAttempt,
		Delivered: r.Delivered, Acked: r.Acked, AckedBy: r.AckedBy,
	})})
}
