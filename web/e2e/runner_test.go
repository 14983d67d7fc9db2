package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// runSuites runs node test scripts of this folder against a test station
// at url in Debian's Chromium, logging their report, with screenshots in
// web/e2e/artifacts; it fails the test when a script fails.
func runSuites(t *testing.T, chromium, node, url string, scripts ...string) {
	t.Helper()
	root := moduleRoot(t)
	artifacts := filepath.Join(root, "web", "e2e", "artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	args := append([]string{"--test", "--test-reporter=spec", "--test-concurrency=1"}, scripts...)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = filepath.Join(root, "web", "e2e")
	cmd.Env = append(os.Environ(), "SKERRY_URL="+url, "SKERRY_CHROMIUM="+chromium, "SKERRY_ARTIFACTS="+artifacts)
	out, err := cmd.CombinedOutput()
	t.Logf("browser tests (screenshots in %s):\n%s", artifacts, out)
	if err != nil {
		t.Fatalf("browser tests failed: %v", err)
	}
}
