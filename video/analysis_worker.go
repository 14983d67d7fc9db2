package video

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"skerry/gcs"
	"skerry/video/detect"
	"skerry/video/track"
)

// analyst analyses one stream's sampled frames on the stream's analysis
// goroutine: the Analyze hook, then its own detector (detectors keep
// state between frames), geolocation, and the shared tracker.
type analyst struct {
	m    *Manager
	det  detect.Detector // nil: no detection
	land landFilter
	log  *slog.Logger
	// failures counts frames the detector refused or panicked on; the
	// first of each run of failures is logged.
	failures  uint64
	lastError time.Time
}

// newAnalyst makes the analyst of a stream.
func (m *Manager) newAnalyst(vehicle gcs.VehicleID, stream string) *analyst {
	a := &analyst{m: m, log: m.Log.With("component", "vessels", "vehicle", vehicle, "stream", stream)}
	if m.analysis != nil {
		a.det = m.NewDetector()
		a.land = m.landFilter()
	}
	return a
}

// analyzing reports whether sampled frames go to analysis at all.
func (m *Manager) analyzing() bool { return m.Analyze != nil || m.analysis != nil }

// analyze looks at one frame.
func (a *analyst) analyze(ctx context.Context, f Frame) {
	if a.m.Analyze != nil {
		a.m.Analyze(f)
	}
	if a.det == nil || f.Image == nil {
		return
	}
	pl := a.m.analysis
	w, h := f.Image.Rect.Dx(), f.Image.Rect.Dy()
	pose, posed := pl.pose(ctx, f.Vehicle, f.Stream, f.Captured, w, h)
	df := detect.Frame{Image: f.Image, FullRange: f.FullRange, Captured: f.Captured}
	if posed {
		df.Pose = &pose.Camera
	}
	boxes, err := a.detect(df)
	if err != nil {
		a.failures++
		if now := a.m.Now(); now.Sub(a.lastError) > time.Minute {
			a.lastError = now
			a.log.Warn("detection failed", "err", err, "failures", a.failures)
		}
		return
	}
	tf := track.Frame{Vehicle: f.Vehicle, Stream: f.Stream, Captured: f.Captured, Width: w, Height: h,
		Image: f.Image, FullRange: f.FullRange, Detections: make([]track.Detection, len(boxes))}
	if posed {
		tf.Pose = &pose.Camera
	}
	for i, b := range boxes {
		tf.Detections[i].Box = b
		if posed {
			tf.Detections[i].Fix, tf.Detections[i].Placed = track.Geolocate(pose.Camera, b, w, h, pose.Error)
		}
	}
	tf.Detections = a.land.keep(tf.Detections, w, h)
	pl.track(ctx, tf)
}

// detect runs the detector; a panic is an error (one bad frame must not
// take the station down).
func (a *analyst) detect(f detect.Frame) (boxes []detect.Box, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("video: detector panicked: %v", r)
		}
	}()
	boxes, err = a.det.Detect(f)
	if err != nil {
		return nil, fmt.Errorf("video: detect: %w", err)
	}
	return boxes, nil
}
