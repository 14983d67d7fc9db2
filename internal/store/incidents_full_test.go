package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// TestSaveIncidentOnAFullDiskFailsLoudlyAndKeepsWhatWasSaved: SQLite's
// max_page_count makes the database full as a full disk would
// (SQLITE_FULL); the save fails with ErrFull, nothing of it is kept, and
// the incidents saved before are intact.
func TestSaveIncidentOnAFullDiskFailsLoudlyAndKeepsWhatWasSaved(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	is := s.Incidents()
	var saved []*gcs.Incident
	for k := range 3 {
		inc := sampleIncident(fmt.Sprintf("kept%d", k), gcs.IncidentDark, 0)
		require.NoError(t, is.SaveIncident(ctx, inc))
		saved = append(saved, inc)
	}
	var pages int
	require.NoError(t, s.db.QueryRow(`PRAGMA page_count`).Scan(&pages))
	_, err := s.db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+4))
	require.NoError(t, err)

	var failed error
	for k := range 50 {
		inc := sampleIncident(fmt.Sprintf("big%d", k), gcs.IncidentDark, 0)
		inc.Summary = strings.Repeat("s", 20_000)
		if failed = is.SaveIncident(ctx, inc); failed != nil {
			_, err := is.Incident(ctx, inc.ID)
			require.ErrorIs(t, err, gcs.ErrNoIncident, "nothing of the failed save is kept")
			break
		}
	}
	t.Log(failed)
	require.ErrorIs(t, failed, ErrFull)
	require.Contains(t, failed.Error(), "full")

	// The settings and the AIS history say so too.
	require.ErrorIs(t, s.Settings().Put(ctx, "big", []byte(`"`+strings.Repeat("v", 50_000)+`"`), "ana"), ErrFull)
	pts := make([]AISPoint, 5000)
	for i := range pts {
		pts[i] = aisPoint(uint32(1+i), raised0, 1)
	}
	_, err = s.AISHistory().Add(ctx, pts)
	require.ErrorIs(t, err, ErrFull)

	for _, inc := range saved {
		got, err := is.Incident(ctx, inc.ID)
		require.NoError(t, err)
		require.Equal(t, *inc, got)
	}
	var check string
	require.NoError(t, s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	require.Equal(t, "ok", check)

	// Room again: saving works again.
	_, err = s.db.Exec(`PRAGMA max_page_count = 1073741823`)
	require.NoError(t, err)
	require.NoError(t, is.SaveIncident(ctx, sampleIncident("after", gcs.IncidentDark, 0)))
}
