package api

import (
	"errors"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"skerry/gcs"
)

// ackRequest is the body of POST /api/alerts/ack. Alert ids hold '/'
// ("sim1-2/battery_low"), so the id travels in the body, not the path.
type ackRequest struct {
	ID string `json:"id"`
	By string `json:"by"`
}

// maxAckBy bounds the name of who acknowledges.
const maxAckBy = 100

// ackAlert records that a pilot has seen an alert and answers with the
// alert as it now is; the live feed carries the change to every console.
func (s *Server) ackAlert(w http.ResponseWriter, r *http.Request) {
	var req ackRequest
	if err := s.decode(w, r, &req); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	req.By = strings.TrimSpace(req.By)
	switch {
	case req.ID == "":
		s.writeError(w, http.StatusBadRequest, `give the alert's "id", e.g. "sim1-2/battery_low"`)
		return
	case req.By == "":
		s.writeError(w, http.StatusBadRequest, `say who acknowledges: "by": "pilot name"`)
		return
	case !utf8.ValidString(req.By) || utf8.RuneCountInString(req.By) > maxAckBy ||
		strings.IndexFunc(req.By, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		s.writeError(w, http.StatusBadRequest, `"by" must be a name of at most 100 printable characters`)
		return
	}
	a, err := s.Fleet.Acknowledge(r.Context(), req.ID, req.By)
	switch {
	case errors.Is(err, gcs.ErrUnknownAlert):
		s.writeError(w, http.StatusNotFound, "no active or recent alert has the id "+quoteShort(req.ID))
	case err != nil:
		s.writeError(w, http.StatusServiceUnavailable, "the station is shutting down: "+err.Error())
	default:
		s.writeJSON(w, http.StatusOK, a)
	}
}

// quoteShort quotes s, cut to 80 bytes, for an error message.
func quoteShort(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return `"` + strings.ToValidUTF8(s, "?") + `"`
}
