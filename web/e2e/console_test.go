package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// vehicles is the size of the demo fleet the browser tests fly.
const vehicles = 6

// TestConsoleInBrowser runs the browser steps of console.test.mjs against
// a running `skerry demo`. Outside CI it skips, loudly, when Chromium,
// Node.js or playwright-core are missing; with CI=true it fails instead.
func TestConsoleInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	chromium, node := browserTools(t)
	root := moduleRoot(t)
	bin := filepath.Join(t.TempDir(), "skerry")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	url := startDemo(t, bin, root)

	artifacts := filepath.Join(root, "web", "e2e", "artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, node, "--test", "--test-reporter=spec", "--test-concurrency=1", "console.test.mjs")
	cmd.Dir = filepath.Join(root, "web", "e2e")
	cmd.Env = append(os.Environ(),
		"SKERRY_URL="+url,
		"SKERRY_CHROMIUM="+chromium,
		"SKERRY_ARTIFACTS="+artifacts,
		fmt.Sprintf("SKERRY_VEHICLES=%d", vehicles),
	)
	out, err := cmd.CombinedOutput()
	t.Logf("browser tests (screenshots in %s):\n%s", artifacts, out)
	if err != nil {
		t.Fatalf("browser tests failed: %v", err)
	}
}

// browserTools finds Chromium and Node.js with playwright-core installed,
// or skips (fails under CI) saying what is missing and how to get it.
func browserTools(t *testing.T) (chromium, node string) {
	t.Helper()
	var missing []string
	chromium = os.Getenv("SKERRY_CHROMIUM")
	if chromium == "" {
		chromium, _ = exec.LookPath("chromium")
	}
	if chromium == "" {
		missing = append(missing, "Chromium (apt-get install chromium)")
	}
	node, _ = exec.LookPath("node")
	if node == "" {
		missing = append(missing, "Node.js 20+ (apt-get install nodejs npm)")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "playwright-core", "package.json")); err != nil {
		missing = append(missing, "playwright-core (make deps, or: cd web/e2e && npm ci)")
	}
	if len(missing) == 0 {
		return chromium, node
	}
	msg := "BROWSER TESTS NOT RUN: missing " + strings.Join(missing, ", ") + ". `make test` installs them as root."
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	fmt.Fprintf(os.Stderr, "\n*** %s ***\n\n", msg)
	t.Skip(msg)
	return "", ""
}

// moduleRoot is the repository's root, where go.mod is.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

var consoleLine = regexp.MustCompile(`Skerry console: (http://\S+)`)

// startDemo runs `skerry demo --script none` with the demo port's zones and
// returns the console's URL once it is printed. The demo stops (SIGINT,
// then kill) when the test ends.
func startDemo(t *testing.T, bin, root string) string {
	t.Helper()
	cmd := exec.Command(bin, "demo", "--script", "none", "--http", "127.0.0.1:0",
		"--vehicles", fmt.Sprint(vehicles), "--speedup", "4", "--authorisations", "APBA", "--endurance", "40m",
		"--zones", filepath.Join(root, "mission", "airspace", "testdata", "ed269_algeciras.json"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(t.TempDir(), "demo.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("start demo: %v", err)
	}
	done := make(chan struct{})
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			if b, err := os.ReadFile(logf.Name()); err == nil {
				t.Logf("demo log (last 4 KiB):\n%s", tail(b, 4096))
			}
		}
		logf.Close()
	})
	found := make(chan string, 1)
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := consoleLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_ = cmd.Wait()
	}()
	select {
	case url := <-found:
		return url
	case <-done:
		t.Fatal("the demo stopped before printing its console URL")
	case <-time.After(60 * time.Second):
		t.Fatal("the demo printed no console URL within 60 s")
	}
	return ""
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
