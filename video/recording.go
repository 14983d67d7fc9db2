package video

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"skerry/gcs"
	"skerry/video/record"
)

// recording is a stream being written to a file. It belongs to the hub.
type recording struct {
	rec     *record.Recorder
	file    string // relative to the data directory
	started time.Time
	failed  error
}

// startRecording opens DataDir/recordings/<vehicle>-<key>-<UTC time>.mp4.
func (s *stream) startRecording(h *hubState) (gcs.Recording, error) {
	if h.rec != nil {
		return gcs.Recording{}, gcs.ErrRecording
	}
	if h.codec == "" || (h.codec == "mjpeg" && h.width == 0) {
		return gcs.Recording{}, fmt.Errorf("%w: the stream's format is not known yet", gcs.ErrNoFrame)
	}
	now := s.m.Now().UTC()
	file := filepath.Join("recordings", fmt.Sprintf("%s-%s-%s.mp4", fileSafe(string(s.vehicle)), fileSafe(s.key), now.Format("20060102T150405.000Z")))
	path := filepath.Join(s.m.DataDir, file)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return gcs.Recording{}, fmt.Errorf("recording: %w", err)
	}
	rec, err := record.Create(path, record.Track{Codec: h.codec, Width: h.width, Height: h.height})
	if err != nil {
		return gcs.Recording{}, fmt.Errorf("recording: %w", err)
	}
	h.rec = &recording{rec: rec, file: file, started: now}
	s.m.Log.Info("recording started", "vehicle", s.vehicle, "stream", s.key, "file", file)
	return h.rec.info(), nil
}

// stopRecording closes the file and returns the recording, complete.
func (s *stream) stopRecording(h *hubState) (gcs.Recording, error) {
	if h.rec == nil {
		return gcs.Recording{}, gcs.ErrNotRecording
	}
	r, err := h.rec.close()
	h.rec = nil
	s.m.Log.Info("recording stopped", "vehicle", s.vehicle, "stream", s.key, "file", r.File, "bytes", r.Bytes)
	return r, err
}

// write appends one frame; after a write error the recording keeps its
// file as written so far and takes no more frames.
func (r *recording) write(s *stream, u unit) {
	if r.failed != nil {
		return
	}
	if err := r.rec.Write(u.data, u.key, u.captured); err != nil {
		r.failed = err
		s.m.Log.Error("recording failed", "vehicle", s.vehicle, "stream", s.key, "file", r.file, "err", err)
	}
}

func (r *recording) info() gcs.Recording {
	return gcs.Recording{File: r.file, Started: r.started, Bytes: r.rec.Bytes()}
}

func (r *recording) close() (gcs.Recording, error) {
	err := r.rec.Close()
	info := r.info()
	if err == nil {
		err = r.failed
	}
	if err != nil {
		return info, fmt.Errorf("recording %s: %w", r.file, err)
	}
	return info, nil
}

// fileSafe keeps letters, digits, '.', '_' and '-'; other bytes become
// '_'.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '_'
	}, s)
}
