package api

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"skerry/gcs"
)

// The video routes: a stream's newest frame as a JPEG, and evidence
// recordings started and stopped by the pilot. Streams are named by their
// vehicle and key, as gcs.Vehicle's cameras list them.
func (s *Server) routeVideo(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/vehicles/{id}/streams/{key}/snapshot.jpg", s.videoSnapshot)
	mux.HandleFunc("POST /api/vehicles/{id}/streams/{key}/recording", s.videoRecordStart)
	mux.HandleFunc("DELETE /api/vehicles/{id}/streams/{key}/recording", s.videoRecordStop)
}

// maxNameLen bounds a vehicle id or stream key in a path.
const maxNameLen = 64

// pathName is what vehicle ids and stream keys are made of: URL-safe.
var pathName = regexp.MustCompile(`^[A-Za-z0-9_.~-]+$`)

// videoTimeout bounds one call into the video feed.
const videoTimeout = 10 * time.Second

// videoTarget reads the vehicle and stream of a video route, or answers
// why it cannot (ok false): no video feed (501), a malformed id or key
// (400).
func (s *Server) videoTarget(w http.ResponseWriter, r *http.Request) (gcs.VehicleID, string, bool) {
	if s.Video == nil {
		s.writeError(w, http.StatusNotImplemented, "this station has no video: start it with cameras to watch, record or snapshot streams")
		return "", "", false
	}
	id, key := r.PathValue("id"), r.PathValue("key")
	for _, f := range []struct{ what, v string }{{"vehicle id", id}, {"stream key", key}} {
		if len(f.v) > maxNameLen || !pathName.MatchString(f.v) {
			s.writeError(w, http.StatusBadRequest, f.what+" "+strconv.Quote(truncate(f.v, maxNameLen))+
				" is not one: up to 64 letters, digits, '-', '_', '.' or '~'")
			return "", "", false
		}
	}
	return gcs.VehicleID(id), key, true
}

// videoError answers a video feed's refusal with its status.
func (s *Server) videoError(w http.ResponseWriter, id gcs.VehicleID, key string, err error) {
	where := "stream " + key + " of vehicle " + string(id)
	switch {
	case errors.Is(err, gcs.ErrNoStream):
		s.writeError(w, http.StatusNotFound, "no video "+where+": "+err.Error())
	case errors.Is(err, gcs.ErrNoFrame):
		w.Header().Set("Retry-After", "1")
		s.writeError(w, http.StatusServiceUnavailable, where+" has no frame yet: try again in a moment")
	case errors.Is(err, gcs.ErrRecording):
		s.writeError(w, http.StatusConflict, where+" is already being recorded: stop it first")
	case errors.Is(err, gcs.ErrNotRecording):
		s.writeError(w, http.StatusConflict, where+" is not being recorded")
	case errors.Is(err, context.DeadlineExceeded):
		s.writeError(w, http.StatusGatewayTimeout, "the video feed did not answer for "+where)
	default:
		s.log().Error("video feed failed", "vehicle", id, "stream", key, "err", err)
		s.writeError(w, http.StatusInternalServerError, "video "+where+": "+err.Error())
	}
}

// videoSnapshot serves GET .../streams/{key}/snapshot.jpg: the newest
// frame analysis saw, as a JPEG, with X-Captured saying when the camera
// took it (RFC 3339, nanoseconds).
func (s *Server) videoSnapshot(w http.ResponseWriter, r *http.Request) {
	id, key, ok := s.videoTarget(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), videoTimeout)
	defer cancel()
	jpeg, at, err := s.Video.Snapshot(ctx, id, key)
	if err != nil {
		s.videoError(w, id, key, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Content-Length", strconv.Itoa(len(jpeg)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Captured", at.UTC().Format(time.RFC3339Nano))
	w.WriteHeader(http.StatusOK)
	w.Write(jpeg) //nolint:errcheck // the client has gone
}

// videoRecordStart serves POST .../streams/{key}/recording: 201 with the
// recording; 409 when the stream is already recorded.
func (s *Server) videoRecordStart(w http.ResponseWriter, r *http.Request) {
	s.videoRecord(w, r, true)
}

// videoRecordStop serves DELETE .../streams/{key}/recording: 200 with the
// finished recording; 409 when the stream is not being recorded.
func (s *Server) videoRecordStop(w http.ResponseWriter, r *http.Request) {
	s.videoRecord(w, r, false)
}

// videoRecord starts or stops a recording and keeps it in the order
// journal, whatever the outcome (a malformed request excepted).
func (s *Server) videoRecord(w http.ResponseWriter, r *http.Request, start bool) {
	id, key, ok := s.videoTarget(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), videoTimeout)
	defer cancel()
	var (
		rec gcs.Recording
		err error
	)
	status := http.StatusOK
	if start {
		rec, err = s.Video.StartRecording(ctx, id, key)
		status = http.StatusCreated
	} else {
		rec, err = s.Video.StopRecording(ctx, id, key)
	}
	gcs.JournalRecording(s.Orders, s.log(), time.Now(), id, key, start, err)
	if err != nil {
		s.videoError(w, id, key, err)
		return
	}
	s.writeJSON(w, status, rec)
}
