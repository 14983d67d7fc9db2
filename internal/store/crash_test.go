package store

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// crashChildEnv names the database the crash test's child process writes.
const crashChildEnv = "SKERRY_STORE_CRASH_CHILD_DB"

// crashChildStore opens the database a crash test's child process writes
// (the environment variable env names it), or skips t, which is then no
// child (what says whose).
func crashChildStore(t *testing.T, env, what string) *Store {
	path := os.Getenv(env)
	if path == "" {
		t.Skip(what)
	}
	s, err := Open(path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	return s
}

// TestCrashChild is the crash test's child process (it does nothing
// otherwise): it saves incidents with their evidence files, versions
// increasing, and prints each one SaveIncident acknowledged, until it is
// killed (or gives up after a while, should its parent be gone).
func TestCrashChild(t *testing.T) {
	s := crashChildStore(t, crashChildEnv, "the crash test's child process")
	ctx := context.Background()
	is := s.Incidents()
	pad := make([]byte, 4096)
	for v, end := 1, time.Now().Add(30*time.Second); time.Now().Before(end); v++ {
		for k := range 4 {
			id := fmt.Sprintf("crash%d", k)
			_, _ = rand.Read(pad)
			h, err := is.PutFile(ctx, append(fmt.Appendf(nil, "snapshot of %s v%d ", id, v), pad...))
			if err != nil {
				fmt.Println("put:", err)
				os.Exit(2)
			}
			inc := sampleIncident(id, gcs.IncidentDark, time.Duration(v)*time.Second)
			inc.Version = v
			inc.State = []gcs.IncidentState{gcs.IncidentNew, gcs.IncidentAcknowledged, gcs.IncidentDispatched}[min(v/20, 2)]
			inc.Evidence = append(inc.Evidence, gcs.Evidence{Kind: gcs.EvidenceSnapshot, At: inc.Updated, File: h, MIME: "image/jpeg"})
			if err := is.SaveIncident(ctx, inc); err != nil {
				fmt.Println("save:", err)
				os.Exit(2)
			}
			fmt.Printf("saved %s %d %s end\n", id, v, h)
		}
	}
	os.Exit(3)
}

// TestCrashLosesNothingAcknowledged kills (SIGKILL) a process saving
// incidents at a random moment, then checks that every incident version
// and evidence file it was told were saved is there, and that the
// database is sound.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		t.Skip("in the child")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	acked := killChildMidway(t, "TestCrashChild", crashChildEnv, path)

	want := map[string]int{}
	var files []string
	for _, line := range acked {
		f := strings.Fields(line)
		if len(f) != 5 || f[0] != "saved" || f[4] != "end" {
			require.Equal(t, len(acked)-1, indexOf(acked, line), "only the last line may be cut by the kill: %q", line)
			continue
		}
		v, err := strconv.Atoi(f[2])
		require.NoError(t, err)
		want[f[1]] = max(want[f[1]], v)
		files = append(files, f[3])
	}
	require.NotEmpty(t, want)
	t.Logf("killed after %d acknowledged saves; last versions %v", len(files), want)

	s, err := Open(path)
	require.NoError(t, err, "the database opens after the crash")
	defer s.Close()
	var check string
	require.NoError(t, s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	require.Equal(t, "ok", check)
	is := s.Incidents()
	ctx := context.Background()
	for id, v := range want {
		inc, err := is.Incident(ctx, id)
		require.NoError(t, err, id)
		require.GreaterOrEqual(t, inc.Version, v, "%s: version %d was acknowledged", id, v)
	}
	_, err = is.RemoveTemporaryFiles(ctx)
	require.NoError(t, err)
	for _, h := range files {
		_, err := is.File(ctx, h)
		require.NoError(t, err, "evidence file %s was acknowledged", h)
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// killChildMidway runs the test named child in a child process with env
// set to path, kills it (SIGKILL) after a random 30 to 179 lines of
// acknowledged saves on its stdout (or after 6 s), checks that it was
// killed rather than done, and returns the lines it printed.
func killChildMidway(t *testing.T, child, env, path string) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	n, err := rand.Int(rand.Reader, big.NewInt(150))
	require.NoError(t, err)
	killAfter := 30 + int(n.Int64()) // acknowledged saves before the kill
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	// Should the child hang or be slow, it is killed anyway.
	timer := time.AfterFunc(6*time.Second, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	var acked []string
	for line := range lines {
		acked = append(acked, line)
		if len(acked) == killAfter {
			require.NoError(t, cmd.Process.Kill())
		}
	}
	err = cmd.Wait()
	require.Error(t, err)
	require.Equal(t, syscall.SIGKILL, cmd.ProcessState.Sys().(syscall.WaitStatus).Signal(), "the child was killed, not done: %v, %q", err, acked)
	return acked
}
