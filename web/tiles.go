package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// TileLayer is an online map layer the console draws over its offline
// basemap, from the station's configuration (skerry serve --tiles). The
// console works without it; a pilot may still add one for a session with
// ?tiles=URL, which wins.
type TileLayer struct {
	// URL is a Leaflet tile URL template, http or https, with {z}, {x}
	// and {y} (and optionally {s}, {r}),
	// e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png.
	URL string `json:"url"`
	// Attribution is shown on the map, as tile providers require; Leaflet
	// shows it as HTML (a link to the provider's terms, say), so it is the
	// station operator's to write, never a user's. Empty: the URL's host.
	Attribution string `json:"attribution"`
	// MaxZoom is the deepest zoom the layer has (default 19).
	MaxZoom int `json:"max_zoom"`
}

// maxTileURL bounds a tile URL template.
const maxTileURL = 2048

// Validate checks the layer and fills in its defaults.
func (t *TileLayer) Validate() error {
	if len(t.URL) > maxTileURL {
		return fmt.Errorf("tile URL longer than %d bytes", maxTileURL)
	}
	u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(t.URL))
	if err != nil {
		return fmt.Errorf("tile URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("tile URL %q: want http:// or https:// and a host", t.URL)
	}
	var missing []string
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(t.URL, p) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("tile URL %q lacks %s: a template such as https://tile.example.org/{z}/{x}/{y}.png", t.URL, strings.Join(missing, ", "))
	}
	if len(t.Attribution) > 512 {
		return errors.New("tile attribution longer than 512 bytes")
	}
	if t.Attribution == "" {
		t.Attribution = u.Host
	}
	switch {
	case t.MaxZoom == 0:
		t.MaxZoom = 19
	case t.MaxZoom < 1 || t.MaxZoom > 24:
		return fmt.Errorf("tile max zoom %d: want 1 to 24", t.MaxZoom)
	}
	return nil
}

// consoleSettings is the body of GET /api/console: what the station's
// configuration says about the console.
type consoleSettings struct {
	Tiles *TileLayer `json:"tiles"` // null: offline only
}

// consoleConfig serves GET /api/console.
func (s *Server) consoleConfig(w http.ResponseWriter, _ *http.Request) {
	s.writeJSON(w, http.StatusOK, consoleSettings{Tiles: s.Tiles})
}

// basemap serves GET /api/basemap: the console's offline basemap (m, made
// once from s.Basemap when the routes are; nil: none), gzipped for a
// client that takes it, revalidated by its ETag.
func (s *Server) basemap(w http.ResponseWriter, r *http.Request, m *gzipped) {
	if m == nil {
		s.writeError(w, http.StatusNotFound, "this station has no basemap")
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Cache-Control", "max-age=3600")
	m.serve(w, r, "basemap.geojson")
}
