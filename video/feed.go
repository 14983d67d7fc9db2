package video

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"time"

	"skerry/gcs"
	"skerry/video/decode"
)

var _ gcs.VideoFeed = (*Manager)(nil)

// Watch subscribes to one stream's encoded frames from its next key frame
// (gcs.VideoFeed). A viewer that does not keep up loses frames up to the
// next key frame; the stream and the other viewers never wait for it.
func (m *Manager) Watch(ctx context.Context, id gcs.VehicleID, key string) (<-chan gcs.VideoUnit, error) {
	s, err := m.stream(ctx.Done(), id, key)
	if err != nil {
		return nil, err
	}
	ch, ok := s.watch(ctx)
	if !ok {
		return nil, gcs.ErrNoStream
	}
	return ch, nil
}

// Snapshot returns the newest sampled picture as a JPEG, and when it was
// captured (gcs.VideoFeed).
func (m *Manager) Snapshot(ctx context.Context, id gcs.VehicleID, key string) ([]byte, time.Time, error) {
	s, err := m.stream(ctx.Done(), id, key)
	if err != nil {
		return nil, time.Time{}, err
	}
	f := s.snapshot.Load()
	if f == nil {
		if name := s.decName.Load(); name != nil && s.size.Load() == 0 {
			return nil, time.Time{}, fmt.Errorf("%w: %s", gcs.ErrNoFrame, *name)
		}
		return nil, time.Time{}, gcs.ErrNoFrame
	}
	var b bytes.Buffer
	pic := decode.Picture{Image: f.Image, FullRange: f.FullRange}
	if err := jpeg.Encode(&b, pic.JFIF(), &jpeg.Options{Quality: 85}); err != nil {
		return nil, time.Time{}, fmt.Errorf("snapshot: %w", err)
	}
	return b.Bytes(), f.Captured, nil
}

// StartRecording records the stream without re-encoding to
// DataDir/recordings/<vehicle>-<key>-<UTC time>.mp4 (gcs.VideoFeed).
func (m *Manager) StartRecording(ctx context.Context, id gcs.VehicleID, key string) (gcs.Recording, error) {
	return m.onHub(ctx, id, key, (*stream).startRecording)
}

// StopRecording ends a recording and returns it, complete (gcs.VideoFeed).
func (m *Manager) StopRecording(ctx context.Context, id gcs.VehicleID, key string) (gcs.Recording, error) {
	return m.onHub(ctx, id, key, (*stream).stopRecording)
}

// onHub runs a recording request on the stream's hub and reports the
// stream's health at once, so the fleet shows the change.
func (m *Manager) onHub(ctx context.Context, id gcs.VehicleID, key string, f func(*stream, *hubState) (gcs.Recording, error)) (gcs.Recording, error) {
	s, err := m.stream(ctx.Done(), id, key)
	if err != nil {
		return gcs.Recording{}, err
	}
	var r gcs.Recording
	if !s.do(ctx, func(h *hubState) {
		r, err = f(s, h)
		s.publish(h)
	}) {
		return gcs.Recording{}, gcs.ErrNoStream
	}
	return r, err
}
