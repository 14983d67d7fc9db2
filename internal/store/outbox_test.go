package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// reportsFor are reports about inc's current version to units, their
// ids stable per incident, version and unit.
func reportsFor(inc *gcs.Incident, kind gcs.ReportKind, units ...gcs.UnitID) []gcs.Report {
	out := make([]gcs.Report, len(units))
	for i, u := range units {
		out[i] = gcs.Report{ID: fmt.Sprintf("%s-v%d-%s", inc.ID, inc.Version, u), Unit: u, Kind: kind,
			Created: inc.Updated, ContentType: "application/cap+xml",
			Body: fmt.Appendf(nil, "<alert>%s v%d to %s</alert>", inc.ID, inc.Version, u)}
	}
	return out
}

// nextVersion makes inc's next version, a minute later.
func nextVersion(inc *gcs.Incident) {
	inc.Version++
	inc.Updated = inc.Updated.Add(time.Minute)
}

func seqs(list []gcs.Report) []int64 {
	out := make([]int64, len(list))
	for i, r := range list {
		out[i] = r.Seq
	}
	return out
}

func reportIDs(list []gcs.Report) []string {
	out := make([]string, len(list))
	for i, r := range list {
		out[i] = r.ID
	}
	return out
}

func TestOutboxRoundTripAndSeqPerUnitAcrossReopening(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	ob := s.Outbox()
	inc := sampleIncident("i1", gcs.IncidentDark, 0)
	v1 := reportsFor(inc, gcs.ReportAlert, "u1", "u2", "u3")
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, v1))
	require.Equal(t, []int64{1, 1, 1}, seqs(v1), "each unit's first report")
	require.Equal(t, gcs.ReportPending, v1[0].Status)
	require.Equal(t, "i1", v1[0].Incident)
	require.Equal(t, 1, v1[0].Version)

	nextVersion(inc)
	v2 := reportsFor(inc, gcs.ReportUpdate, "u1", "u2")
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, v2))
	require.Equal(t, []int64{2, 2}, seqs(v2))
	other := sampleIncident("i2", gcs.IncidentRendezvous, time.Second)
	require.NoError(t, ob.SaveIncidentWithReports(ctx, other, reportsFor(other, gcs.ReportAlert, "u1")))
	require.NoError(t, s.Close())

	s, err := Open(path)
	require.NoError(t, err)
	defer s.Close()
	ob = s.Outbox()
	got, err := s.Incidents().Incident(ctx, "i1")
	require.NoError(t, err)
	require.Equal(t, *inc, got, "the incident is saved as SaveIncident saves it")

	nextVersion(inc)
	v3 := reportsFor(inc, gcs.ReportUpdate, "u1", "u3")
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, v3))
	require.Equal(t, []int64{4, 2}, seqs(v3), "the counters go on after reopening")

	pending, err := ob.Pending(ctx, "u1", 0)
	require.NoError(t, err)
	require.Equal(t, []int64{1, 2, 3, 4}, seqs(pending))
	require.Equal(t, []string{"i1-v1-u1", "i1-v2-u1", "i2-v1-u1", "i1-v3-u1"}, reportIDs(pending))
	require.Equal(t, v1[0], pending[0], "stored whole, body included")

	r, err := ob.Report(ctx, "i1-v2-u2")
	require.NoError(t, err)
	require.Equal(t, v2[1], r)
	_, err = ob.Report(ctx, "nope")
	require.ErrorIs(t, err, ErrNoReport)

	latest, err := ob.Latest(ctx, "i1")
	require.NoError(t, err)
	require.Len(t, latest, 3)
	require.Equal(t, v3[0], latest["u1"])
	require.Equal(t, v2[1], latest["u2"])
	require.Equal(t, v3[1], latest["u3"])
	latest, err = ob.Latest(ctx, "none")
	require.NoError(t, err)
	require.Empty(t, latest)

	// Reports: most recent first, without bodies.
	list, err := ob.Reports(ctx, "u1", "", 0)
	require.NoError(t, err)
	require.Equal(t, []int64{4, 3, 2, 1}, seqs(list))
	require.Nil(t, list[0].Body)
	list, err = ob.Reports(ctx, "", "i1", 0)
	require.NoError(t, err)
	require.Equal(t, []string{"i1-v3-u3", "i1-v3-u1", "i1-v2-u2", "i1-v2-u1", "i1-v1-u3", "i1-v1-u2", "i1-v1-u1"}, reportIDs(list))
	list, err = ob.Reports(ctx, "u2", "i1", 1)
	require.NoError(t, err)
	require.Equal(t, []string{"i1-v2-u2"}, reportIDs(list))
	list, err = ob.Reports(ctx, "", "", 2)
	require.NoError(t, err)
	require.Len(t, list, 2)
	list, err = ob.Reports(ctx, "nobody", "", 0)
	require.NoError(t, err)
	require.NotNil(t, list)
	require.Empty(t, list)
	_, err = ob.Reports(ctx, "", "", -1)
	require.Error(t, err)
}

// TestOutboxResavingTheSameReportsKeepsThem: a retry after a crash saves
// the same incident version with the same report ids; nothing changes,
// no Seq is spent, and the caller gets the reports as stored.
func TestOutboxResavingTheSameReportsKeepsThem(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	ob := s.Outbox()
	inc := sampleIncident("i1", gcs.IncidentDark, 0)
	first := reportsFor(inc, gcs.ReportAlert, "u1", "u2")
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, first))
	require.NoError(t, ob.MarkDelivered(ctx, first[0].ID, raised0.Add(time.Second)))

	again := reportsFor(inc, gcs.ReportAlert, "u1", "u2")
	again[0].Body, again[1].Body = []byte("changed"), []byte("changed")
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, again))
	require.Equal(t, gcs.ReportDelivered, again[0].Status, "the stored report, as it is")
	require.Equal(t, first[1], again[1])

	// The same id twice in one call is stored once.
	nextVersion(inc)
	twice := append(reportsFor(inc, gcs.ReportUpdate, "u1"), reportsFor(inc, gcs.ReportUpdate, "u1")...)
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, twice))
	require.Equal(t, []int64{2, 2}, seqs(twice))
	nextVersion(inc)
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, reportsFor(inc, gcs.ReportUpdate, "u1")))
	list, err := ob.Reports(ctx, "u1", "", 0)
	require.NoError(t, err)
	require.Equal(t, []int64{3, 2, 1}, seqs(list), "no gap")
	pending, err := ob.Pending(ctx, "u2", 0)
	require.NoError(t, err)
	require.Equal(t, []byte(`<alert>i1 v1 to u2</alert>`), pending[0].Body)
}

// TestOutboxRefusesWithoutKeepingAnything: an older incident version or a
// bad report fails the whole save: neither the incident nor any report.
func TestOutboxRefusesWithoutKeepingAnything(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	ob := s.Outbox()
	inc := sampleIncident("i1", gcs.IncidentDark, 0)
	inc.Version = 5
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, nil))

	old := sampleIncident("i1", gcs.IncidentDark, 0)
	old.Version = 4
	err := ob.SaveIncidentWithReports(ctx, old, reportsFor(old, gcs.ReportUpdate, "u1"))
	require.ErrorIs(t, err, gcs.ErrIncidentState)

	nextVersion(inc)
	for name, change := range map[string]func(r *gcs.Report){
		"no id":         func(r *gcs.Report) { r.ID = "" },
		"long id":       func(r *gcs.Report) { r.ID = strings.Repeat("x", 300) },
		"no unit":       func(r *gcs.Report) { r.Unit = "" },
		"bad unit":      func(r *gcs.Report) { r.Unit = "a/b" },
		"other inc":     func(r *gcs.Report) { r.Incident = "i2" },
		"other version": func(r *gcs.Report) { r.Version = 3 },
		"kind":          func(r *gcs.Report) { r.Kind = "Ack" },
		"status":        func(r *gcs.Report) { r.Status = gcs.ReportDelivered },
	} {
		reports := reportsFor(inc, gcs.ReportUpdate, "u1", "u2")
		change(&reports[1])
		err := ob.SaveIncidentWithReports(ctx, inc, reports)
		require.ErrorIs(t, err, ErrBadReport, name)
		t.Log(err)
	}
	got, err := s.Incidents().Incident(ctx, "i1")
	require.NoError(t, err)
	require.Equal(t, 5, got.Version)
	list, err := ob.Reports(ctx, "", "", 0)
	require.NoError(t, err)
	require.Empty(t, list)
	require.Error(t, ob.SaveIncidentWithReports(ctx, nil, nil))
}

func TestOutboxDeliveryStates(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	ob := s.Outbox()
	inc := sampleIncident("i1", gcs.IncidentDark, 0)
	var ids []string
	for range 4 {
		reports := reportsFor(inc, gcs.ReportUpdate, "u1")
		require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, reports))
		ids = append(ids, reports[0].ID)
		nextVersion(inc)
	}
	get := func(id string) gcs.Report {
		r, err := ob.Report(ctx, id)
		require.NoError(t, err)
		return r
	}
	t0 := raised0.Add(time.Hour)

	// Attempts: failing with the error and the next attempt, then pending.
	require.NoError(t, ob.MarkAttempt(ctx, ids[0], gcs.ReportFailing, "503 Service Unavailable", t0.Add(time.Second)))
	require.NoError(t, ob.MarkAttempt(ctx, ids[0], gcs.ReportFailing, "connection refused", t0.Add(3*time.Second)))
	r := get(ids[0])
	require.Equal(t, gcs.ReportFailing, r.Status)
	require.Equal(t, 2, r.Attempts)
	require.Equal(t, "connection refused", r.LastError)
	require.Equal(t, t0.Add(3*time.Second), r.NextAttempt)
	require.NoError(t, ob.MarkAttempt(ctx, ids[1], gcs.ReportPending, "", time.Time{}))
	require.Equal(t, 1, get(ids[1]).Attempts)
	require.True(t, get(ids[1]).NextAttempt.IsZero())
	require.Error(t, ob.MarkAttempt(ctx, ids[0], gcs.ReportDelivered, "", time.Time{}))

	// Failing reports are still pending delivery, in order.
	pending, err := ob.Pending(ctx, "u1", 0)
	require.NoError(t, err)
	require.Equal(t, ids, reportIDs(pending))
	pending, err = ob.Pending(ctx, "u1", 2)
	require.NoError(t, err)
	require.Equal(t, ids[:2], reportIDs(pending))

	// Delivered: out of Pending; a late attempt or delivery changes nothing.
	require.NoError(t, ob.MarkDelivered(ctx, ids[0], t0.Add(4*time.Second)))
	require.NoError(t, ob.MarkAttempt(ctx, ids[0], gcs.ReportFailing, "late", t0.Add(9*time.Second)))
	require.NoError(t, ob.MarkDelivered(ctx, ids[0], t0.Add(9*time.Second)))
	r = get(ids[0])
	require.Equal(t, gcs.ReportDelivered, r.Status)
	require.Equal(t, t0.Add(4*time.Second), r.Delivered)
	require.Equal(t, 2, r.Attempts)
	require.True(t, r.NextAttempt.IsZero())

	// Acknowledged after delivery; an ack of an undelivered report
	// delivers it too; a second ack keeps the first.
	require.NoError(t, ob.MarkAcked(ctx, ids[0], t0.Add(5*time.Second), "cutter-1"))
	r = get(ids[0])
	require.Equal(t, gcs.ReportAcknowledged, r.Status)
	require.Equal(t, t0.Add(4*time.Second), r.Delivered)
	require.Equal(t, t0.Add(5*time.Second), r.Acked)
	require.Equal(t, "cutter-1", r.AckedBy)
	require.NoError(t, ob.MarkAcked(ctx, ids[2], t0.Add(6*time.Second), "cutter-1"))
	r = get(ids[2])
	require.Equal(t, gcs.ReportAcknowledged, r.Status)
	require.Equal(t, t0.Add(6*time.Second), r.Delivered)
	require.NoError(t, ob.MarkAcked(ctx, ids[2], t0.Add(7*time.Second), "someone"))
	require.Equal(t, r, get(ids[2]))
	require.NoError(t, ob.MarkDelivered(ctx, ids[2], t0.Add(8*time.Second)))
	require.Equal(t, r, get(ids[2]), "an acknowledged report stays so")

	pending, err = ob.Pending(ctx, "u1", 0)
	require.NoError(t, err)
	require.Equal(t, []string{ids[1], ids[3]}, reportIDs(pending))
	counts, err := ob.PendingCounts(ctx)
	require.NoError(t, err)
	require.Equal(t, map[gcs.UnitID]int{"u1": 2}, counts)

	for _, err := range []error{
		ob.MarkAttempt(ctx, "nope", gcs.ReportFailing, "x", t0),
		ob.MarkDelivered(ctx, "nope", t0),
		ob.MarkAcked(ctx, "nope", t0, "x"),
	} {
		require.ErrorIs(t, err, ErrNoReport)
	}
}

// TestOutboxQueriesUseTheIndexes: the couriers read each unit's pending
// reports and the engine each incident's latest reports, often; neither
// scans the table.
func TestOutboxQueriesUseTheIndexes(t *testing.T) {
	s, _ := openTemp(t)
	for q, index := range map[string]string{
		`SELECT ` + reportColumns + `, body FROM reports WHERE unit = 'u1' AND ` + undelivered + ` ORDER BY seq LIMIT 10`:                                                   "reports_pending",
		`SELECT ` + reportColumns + `, body FROM reports WHERE incident = 'i1' AND (unit, seq) IN (SELECT unit, max(seq) FROM reports WHERE incident = 'i1' GROUP BY unit)`: "reports_incident",
		`SELECT ` + reportColumns + ` FROM reports WHERE unit = 'u1' ORDER BY seq DESC LIMIT 50`:                                                                            "reports_unit_seq",
		`SELECT ` + reportColumns + ` FROM reports ORDER BY created DESC, unit DESC, seq DESC LIMIT 50`:                                                                     "reports_created",
	} {
		plan := queryPlan(t, s, q)
		require.Contains(t, plan, "USING INDEX "+index, q)
		require.NotContains(t, plan, "SCAN reports\n", q)
		t.Log(plan)
	}
}

// queryPlan is EXPLAIN QUERY PLAN's details, one a line.
func queryPlan(t *testing.T, s *Store, q string) string {
	t.Helper()
	rows, err := s.db.Query(`EXPLAIN QUERY PLAN ` + q)
	require.NoError(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
	}
	require.NoError(t, rows.Err())
	return strings.Join(plan, "\n") + "\n"
}

// TestOutboxConcurrentSavesNumberWithoutGaps: saves from several
// goroutines (the engine's, the API's) give each unit's reports Seqs
// 1..n, each once.
func TestOutboxConcurrentSavesNumberWithoutGaps(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	ob := s.Outbox()
	const writers, saves = 4, 10
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			inc := sampleIncident(fmt.Sprintf("w%d", w), gcs.IncidentDark, 0)
			for range saves {
				nextVersion(inc)
				if err := ob.SaveIncidentWithReports(ctx, inc, reportsFor(inc, gcs.ReportUpdate, "u1", "u2")); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		require.NoError(t, <-errs)
	}
	for _, u := range []gcs.UnitID{"u1", "u2"} {
		pending, err := ob.Pending(ctx, u, 0)
		require.NoError(t, err)
		require.Len(t, pending, writers*saves)
		for i, r := range pending {
			require.Equal(t, int64(i+1), r.Seq, u)
		}
	}
}
