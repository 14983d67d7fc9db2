package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// syncBuffer is a bytes.Buffer safe to read while a command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestHelpListsCommandsAndFlags(t *testing.T) {
	var out, errs bytes.Buffer
	require.Equal(t, 0, Run(context.Background(), []string{"--help"}, &out, &errs))
	for _, c := range []string{"serve", "sim", "demo", "replay", "bench", "version"} {
		require.Contains(t, errs.String(), c)
	}
	errs.Reset()
	require.Equal(t, 0, Run(context.Background(), []string{"serve", "--help"}, &out, &errs))
	require.Contains(t, errs.String(), "-link")
	require.Contains(t, errs.String(), `(default "127.0.0.1:8080")`)
	require.Equal(t, 2, Run(context.Background(), []string{"fly-to-the-moon"}, &out, &errs))
	require.Equal(t, 2, Run(context.Background(), []string{"serve", "--no-such-flag"}, &out, &errs))
}

func TestServeRefusesNonLoopbackHTTP(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir()) // serve's default data directory
	var out, errs bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--http", "0.0.0.0:0", "--link", "udp-server:127.0.0.1:0"}, &out, &errs)
	require.Equal(t, 1, code)
	require.Contains(t, errs.String(), "loopback only")
}

func TestConfigFileFillsFlagsTheCommandLineDoesNotGive(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir()) // serve's default data directory
	dir := t.TempDir()
	cfg := filepath.Join(dir, "skerry.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"http":"10.0.0.1:80","link":["a=udp-server:127.0.0.1:0"]}`), 0o600))
	var out, errs bytes.Buffer
	// The file's HTTP address is refused ...
	require.Equal(t, 1, Run(context.Background(), []string{"serve", "--config", cfg}, &out, &errs))
	require.Contains(t, errs.String(), "loopback only")
	// ... unless the command line overrides it.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var sout syncBuffer
	go func() { done <- Run(ctx, []string{"serve", "--config", cfg, "--http", "127.0.0.1:0"}, &sout, &errs) }()
	require.Eventually(t, func() bool { return strings.Contains(sout.String(), "MAVLink link a:") }, 10*time.Second, 20*time.Millisecond)
	cancel()
	require.Equal(t, 0, <-done)

	require.NoError(t, os.WriteFile(cfg, []byte(`{"htp":"127.0.0.1:0"}`), 0o600))
	require.Equal(t, 1, Run(context.Background(), []string{"serve", "--config", cfg}, &out, &errs))
	require.Contains(t, errs.String(), `unknown flag "htp"`)
}

func TestParseLinks(t *testing.T) {
	cases := []struct {
		links, redundant []string
		err              string
	}{
		{links: []string{"udp-server:0.0.0.0:14550"}},
		{links: []string{"radio=serial:/dev/ttyUSB0:57600", "lte=udp-server:0.0.0.0:14560"}, redundant: []string{"lte:radio"}},
		{links: []string{"tlog:/tmp/a.tlog?speed=2"}},
		{links: []string{"Bad Name=udp-server:1.2.3.4:5"}, err: "name"},
		{links: []string{"a=udp-server:1.2.3.4:5", "a=udp-server:1.2.3.4:6"}, err: "twice"},
		{links: []string{"a=udp-server:1.2.3.4:5"}, redundant: []string{"a:b"}, err: "--redundant"},
	}
	for _, ca := range cases {
		got, err := parseLinks(ca.links, ca.redundant)
		if ca.err != "" {
			require.ErrorContains(t, err, ca.err)
			continue
		}
		require.NoError(t, err)
		require.Len(t, got, len(ca.links))
	}
	got, _ := parseLinks([]string{"tlog:/tmp/a.tlog?speed=2", "radio=serial:/dev/ttyUSB0:57600"}, nil)
	require.Equal(t, "l1", got[0].Name)
	require.Equal(t, "tlog:/tmp/a.tlog?speed=2", got[0].URL)
	require.Equal(t, "radio", got[1].Name)
}

// TestDemoFliesTheFleet runs `skerry demo` as a user would and checks the
// API the way the README says: all vehicles listed, positions changing.
func TestDemoFliesTheFleet(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"demo", "--http", "127.0.0.1:0", "--vehicles", "10", "--speedup", "4", "--log-level", "warn"}, &out, &errs)
	}()
	urlRE := regexp.MustCompile(`Skerry console: (http://127\.0\.0\.1:\d+/)`)
	var url string
	require.Eventually(t, func() bool {
		m := urlRE.FindStringSubmatch(out.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	}, 20*time.Second, 20*time.Millisecond, "printed URL; stderr: %s", errs.String())
	require.Regexp(t, `MAVLink link sim1: udp-server 127\.0\.0\.1:\d+`, out.String())

	first := map[gcs.VehicleID]gcs.Position{}
	require.Eventually(t, func() bool {
		vs := getVehicles(t, url)
		moved := 0
		for _, v := range vs {
			p, seen := first[v.ID]
			if !seen && v.HasPosition {
				first[v.ID] = v.Position
			} else if seen && (v.Position.AltRel-p.AltRel > 5) {
				moved++
			}
		}
		return len(vs) == 10 && moved == 10
	}, 90*time.Second, 500*time.Millisecond, "all 10 listed and climbing; stderr: %s", errs.String())
	cancel()
	require.Equal(t, 0, <-done)
}

func getVehicles(t *testing.T, url string) []gcs.Vehicle {
	res, err := http.Get(url + "api/vehicles")
	require.NoError(t, err)
	defer res.Body.Close()
	var vs []gcs.Vehicle
	require.NoError(t, json.NewDecoder(res.Body).Decode(&vs))
	return vs
}

func TestServeTakesTheConsoleTileLayerFromItsConfig(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir()) // serve's default data directory
	cfg := filepath.Join(t.TempDir(), "skerry.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"http":"127.0.0.1:0","link":["a=udp-server:127.0.0.1:0"],
		"tiles":"https://tile.example.org/{z}/{x}/{y}.png","tiles-attribution":"© Example"}`), 0o600))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int)
	var sout, errs syncBuffer
	go func() { done <- Run(ctx, []string{"serve", "--config", cfg}, &sout, &errs) }()
	console := regexp.MustCompile(`Skerry console: (http://\S+)/`)
	require.Eventually(t, func() bool { return console.MatchString(sout.String()) }, 10*time.Second, 20*time.Millisecond)
	res, err := http.Get(console.FindStringSubmatch(sout.String())[1] + "/api/console")
	require.NoError(t, err)
	var got struct {
		Tiles struct{ URL, Attribution string }
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&got))
	_ = res.Body.Close()
	require.Equal(t, "https://tile.example.org/{z}/{x}/{y}.png", got.Tiles.URL)
	require.Equal(t, "© Example", got.Tiles.Attribution)
	cancel()
	require.Equal(t, 0, <-done)

	var out, bad bytes.Buffer
	require.Equal(t, 1, Run(context.Background(), []string{"serve", "--http", "127.0.0.1:0", "--tiles", "https://tile.example.org/tiles.png"}, &out, &bad))
	require.Contains(t, bad.String(), "--tiles")
}
