package api

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"skerry/gcs"
)

// The units' own view: a maritime unit (a patrol boat, a cutter) reads
// its incidents with its token, over links of a few hundred kbit/s. It
// polls GET /api/unitview with If-None-Match (or ?since=): an unchanged
// view answers 304 with no body, a changed one compact JSON, gzipped when
// the unit accepts it. Snapshots come through GET
// /api/unitview/files/{hash}, only for evidence of the unit's own
// incidents. A unit acknowledges through POST /api/reports/{id}/ack.
func (s *Server) routeUnitView(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/unitview", s.getUnitView)
	mux.HandleFunc("GET /api/unitview/files/{hash}", s.getUnitViewFile)
}

// gzipOver: bodies larger than this are gzipped for a unit that accepts
// it.
const gzipOver = 512

// unitByToken returns the unit whose token the request carries
// (Authorization: Bearer T), or answers 401 (503 without units). Every
// unit's token is compared in constant time (crypto/subtle, as the pull
// and ack routes do: only a token's length shows), all of them whatever
// matches, so that the timing does not say which unit's came close.
func (s *Server) unitByToken(w http.ResponseWriter, r *http.Request) (UnitsService, gcs.Unit, bool) {
	svc, ok := s.units(w)
	if !ok {
		return nil, gcs.Unit{}, false
	}
	tok, ok := bearer(r)
	if !ok {
		unauthorized(w, "")
		s.writeError(w, http.StatusUnauthorized, "send the unit's token: Authorization: Bearer <token>")
		return nil, gcs.Unit{}, false
	}
	all, err := svc.List(r.Context())
	if err != nil {
		s.unitsError(w, r, err)
		return nil, gcs.Unit{}, false
	}
	var found gcs.Unit
	n := 0
	for _, u := range all {
		if u.Token != "" && subtle.ConstantTimeCompare([]byte(u.Token), []byte(tok)) == 1 {
			found = u
			n++
		}
	}
	if n != 1 { // none, or a token shared by units: neither may read
		s.unitsError(w, r, fmt.Errorf("unit view: %w", gcs.ErrUnitToken))
		return nil, gcs.Unit{}, false
	}
	return svc, found, true
}

// getUnitView answers GET /api/unitview: the unit's view (unitPage) with
// its version as ETag; 304 when the request names that version.
func (s *Server) getUnitView(w http.ResponseWriter, r *http.Request) {
	w, ok := s.limitUnitAuth(w, r)
	if !ok {
		return
	}
	since, err := parseUnitViewQuery(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	svc, u, ok := s.unitByToken(w, r)
	if !ok || !s.maritimeReady(w) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	rs, err := svc.Reports(ctx, u.ID, "", reportScanLimit)
	if err != nil {
		s.unitsError(w, r, err)
		return
	}
	page, err := s.buildUnitPage(ctx, u, rs, time.Now())
	if err != nil {
		s.maritimeError(w, "unit view", err)
		return
	}
	body, err := json.Marshal(page)
	if err != nil {
		s.log().Error("unit view", "unit", u.ID, "err", err)
		s.writeError(w, http.StatusInternalServerError, "the unit's view could not be encoded; see the station's log")
		return
	}
	sum := sha256.Sum256(body)
	version := hex.EncodeToString(sum[:12])
	h := w.Header()
	h.Set("ETag", `W/"`+version+`"`)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Vary", "Authorization, Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	if since == version || etagsMatch(r.Header.Get("If-None-Match"), version) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeMaybeGzip(w, r, "application/json", body)
}

// gzipWriters keeps gzip writers for reuse: making one (its compression
// tables) cost more than the rest of a poll answered in full. The default
// level: the best gave the same bytes on views at twice the time.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

// writeMaybeGzip answers 200 with body, gzipped when the client accepts
// it and it is worth it.
func writeMaybeGzip(w http.ResponseWriter, r *http.Request, ctype string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	if len(body) > gzipOver && AcceptsGzip(r.Header.Get("Accept-Encoding")) {
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		_, _ = zw.Write(body)
		if zw.Close() == nil {
			h.Set("Content-Encoding", "gzip")
			body = buf.Bytes()
		}
		gzipWriters.Put(zw)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// AcceptsGzip reports whether an Accept-Encoding header takes gzip (not
// with q=0).
func AcceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// getUnitViewFile answers GET /api/unitview/files/{hash}: an evidence
// file of one of the unit's own incidents (a snapshot), cached for good
// by the unit (a hash names its bytes). Any other hash is 404, whether
// the station holds it or not.
func (s *Server) getUnitViewFile(w http.ResponseWriter, r *http.Request) {
	w, ok := s.limitUnitAuth(w, r)
	if !ok {
		return
	}
	hash := r.PathValue("hash")
	if !hashPattern.MatchString(hash) {
		s.writeError(w, http.StatusBadRequest, "file "+strconv.Quote(truncate(hash, 64))+" is not a SHA-256 in lowercase hex")
		return
	}
	if r.URL.RawQuery != "" {
		s.writeError(w, http.StatusBadRequest, "an evidence file takes no query parameters")
		return
	}
	svc, u, ok := s.unitByToken(w, r)
	if !ok || !s.maritimeReady(w) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), maritimeTimeout)
	defer cancel()
	mime, err := s.unitFileKind(ctx, svc, u.ID, hash)
	if err != nil {
		s.maritimeError(w, "unit view file", err)
		return
	}
	if mime == "" {
		s.writeError(w, http.StatusNotFound, "none of this unit's incidents has evidence file "+hash)
		return
	}
	data, err := s.Maritime.IncidentFile(ctx, hash)
	switch {
	case errors.Is(err, os.ErrNotExist):
		s.writeError(w, http.StatusNotFound, "evidence file "+hash+" is missing from the station's store")
		return
	case err != nil:
		s.maritimeError(w, "evidence file", err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", evidenceType(mime, data))
	h.Set("ETag", `"`+hash+`"`)
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// unitFileKind returns the recorded MIME type of evidence file hash when
// one of the unit's incidents holds it ("unknown" when none is
// recorded), "" when none does.
func (s *Server) unitFileKind(ctx context.Context, svc UnitsService, unit gcs.UnitID, hash string) (string, error) {
	rs, err := svc.Reports(ctx, unit, "", reportScanLimit)
	if err != nil {
		return "", err
	}
	done := map[string]bool{}
	for _, rep := range rs {
		if done[rep.Incident] || rep.Unit != unit {
			continue
		}
		done[rep.Incident] = true
		inc, err := s.Maritime.Incident(ctx, rep.Incident)
		if errors.Is(err, gcs.ErrNoIncident) {
			continue
		} else if err != nil {
			return "", err
		}
		for _, e := range inc.Evidence {
			if e.File == hash {
				return cmp.Or(e.MIME, "unknown"), nil
			}
		}
	}
	return "", nil
}
