package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// vehicles is the size of the demo fleet the browser tests fly.
const vehicles = 6

// TestConsoleInBrowser runs the browser steps of console.test.mjs against
// a running `skerry demo`, and labels.test.mjs (the map's label placement,
// without a browser). Outside CI it skips, loudly, when Chromium,
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
	tiles, tileRequests := tileServer(t)
	url := startDemo(t, bin, root, tiles)

	artifacts := filepath.Join(root, "web", "e2e", "artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, node, "--test", "--test-reporter=spec", "--test-concurrency=1", "console.test.mjs", "labels.test.mjs")
	cmd.Dir = filepath.Join(root, "web", "e2e")
	cmd.Env = append(os.Environ(),
		"SKERRY_URL="+url,
		"SKERRY_CHROMIUM="+chromium,
		"SKERRY_ARTIFACTS="+artifacts,
		fmt.Sprintf("SKERRY_VEHICLES=%d", vehicles),
		"SKERRY_TILES="+tiles,
	)
	out, err := cmd.CombinedOutput()
	t.Logf("browser tests (screenshots in %s):\n%s", artifacts, out)
	if err != nil {
		t.Fatalf("browser tests failed: %v", err)
	}
	if tileRequests.Load() == 0 {
		t.Fatal("the browser fetched no tile of the configured tile layer")
	}
}

// tileServer serves the online tile layer the demo is configured with
// (skerry demo --tiles): every tile a transparent square with a grey
// border, so the offline basemap still shows through. It returns the URL
// template and the count of tiles served.
func tileServer(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 256, 256))
	for i := range 256 {
		for _, p := range []image.Point{{i, 0}, {0, i}} {
			img.Set(p.X, p.Y, color.NRGBA{R: 128, G: 128, B: 128, A: 160})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	tile := regexp.MustCompile(`^/\d+/\d+/\d+\.png$`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !tile.MatchString(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		n.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		_, _ = w.Write(buf.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/{z}/{x}/{y}.png", &n
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
// then kill) when the test ends. The endurance is ample: the shore patrol
// the browser draws is about 10 km, and the simulated wind, which the
// check at upload uses, reaches 8 m/s; with 40 minutes (30 usable) one
// run in eight was refused at upload for endurance after the plan had been
// shown lawful in calmer wind a few seconds before.
func startDemo(t *testing.T, bin, root, tiles string) string {
	t.Helper()
	cmd := exec.Command(bin, "demo", "--script", "none", "--http", "127.0.0.1:0",
		"--vehicles", fmt.Sprint(vehicles), "--speedup", "4", "--authorisations", "APBA", "--endurance", "60m",
		"--zones", filepath.Join(root, "mission", "airspace", "testdata", "ed269_algeciras.json"),
		"--tiles", tiles, "--tiles-attribution", "Test tiles",
		// one small camera: the video panel's test, at a cost the machine bears
		"--cameras", "1", "--camera-size", "640x360", "--camera-fps", "15")
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
