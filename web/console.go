package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
)

// The pilots' browser console: plain JavaScript modules, no build step.
// static/vendor/ (Leaflet) is filled by `make build` and is not committed;
// the console works without it, minus the map.
//
//go:embed static
var consoleFiles embed.FS

// consoleTypes fixes the content types of the console's files rather than
// trusting the host's mime.types (some map .js to application/x-javascript).
var consoleTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".json": "application/json",
	".md":   "text/markdown; charset=utf-8",
	".map":  "application/json",
}

// consoleCache keeps each embedded file served so far with its gzip and
// ETags: embedded files have no modification time, so ETags are what
// lets a browser revalidate, and a unit at sea on a thin link loads the
// page gzipped (Leaflet: 159 KiB, 45 KiB gzipped).
var consoleCache sync.Map // name -> *gzipped

// consoleCompressed are the types worth gzipping.
var consoleCompressed = map[string]bool{".html": true, ".js": true, ".mjs": true, ".css": true, ".svg": true, ".json": true, ".md": true, ".map": true}

// routeConsole registers the console: GET / (index.html), GET /static/...
// and the plain-text API index at GET /api/.
func (s *Server) routeConsole(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		serveConsoleFile(w, r, "index.html")
	})
	mux.HandleFunc("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		serveConsoleFile(w, r, strings.TrimPrefix(r.URL.Path, "/static/"))
	})
	mux.HandleFunc("GET /unit", func(w http.ResponseWriter, r *http.Request) { serveConsoleFile(w, r, "unit/index.html") })
	mux.HandleFunc("GET /api/{$}", s.index)
}

// serveConsoleFile serves static/name; directories, dot files and anything
// not embedded are 404.
func serveConsoleFile(w http.ResponseWriter, r *http.Request, name string) {
	name = path.Clean("/" + name)[1:]
	if name == "" || !fs.ValidPath(name) || strings.Contains("/"+name, "/.") {
		http.NotFound(w, r)
		return
	}
	full := "static/" + name
	f, ok := consoleCache.Load(full)
	if !ok {
		data, err := consoleFiles.ReadFile(full)
		if err != nil { // missing, or a directory
			http.NotFound(w, r)
			return
		}
		f, _ = consoleCache.LoadOrStore(full, newGzipped(data, consoleCompressed[path.Ext(name)]))
	}
	ctype, ok := consoleTypes[path.Ext(name)]
	if !ok {
		ctype = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	f.(*gzipped).serve(w, r, name)
}
