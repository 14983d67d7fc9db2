package web

import (
	"log/slog"
	"net/http"

	"skerry/gcs"
	"skerry/web/api"
	"skerry/web/live"
	"skerry/web/stream"
	"skerry/web/view"
)

// Server is the station's web side put together: it mounts the REST API
// (web/api) under /api/, the live feed (web/live) at GET /ws, live video
// (web/stream) at GET /api/vehicles/{id}/streams/{key}/live, the
// counters of both at GET /metrics, and the browser console (GET /,
// /static/, the console's settings and basemap under /api/, and the
// text index of every route at GET /api/). Zero values of the optional
// fields mean the documented defaults.
type Server struct {
	// API serves the REST API; nil serves none of it (the console's own
	// routes stay).
	API *api.Server
	// Hub, when set, serves the live feed on GET /ws. The caller
	// initializes and closes it.
	Hub *live.Hub
	// Video, when set, serves live video to the console, frames as the
	// cameras sent them (web/stream), at GET
	// /api/vehicles/{id}/streams/{key}/live; nil answers 501 (to a
	// websocket in-band, close code 4501: a browser cannot read a
	// handshake's status).
	Video gcs.VideoFeed
	// Basemap is the console's offline basemap, GeoJSON (coastline and
	// port features with a "kind" property), served at /api/basemap; nil
	// answers 404.
	Basemap []byte
	// Tiles, when set, is an online tile layer the console draws over its
	// offline basemap (GET /api/console); Validate it first.
	Tiles *TileLayer
	// Stats, when set, reports station counters (telemetry messages in,
	// parse errors, ...) for GET /metrics, each as skerry_<name>.
	Stats func() map[string]uint64
	// Gauges, when set, reports station levels (targets in the picture,
	// open incidents, ...) for GET /metrics, each as skerry_<name>.
	Gauges func() map[string]float64
	// Log receives the errors of the routes served here (the API and the
	// hub have their own); nil discards.
	Log *slog.Logger
}

// Handler returns every route of the station's web side.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	if s.API != nil {
		s.API.Register(mux) // /api/..., and a JSON 404 for the rest of /api/
	}
	if s.Hub != nil {
		mux.Handle("GET /ws", s.Hub)
	}
	s.routeVideo(mux)
	mux.Handle("GET /metrics", s.metricsHandler())
	s.routeConsole(mux) // GET / and /static/: the browser console; GET /api/: the text index
	var basemap *gzipped
	if s.Basemap != nil {
		basemap = newGzipped(s.Basemap, true)
	}
	mux.HandleFunc("GET /api/basemap", func(w http.ResponseWriter, r *http.Request) { s.basemap(w, r, basemap) })
	mux.HandleFunc("GET /api/console", s.consoleConfig)
	return mux
}

// videoRoute is where a browser watches a stream (see web/stream/PROTOCOL.md).
const videoRoute = "GET /api/vehicles/{id}/streams/{key}/live"

// routeVideo mounts the video websocket. Without Video it answers 501
// (in-band to a websocket: see web/stream/PROTOCOL.md).
func (s *Server) routeVideo(mux *http.ServeMux) {
	h := &stream.Handler{Feed: s.Video, Log: s.log().With("component", "video-ws")}
	if s.Hub != nil {
		h.AllowedOrigins = s.Hub.AllowedOrigins
	}
	if s.API != nil && s.API.Fleet != nil {
		h.Health = streamHealth(s.API.Fleet)
	}
	mux.Handle(videoRoute, h)
}

// streamHealth finds a stream's health in the fleet's vehicle state.
func streamHealth(fleet *gcs.Fleet) func(gcs.VehicleID, string) (gcs.StreamHealth, bool) {
	return func(id gcs.VehicleID, key string) (gcs.StreamHealth, bool) {
		v, ok := fleet.Vehicle(id)
		if !ok {
			return gcs.StreamHealth{}, false
		}
		for _, c := range v.Cameras {
			for _, st := range c.Streams {
				if st.Key == key && st.Health != nil {
					return *st.Health, true
				}
			}
		}
		return gcs.StreamHealth{}, false
	}
}

func (s *Server) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// writeJSON answers with v as indented JSON (see view.WriteJSON).
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	view.WriteJSON(w, s.log(), status, v)
}

// writeError answers with {"error": msg}.
func (s *Server) writeError(w http.ResponseWriter, status int, msg string) {
	view.WriteError(w, s.log(), status, msg)
}
