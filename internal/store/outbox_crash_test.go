package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// outboxCrashChildEnv names the database the outbox crash test's child
// process writes.
const outboxCrashChildEnv = "SKERRY_STORE_OUTBOX_CRASH_CHILD_DB"

// TestOutboxCrashChild is the outbox crash test's child process (it does
// nothing otherwise): it saves incidents with their reports to one to
// three units, and prints each save acknowledged with its reports' Seqs,
// until it is killed (or gives up after a while, should its parent be
// gone).
func TestOutboxCrashChild(t *testing.T) {
	s := crashChildStore(t, outboxCrashChildEnv, "the outbox crash test's child process")
	ctx := context.Background()
	ob := s.Outbox()
	units := []gcs.UnitID{"u0", "u1", "u2"}
	for v, end := 1, time.Now().Add(30*time.Second); time.Now().Before(end); v++ {
		for k := range 3 {
			inc := sampleIncident(fmt.Sprintf("crash%d", k), gcs.IncidentDark, time.Duration(v)*time.Second)
			inc.Version = v
			reports := reportsFor(inc, gcs.ReportUpdate, units[:1+(v+k)%3]...)
			if err := ob.SaveIncidentWithReports(ctx, inc, reports); err != nil {
				fmt.Println("save:", err)
				os.Exit(2)
			}
			line := fmt.Sprintf("saved %s %d", inc.ID, v)
			for _, r := range reports {
				line += fmt.Sprintf(" %s:%s:%d", r.ID, r.Unit, r.Seq)
			}
			fmt.Println(line + " end")
		}
	}
	os.Exit(3)
}

// TestOutboxCrashLosesNoReportAcknowledged kills (SIGKILL) a process
// saving incidents with reports at a random moment, then checks that
// every report it was told was saved is there with its Seq, that each
// unit's Seqs have no gap, and that the database is sound.
func TestOutboxCrashLosesNoReportAcknowledged(t *testing.T) {
	if os.Getenv(outboxCrashChildEnv) != "" {
		t.Skip("in the child")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	acked := killChildMidway(t, "TestOutboxCrashChild", outboxCrashChildEnv, path)

	type saved struct {
		unit gcs.UnitID
		seq  int64
	}
	want := map[string]saved{}
	versions := map[string]int{}
	for i, line := range acked {
		f := strings.Fields(line)
		if len(f) < 5 || f[0] != "saved" || f[len(f)-1] != "end" {
			require.Equal(t, len(acked)-1, i, "only the last line may be cut by the kill: %q", line)
			continue
		}
		v, err := strconv.Atoi(f[2])
		require.NoError(t, err)
		versions[f[1]] = max(versions[f[1]], v)
		for _, r := range f[3 : len(f)-1] {
			p := strings.Split(r, ":")
			require.Len(t, p, 3, line)
			seq, err := strconv.ParseInt(p[2], 10, 64)
			require.NoError(t, err)
			want[p[0]] = saved{gcs.UnitID(p[1]), seq}
		}
	}
	require.NotEmpty(t, want)
	t.Logf("killed after %d acknowledged saves, %d reports, last versions %v", len(acked), len(want), versions)

	s, err := Open(path)
	require.NoError(t, err, "the database opens after the crash")
	defer s.Close()
	var check string
	require.NoError(t, s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	require.Equal(t, "ok", check)
	ctx := context.Background()
	ob := s.Outbox()
	for id, w := range want {
		r, err := ob.Report(ctx, id)
		require.NoError(t, err, "report %s was acknowledged", id)
		require.Equal(t, w.unit, r.Unit, id)
		require.Equal(t, w.seq, r.Seq, id)
	}
	for id, v := range versions {
		inc, err := s.Incidents().Incident(ctx, id)
		require.NoError(t, err, id)
		require.GreaterOrEqual(t, inc.Version, v, "%s: version %d was acknowledged", id, v)
	}
	for _, u := range []gcs.UnitID{"u0", "u1", "u2"} {
		pending, err := ob.Pending(ctx, u, 0)
		require.NoError(t, err)
		for i, r := range pending {
			require.Equal(t, int64(i+1), r.Seq, "%s: no gap", u)
		}
		var counter int64
		require.NoError(t, s.db.QueryRow(`SELECT seq FROM unit_seq WHERE unit = ?`, string(u)).Scan(&counter))
		require.Equal(t, int64(len(pending)), counter, "%s: the counter is the last Seq", u)
	}
}
