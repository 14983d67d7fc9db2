package video

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"skerry/gcs"
	"skerry/video/record"
)

var _ gcs.Clipper = (*Manager)(nil)

// ClipMIME is the type of the clips Clip cuts.
const ClipMIME = "video/mp4"

// clipWait bounds the wait for a stream's hub to copy a clip's units
// (it answers between two frames; this only guards a hub that is gone).
const clipWait = 5 * time.Second

// Clip cuts a playable MP4 of a stream's video between from and to
// (capture times, as gcs.Sighting.At and Frame.Captured) out of the
// stream's pre-roll (gcs.Clipper), without re-encoding. The clip starts
// at the last key frame at or before from (or the first one kept after
// it) and ends with the last frame taken at or before to. A span reaching
// beyond what is kept (Manager.PreRoll) is clamped to it: the clip covers
// what is kept of it. An unknown vehicle or stream, an empty span (to not
// after from) and a span of which nothing is kept give errors wrapping
// gcs.ErrNoClip. The units are copied on the stream's hub, between two
// frames; the file is written on the caller's goroutine.
func (m *Manager) Clip(ctx context.Context, vehicle gcs.VehicleID, stream string, from, to time.Time) ([]byte, string, error) {
	if from.IsZero() || to.IsZero() || !to.After(from) {
		return nil, "", fmt.Errorf("%w: %s/%s: the span %s to %s is empty", gcs.ErrNoClip, vehicle, stream,
			from.UTC().Format(time.RFC3339Nano), to.UTC().Format(time.RFC3339Nano))
	}
	ctx, cancel := context.WithTimeout(ctx, clipWait)
	defer cancel()
	s, err := m.stream(ctx.Done(), vehicle, stream)
	if err != nil {
		if errors.Is(err, gcs.ErrNoStream) {
			return nil, "", fmt.Errorf("%w: %s/%s: %w", gcs.ErrNoClip, vehicle, stream, err)
		}
		return nil, "", fmt.Errorf("video: clip of %s/%s: %w", vehicle, stream, err)
	}
	var units []kept
	var why string
	if !s.do(ctx, func(h *hubState) { units, why = h.pre.cut(from, to) }) {
		if err := ctx.Err(); err != nil {
			return nil, "", fmt.Errorf("video: clip of %s/%s: %w", vehicle, stream, err)
		}
		return nil, "", fmt.Errorf("%w: %s/%s: %w", gcs.ErrNoClip, vehicle, stream, gcs.ErrNoStream)
	}
	if len(units) == 0 {
		return nil, "", fmt.Errorf("%w: %s/%s: %s", gcs.ErrNoClip, vehicle, stream, why)
	}
	data, err := writeClip(units)
	if err != nil {
		return nil, "", fmt.Errorf("video: clip of %s/%s: %w", vehicle, stream, err)
	}
	return data, ClipMIME, nil
}

// writeClip writes units (from a key frame, in one codec) as a
// fragmented MP4, timed by their capture times. A unit the recorder
// cannot take (record.ErrBadFrame) is left out.
func writeClip(units []kept) ([]byte, error) {
	first := units[0]
	var buf bytes.Buffer
	rec, err := record.New(&buf, record.Track{Codec: first.codec, Width: first.width, Height: first.height})
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if err := rec.Write(u.data, u.key, u.captured); err != nil && !errors.Is(err, record.ErrBadFrame) {
			rec.Close()
			return nil, err
		}
	}
	if err := rec.Close(); err != nil {
		if errors.Is(err, record.ErrNothingRecorded) {
			return nil, fmt.Errorf("%w: %w", gcs.ErrNoClip, err)
		}
		return nil, err
	}
	return buf.Bytes(), nil
}
