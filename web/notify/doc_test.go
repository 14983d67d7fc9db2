package notify

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestShellVerificationExample runs the package doc's openssl example on
// a signed body: what a unit's developer copies must work.
func TestShellVerificationExample(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl")
	}
	src, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	_, after, ok := strings.Cut(string(src), "Verifying in a shell")
	require.True(t, ok)
	var script []string
	for _, line := range strings.Split(after, "\n")[1:] {
		if code, ok := strings.CutPrefix(line, "//\t"); ok {
			script = append(script, code)
		} else if len(script) > 0 {
			break
		}
	}
	require.NotEmpty(t, script)

	dir := t.TempDir()
	body := []byte("<alert>\n  a body with \"quotes\" and a trailing newline\n</alert>\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "body.xml"), body, 0o600))
	now := time.Now()
	run := func(secret string, ts time.Time) string {
		cmd := exec.Command("bash", "-c", strings.Join(script, "\n"))
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "SECRET="+secret, "TS="+strconv.FormatInt(ts.Unix(), 10), "SIG="+Sign("unit-secret", ts, body))
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	require.Equal(t, "verified\nfresh\n", run("unit-secret", now))
	require.Equal(t, "verified\n", run("unit-secret", now.Add(-time.Hour)))
	require.Equal(t, "fresh\n", run("another", now))
}
