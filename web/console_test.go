package web

import (
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// consoleRefs lists the /static/ files index.html references and, following
// `import ... from './x.js'`, every module the scripts import.
func consoleRefs(t *testing.T) []string {
	t.Helper()
	index, err := fs.ReadFile(consoleFiles, "static/index.html")
	require.NoError(t, err)
	var refs []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			refs = append(refs, p)
		}
	}
	for _, m := range regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`).FindAllStringSubmatch(string(index), -1) {
		add(m[1])
	}
	importRE := regexp.MustCompile(`(?m)^\s*import\s[^'"]*?from\s+['"](\./[^'"]+)['"]`)
	for i := 0; i < len(refs); i++ { // refs grows as imports are found
		if !strings.HasSuffix(refs[i], ".js") || strings.HasPrefix(refs[i], "/static/vendor/") {
			continue
		}
		src, err := fs.ReadFile(consoleFiles, "static/"+strings.TrimPrefix(refs[i], "/static/"))
		require.NoError(t, err, refs[i])
		for _, m := range importRE.FindAllStringSubmatch(string(src), -1) {
			add(path.Join(path.Dir(refs[i]), m[1]))
		}
	}
	return refs
}

func TestConsoleIndex(t *testing.T) {
	srv := newServer(t)
	res, err := http.Get(srv.URL + "/")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	_, body := do(t, "GET", srv.URL+"/", "")
	require.Contains(t, body, `<script type="module" src="/static/app.js"></script>`)
	require.Contains(t, body, `<script src="/static/vendor/leaflet/leaflet.js"></script>`)
	require.Contains(t, body, `data-testid="conn"`)

	// The banner shown when Leaflet is not installed, in the page and the script.
	const banner = "Map library missing: run `make build` (it installs Leaflet 1.9.4 from npm)"
	require.Contains(t, body, banner)
	_, app := do(t, "GET", srv.URL+"/static/app.js", "")
	require.Contains(t, app, banner)
	require.Contains(t, app, "window.L")

	// The text index of the API moved to /api/.
	code, text := do(t, "GET", srv.URL+"/api/", "")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, text, "GET  /api/vehicles")
}

func TestConsoleFilesServed(t *testing.T) {
	srv := newServer(t)
	refs := consoleRefs(t)
	for _, want := range []string{"/static/app.js", "/static/style.css", "/static/ws.js", "/static/map.js",
		"/static/fleet.js", "/static/vehicle.js", "/static/alerts.js", "/static/units.js"} {
		require.Contains(t, refs, want)
	}
	for _, ref := range refs {
		if strings.HasPrefix(ref, "/static/vendor/") {
			continue // Leaflet: installed by `make build`, not committed
		}
		res, err := http.Get(srv.URL + ref)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, ref)
		want := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}[path.Ext(ref)]
		require.NotEmpty(t, want, "unexpected kind of file %s", ref)
		require.Equal(t, want, res.Header.Get("Content-Type"), ref)
		require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), ref)
		require.NotEmpty(t, res.Header.Get("ETag"), ref)

		// Revalidation answers 304.
		req, _ := http.NewRequest("GET", srv.URL+ref, nil)
		req.Header.Set("If-None-Match", res.Header.Get("ETag"))
		res2, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res2.Body.Close()
		require.Equal(t, http.StatusNotModified, res2.StatusCode, ref)
	}
}

func TestConsoleNotFound(t *testing.T) {
	srv := newServer(t)
	for _, p := range []string{"/static/", "/static/nope.js", "/static/vendor/", "/static/../console.go",
		"/static/%2e%2e/console.go", "/static/.hidden", "/nope", "/index.html"} {
		code, _ := do(t, "GET", srv.URL+p, "")
		require.Equal(t, http.StatusNotFound, code, p)
	}
	code, _ := do(t, "POST", srv.URL+"/static/app.js", "")
	require.Equal(t, http.StatusMethodNotAllowed, code)
}

// TestConsoleScriptsParse runs `node --check` on every module when node is
// installed. Each is copied to a .mjs file so any node parses it as a module.
func TestConsoleScriptsParse(t *testing.T) {
	entries, err := fs.ReadDir(consoleFiles, "static")
	require.NoError(t, err)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: JavaScript syntax not checked")
	}
	dir := t.TempDir()
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".js" {
			continue
		}
		src, err := fs.ReadFile(consoleFiles, "static/"+e.Name())
		require.NoError(t, err)
		file := filepath.Join(dir, strings.TrimSuffix(e.Name(), ".js")+".mjs")
		require.NoError(t, os.WriteFile(file, src, 0o600))
		out, err := exec.Command(node, "--check", file).CombinedOutput()
		require.NoError(t, err, "%s: %s", e.Name(), out)
	}
}
