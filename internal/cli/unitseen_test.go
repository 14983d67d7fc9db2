package cli

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/notify"
)

// runUnitUntilStopped runs `skerry unit` with args; stop ends it and
// returns what it printed on stdout.
func runUnitUntilStopped(t *testing.T, args ...string) (webhook string, stop func() string) {
	t.Helper()
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Run(ctx, append([]string{"unit", "--listen", "127.0.0.1:0"}, args...), stdout, stderr) }()
	stopped := false
	stop = func() string {
		if !stopped {
			stopped = true
			cancel()
			require.Equal(t, 0, <-done, stderr.String())
		}
		return stdout.String()
	}
	t.Cleanup(func() { stop() })
	addr := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)
	require.Eventually(t, func() bool { return addr.MatchString(stderr.String()) }, 10*time.Second, 10*time.Millisecond, stderr.String())
	return "http://" + addr.FindStringSubmatch(stderr.String())[1] + "/", stop
}

// postReport delivers rep to webhook as the station's dispatcher does (signed
// now) and returns the answer's status and text.
func postReport(t *testing.T, webhook string, rep *gcs.Report) (int, string) {
	t.Helper()
	u := gcs.Unit{ID: "cutter", Webhook: webhook, Secret: "sea-secret"}
	req, err := notify.NewRequest(context.Background(), u, rep, time.Now())
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, strings.TrimSpace(string(b))
}

func seenReport(id string, seq int64, headline string) *gcs.Report {
	return &gcs.Report{ID: id, Seq: seq, Unit: "cutter", Incident: "inc-7", Kind: gcs.ReportAlert, ContentType: "application/cap+xml",
		Body: []byte(`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><msgType>Alert</msgType><info><headline>` +
			headline + `</headline></info></alert>`)}
}

func TestUnitStateKeepsDedupeAcrossRestarts(t *testing.T) {
	t.Setenv(unitSecretEnv, "sea-secret")
	state := filepath.Join(t.TempDir(), "cutter.seen")
	first, second := seenReport("rep-1", 1, "Dark vessel"), seenReport("rep-2", 2, "Dark vessel, 12 kn")

	webhook, stop := runUnitUntilStopped(t, "--state", state)
	code, text := postReport(t, webhook, first)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "handled", text)
	require.Equal(t, "seq 1 Alert incident inc-7: Dark vessel\n", stop())

	// Restarted on the same file, the unit gets rep-1 again (the station
	// had not heard its 200): answered, not printed again.
	webhook, stop = runUnitUntilStopped(t, "--state", state)
	code, text = postReport(t, webhook, first)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "duplicate", text)
	code, text = postReport(t, webhook, second)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "handled", text)
	code, _ = postReport(t, webhook, second)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "seq 2 Alert incident inc-7: Dark vessel, 12 kn\n", stop(), "each report printed once")

	// Without --state a restart forgets: what the flag is for.
	webhook, stop = runUnitUntilStopped(t)
	_, text = postReport(t, webhook, first)
	require.Equal(t, "handled", text)
	stop()
}

func TestUnitStateRefusesAForeignFile(t *testing.T) {
	t.Setenv(unitSecretEnv, "sea-secret")
	foreign := filepath.Join(t.TempDir(), "notes.txt")
	require.NoError(t, os.WriteFile(foreign, []byte("my notes\n"), 0o600))
	var out, errs syncBuffer
	require.Equal(t, 1, Run(context.Background(), []string{"unit", "--listen", "127.0.0.1:0", "--state", foreign}, &out, &errs))
	require.Contains(t, errs.String(), "--state")
	require.Contains(t, errs.String(), "not a seen-ids file")
	b, err := os.ReadFile(foreign)
	require.NoError(t, err)
	require.Equal(t, "my notes\n", string(b), "left as it is")
}
