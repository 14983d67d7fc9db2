package video

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/detect"
	"skerry/video/videotest"
)

// boxDetector finds one fixed box in every frame.
type boxDetector struct{ calls *atomic.Int64 }

func (d boxDetector) Detect(f detect.Frame) ([]detect.Box, error) {
	d.calls.Add(1)
	return []detect.Box{{X: 10, Y: 20, W: 30, H: 10, Score: 0.7}}, nil
}

// TestManagerDetects runs detection on a real stream through the
// Manager: one detector per stream, the Analyze hook still called, the
// boxes reported per frame. The vehicle has no position: the boxes are
// drawn but make no contact.
func TestManagerDetects(t *testing.T) {
	src := videotest.NewMJPEG(t)
	sink := &contactLog{}
	var detectors, calls, analyzed atomic.Int64
	newRig(t, map[gcs.VehicleID][]string{"v1": {src.URL}}, func(m *Manager) {
		m.Analyze = func(Frame) { analyzed.Add(1) }
		m.Contacts = sink
		m.NewDetector = func() detect.Detector { detectors.Add(1); return boxDetector{&calls} }
	})
	require.Eventually(t, func() bool {
		sink.mu.Lock()
		defer sink.mu.Unlock()
		return len(sink.dets) >= 3
	}, 15*time.Second, 20*time.Millisecond)
	sink.mu.Lock()
	d := sink.dets[0]
	require.Empty(t, sink.updates)
	sink.mu.Unlock()
	require.Equal(t, gcs.VehicleID("v1"), d.Vehicle)
	require.Equal(t, "manual1", d.Stream)
	require.Positive(t, d.Width)
	require.Positive(t, d.Height)
	require.False(t, d.Captured.IsZero())
	require.Equal(t, []gcs.DetectionBox{{X: 10, Y: 20, W: 30, H: 10, Score: 0.7}}, d.Boxes)
	require.Equal(t, int64(1), detectors.Load(), "one detector for the one stream")
	require.GreaterOrEqual(t, analyzed.Load(), calls.Load()-1, "the Analyze hook runs on every analysed frame")
}

// TestDetectionNeedsContacts: a detector without a sink is a
// configuration error.
func TestDetectionNeedsContacts(t *testing.T) {
	m := &Manager{Events: &gcs.Events{}, NewDetector: func() detect.Detector { return detect.NewClassical(detect.DefaultParams()) }}
	require.ErrorContains(t, m.Initialize(), "Contacts")
}
