// Package browsertest runs the console's browser suites (the node test
// scripts in web/e2e, which drive Debian's headless Chromium through
// playwright-core) from Go tests outside web/e2e, such as the station's
// end-to-end tests against the real station and simulator. It does what
// web/e2e's own runner does: it finds the tools, skips loudly without them
// (fails under CI=true), runs the scripts with the station's URL and keeps
// their screenshots in web/e2e/artifacts.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tools is a test's Chromium and Node.js, with playwright-core installed
// in web/e2e/node_modules.
type Tools struct {
	Chromium string // the browser (SKERRY_CHROMIUM, else chromium on PATH)
	Node     string // node on PATH
	Dir      string // web/e2e, where the scripts and node_modules are
}

// Find finds the tools. Without them it skips the test, loudly, or fails
// it when CI=true.
func Find(t testing.TB) Tools {
	t.Helper()
	var missing []string
	tools := Tools{Chromium: os.Getenv("SKERRY_CHROMIUM"), Dir: filepath.Join(ModuleRoot(t), "web", "e2e")}
	if tools.Chromium == "" {
		tools.Chromium, _ = exec.LookPath("chromium")
	}
	if tools.Chromium == "" {
		missing = append(missing, "Chromium (apt-get install chromium)")
	}
	tools.Node, _ = exec.LookPath("node")
	if tools.Node == "" {
		missing = append(missing, "Node.js 20+ (apt-get install nodejs npm)")
	}
	if _, err := os.Stat(filepath.Join(tools.Dir, "node_modules", "playwright-core", "package.json")); err != nil {
		missing = append(missing, "playwright-core (make deps, or: cd web/e2e && npm ci)")
	}
	if len(missing) == 0 {
		return tools
	}
	msg := "BROWSER TESTS NOT RUN: missing " + strings.Join(missing, ", ") + ". `make test` installs them as root."
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	fmt.Fprintf(os.Stderr, "\n*** %s ***\n\n", msg)
	t.Skip(msg)
	return Tools{}
}

// Run runs node test scripts of web/e2e against the console at url, one
// at a time, with env added to theirs (SKERRY_URL, SKERRY_CHROMIUM and
// SKERRY_ARTIFACTS are set), and logs their report. It fails the test
// when a script fails or runs longer than timeout.
func (tools Tools) Run(t testing.TB, url string, timeout time.Duration, env []string, scripts ...string) {
	t.Helper()
	artifacts := filepath.Join(tools.Dir, "artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := append([]string{"--test", "--test-reporter=spec", "--test-concurrency=1"}, scripts...)
	cmd := exec.CommandContext(ctx, tools.Node, args...)
	cmd.Dir = tools.Dir
	cmd.Env = append(os.Environ(), "SKERRY_URL="+url, "SKERRY_CHROMIUM="+tools.Chromium, "SKERRY_ARTIFACTS="+artifacts)
	cmd.Env = append(cmd.Env, env...)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	t.Logf("browser tests (screenshots in %s):\n%s", artifacts, out)
	if err != nil {
		t.Fatalf("browser tests failed: %v", err)
	}
}

// ModuleRoot is the repository's root: the nearest folder up from the
// working directory (a test's package) that holds go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = up
	}
}
