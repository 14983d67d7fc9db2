package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// TestOutboxOnAFullDiskKeepsNeitherTheIncidentNorItsReports: the
// incident's new version and its reports are one transaction; when the
// disk is full (max_page_count) neither is kept, no Seq is spent, and
// what was saved before is intact.
func TestOutboxOnAFullDiskKeepsNeitherTheIncidentNorItsReports(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	ob := s.Outbox()
	inc := sampleIncident("i1", gcs.IncidentDark, 0)
	kept := reportsFor(inc, gcs.ReportAlert, "u1", "u2", "u3")
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, kept))

	var pages int
	require.NoError(t, s.db.QueryRow(`PRAGMA page_count`).Scan(&pages))
	_, err := s.db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+4))
	require.NoError(t, err)

	var failed error
	for range 50 {
		nextVersion(inc)
		reports := reportsFor(inc, gcs.ReportUpdate, "u1", "u2", "u3")
		reports[2].Body = []byte(strings.Repeat("b", 30_000)) // the last write of the transaction fails
		if failed = ob.SaveIncidentWithReports(ctx, inc, reports); failed != nil {
			break
		}
	}
	t.Log(failed)
	require.ErrorIs(t, failed, ErrFull)
	stored, err := s.Incidents().Incident(ctx, "i1")
	require.NoError(t, err)
	require.Equal(t, inc.Version-1, stored.Version, "the incident's failed version is not kept")
	latest, err := ob.Latest(ctx, "i1")
	require.NoError(t, err)
	for _, u := range []gcs.UnitID{"u1", "u2", "u3"} {
		require.Equal(t, stored.Version, latest[u].Version, "%s: no report of the failed version", u)
	}
	for _, r := range kept {
		got, err := ob.Report(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, r, got)
	}
	var check string
	require.NoError(t, s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	require.Equal(t, "ok", check)

	// Room again: the same version saves, and the Seqs have no gap.
	_, err = s.db.Exec(`PRAGMA max_page_count = 1073741823`)
	require.NoError(t, err)
	again := reportsFor(inc, gcs.ReportUpdate, "u1", "u2", "u3")
	require.NoError(t, ob.SaveIncidentWithReports(ctx, inc, again))
	require.Equal(t, []int64{int64(inc.Version), int64(inc.Version), int64(inc.Version)}, seqs(again))
}
