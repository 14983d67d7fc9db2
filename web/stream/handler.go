package stream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"skerry/gcs"
	"skerry/web/view"
)

// Handler serves GET /api/vehicles/{id}/streams/{key}/live: one stream's
// live frames to one browser (see PROTOCOL.md). Mount it on a pattern with
// {id} and {key} wildcards. Zero values of the optional fields mean the
// documented defaults; Close ends every connection.
type Handler struct {
	// Feed gives the frames; required.
	Feed gcs.VideoFeed
	// Health, when set, gives the stream's health for the status
	// messages (the console also has it from the live feed).
	Health func(id gcs.VehicleID, key string) (gcs.StreamHealth, bool)
	// Log receives connects, drops and errors; nil discards.
	Log *slog.Logger
	// AllowedOrigins are the origins allowed besides the page's own and
	// loopback ones, as for the live feed (web/live); "*" allows any.
	AllowedOrigins []string
	// Queue bounds the frames waiting for one viewer's socket; a viewer
	// over it loses them and resumes at the next key frame (default 30).
	Queue int
	// WriteTimeout bounds one write to a viewer; a viewer that takes
	// nothing within it is closed (default 5 s).
	WriteTimeout time.Duration
	// StatusPeriod is how often a viewer gets a status message (default 1 s).
	StatusPeriod time.Duration
	// PingPeriod is how often viewers are pinged; one that answers nothing
	// for two periods is closed (default 15 s).
	PingPeriod time.Duration
	// SendBuffer, when positive, is the kernel's send buffer for one
	// viewer's socket (SO_SNDBUF), in bytes: a smaller one makes a slow
	// viewer lose frames here, where it is counted, sooner than after
	// seconds of video aged in the kernel. 0 leaves the kernel's.
	SendBuffer int
	// Now is the clock of the status messages; nil means time.Now.
	Now func() time.Time

	mu      sync.Mutex
	closed  bool
	viewers map[*viewer]struct{}
	wg      sync.WaitGroup
	stats   counters
}

// counters are the handler's totals; see Stats.
type counters struct {
	viewers, connects, sent, dropped, resyncs, stuck, refused atomic.Uint64
}

// Stats are a Handler's counters.
type Stats struct {
	Viewers  uint64 `json:"viewers"`  // connected now
	Connects uint64 `json:"connects"` // connections served in all
	Sent     uint64 `json:"sent"`     // frames written
	Dropped  uint64 `json:"dropped"`  // frames viewers lost (queue full, or waiting for a key frame)
	Resyncs  uint64 `json:"resyncs"`  // times a viewer skipped to a key frame
	Stuck    uint64 `json:"stuck"`    // viewers closed because a write failed or timed out
	Refused  uint64 `json:"refused"`  // requests answered with an HTTP error
}

// Stats returns the handler's counters.
func (h *Handler) Stats() Stats {
	s := &h.stats
	return Stats{Viewers: s.viewers.Load(), Connects: s.connects.Load(), Sent: s.sent.Load(), Dropped: s.dropped.Load(),
		Resyncs: s.resyncs.Load(), Stuck: s.stuck.Load(), Refused: s.refused.Load()}
}

// Close ends every connection (close code 1001) and refuses new ones.
func (h *Handler) Close() {
	h.mu.Lock()
	h.closed = true
	for v := range h.viewers {
		v.stop(websocket.CloseGoingAway, "station shutting down")
	}
	h.mu.Unlock()
	h.wg.Wait()
}

// maxIDLen bounds a vehicle id in the path.
const maxIDLen = 128

// maxKeyLen bounds a stream key in the path.
const maxKeyLen = 64

// validID reports whether id may name a vehicle: 1 to 128 bytes of
// UTF-8 without control characters.
func validID(id string) bool {
	if id == "" || len(id) > maxIDLen || !utf8.ValidString(id) {
		return false
	}
	return strings.IndexFunc(id, unicode.IsControl) < 0
}

// validKey reports whether key is URL-safe as stream keys are: 1 to 64 of
// A-Z a-z 0-9 _ -.
func validKey(key string) bool {
	if key == "" || len(key) > maxKeyLen {
		return false
	}
	for _, c := range []byte(key) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// ServeHTTP checks the request, subscribes to the stream and, upgraded to
// a websocket, sends its frames until the stream ends, the viewer leaves
// or falls behind beyond WriteTimeout, or Close.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, key := r.PathValue("id"), r.PathValue("key")
	switch {
	case !validID(id):
		h.refuse(w, r, http.StatusBadRequest, "bad vehicle id: 1 to 128 characters, no control characters")
		return
	case !validKey(key):
		h.refuse(w, r, http.StatusBadRequest, "bad stream key: 1 to 64 of A-Z a-z 0-9 _ -")
		return
	case h.Feed == nil && !websocket.IsWebSocketUpgrade(r):
		h.refuse(w, r, http.StatusNotImplemented, noVideo)
		return
	case !websocket.IsWebSocketUpgrade(r):
		w.Header().Set("Upgrade", "websocket")
		h.refuse(w, r, http.StatusUpgradeRequired, "this is a websocket: open it with a websocket client (see web/stream/PROTOCOL.md)")
		return
	case !h.checkOrigin(r):
		h.refuse(w, r, http.StatusForbidden, "origin not allowed")
		return
	}
	// From here a browser is asking: it cannot read an HTTP status of a
	// websocket handshake (and logs the failure as an error), so what
	// follows is refused in-band, with the status as close code 4000+.
	up := websocket.Upgrader{
		CheckOrigin:      func(*http.Request) bool { return true }, // checked above
		HandshakeTimeout: 10 * time.Second,
		WriteBufferSize:  64 << 10,
		ReadBufferSize:   1 << 10,
	}
	var units <-chan gcs.VideoUnit
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()
	status, why := 0, ""
	switch {
	case h.Feed == nil:
		status, why = http.StatusNotImplemented, noVideo
	case h.isClosed():
		status, why = http.StatusServiceUnavailable, "station shutting down"
	default:
		var err error
		if units, err = h.Feed.Watch(ctx, gcs.VehicleID(id), key); err != nil {
			status, why = http.StatusServiceUnavailable, fmt.Sprintf("vehicle %s stream %s: %v", id, key, err)
			if errors.Is(err, gcs.ErrNoStream) {
				status = http.StatusNotFound
			}
		}
	}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		h.log().Info("video websocket refused", "remote", r.RemoteAddr, "err", err)
		return // Upgrade has answered
	}
	if status != 0 {
		h.refuseInBand(conn, r, status, why)
		return
	}
	v := newViewer(h, conn, cancel, gcs.VehicleID(id), key, r.RemoteAddr)
	if !h.register(v) {
		_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "station shutting down"), time.Now().Add(time.Second))
		_ = conn.Close()
		return
	}
	defer h.unregister(v)
	v.run(ctx, units)
}

// noVideo is the refusal of a station without a feed.
const noVideo = "this station serves no live video (no video feed configured)"

// Refusal is the text message of a connection refused after the upgrade;
// the close code that follows is 4000 + Status.
type Refusal struct {
	Type   string `json:"type"` // "error"
	Status int    `json:"status"`
	Error  string `json:"error"`
}

// refuseInBand sends a Refusal and closes with 4000+status.
func (h *Handler) refuseInBand(conn *websocket.Conn, r *http.Request, status int, msg string) {
	h.stats.refused.Add(1)
	h.log().Debug("video websocket refused in band", "remote", r.RemoteAddr, "path", r.URL.Path, "status", status, "err", msg)
	deadline := time.Now().Add(time.Second)
	_ = conn.SetWriteDeadline(deadline)
	if b, err := json.Marshal(Refusal{Type: "error", Status: status, Error: msg}); err == nil {
		_ = conn.WriteMessage(websocket.TextMessage, b)
	}
	reason := msg
	if len(reason) > 120 { // a close frame's reason holds 123 bytes
		reason = strings.ToValidUTF8(reason[:117], "") + "..."
	}
	_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4000+status, reason), deadline)
	_ = conn.Close()
}

func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h.stats.refused.Add(1)
	h.log().Debug("video request refused", "remote", r.RemoteAddr, "path", r.URL.Path, "status", status, "err", msg)
	view.WriteError(w, h.log(), status, msg)
}

func (h *Handler) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}

func (h *Handler) register(v *viewer) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	if h.viewers == nil {
		h.viewers = make(map[*viewer]struct{})
	}
	h.viewers[v] = struct{}{}
	h.wg.Add(1)
	h.stats.viewers.Add(1)
	h.stats.connects.Add(1)
	return true
}

func (h *Handler) unregister(v *viewer) {
	h.mu.Lock()
	delete(h.viewers, v)
	h.mu.Unlock()
	h.stats.viewers.Add(^uint64(0))
	h.wg.Done()
}

// checkOrigin allows requests without an Origin (not from a browser), the
// page's own origin, loopback origins and AllowedOrigins: the live feed's
// rule (web/live).
func (h *Handler) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		if strings.EqualFold(u.Host, r.Host) {
			return true
		}
		switch strings.ToLower(u.Hostname()) {
		case "127.0.0.1", "localhost", "::1":
			return true
		}
	}
	for _, a := range h.AllowedOrigins {
		if a == "*" || strings.EqualFold(strings.TrimSuffix(a, "/"), origin) {
			return true
		}
	}
	return false
}

func (h *Handler) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}

func (h *Handler) now() time.Time {
	if h.Now == nil {
		return time.Now()
	}
	return h.Now()
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
