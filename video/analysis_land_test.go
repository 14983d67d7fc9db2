package video

import (
	"context"
	"image"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/detect"
)

// centreDetector finds one 40×20 px box in the middle of every frame.
type centreDetector struct{}

func (centreDetector) Detect(f detect.Frame) ([]detect.Box, error) {
	w, h := float64(f.Image.Rect.Dx()), float64(f.Image.Rect.Dy())
	return []detect.Box{{X: w/2 - 20, Y: h/2 - 10, W: 40, H: 20, Score: 0.9}}, nil
}

// TestDetectionsOnLandAreDropped looks straight down from 120 m, over
// Algeciras town and over the bay, with the scenario's land: the box over
// the town is dropped before tracking and counted, the one over the bay
// is kept; a box 90 m in from the shore is dropped with the default
// margin, kept with a wider one; without land, or without a pose,
// nothing is dropped.
func TestDetectionsOnLandAreDropped(t *testing.T) {
	data, err := os.ReadFile("../sim/scenario/algeciras.geojson")
	require.NoError(t, err)
	land, err := gcs.ParseLand(data)
	require.NoError(t, err)
	town, bay := gcs.Position{Lat: 36.1300, Lon: -5.4550}, gcs.Position{Lat: 36.1000, Lon: -5.4000}
	shore := gcs.Position{Lat: 36.1300, Lon: -5.4400} // ~90 m in from the waterfront
	require.Greater(t, land.Inland(town.Lat, town.Lon), 500.0)
	require.Zero(t, land.Inland(bay.Lat, bay.Lon))

	cases := []struct {
		name   string
		land   gcs.Surface
		margin float64
		over   gcs.Position
		posed  bool
		kept   int
		onLand uint64
	}{
		{"over the town", land, 0, town, true, 0, 1},
		{"over the bay", land, 0, bay, true, 1, 0},
		{"90 m in from the shore", land, 0, shore, true, 0, 1},
		{"90 m in from the shore, margin 150 m", land, 150, shore, true, 1, 0},
		{"over the town, no land known", nil, 0, town, true, 1, 0},
		{"over the town, no pose", land, 0, town, false, 1, 0},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			events := &gcs.Events{}
			fleet := &gcs.Fleet{Events: events}
			require.NoError(t, fleet.Initialize())
			defer fleet.Close()
			sink := &contactLog{}
			m := &Manager{Events: events, Contacts: sink, Land: ca.land, LandMargin: ca.margin,
				NewDetector: func() detect.Detector { return centreDetector{} }}
			m.setDefaults()
			require.NoError(t, m.startAnalysis())
			defer m.analysis.stop()
			id := gcs.VehicleID("d1")
			if ca.posed {
				nadir(fleet, id, ca.over, pipeT0)
				waitPose(t, m.analysis, id, pipeT0)
			}
			an := m.newAnalyst(id, "c100s1")
			img := image.NewYCbCr(image.Rect(0, 0, pipeW, pipeH), image.YCbCrSubsampleRatio420)
			an.analyze(context.Background(), Frame{Vehicle: id, Stream: "c100s1", Captured: pipeT0.Add(10 * time.Millisecond), Image: img})
			// Drain: one more request to the pipeline's goroutine means the
			// frame was tracked.
			_, _ = m.analysis.pose(context.Background(), id, "c100s1", pipeT0, pipeW, pipeH)
			sink.mu.Lock()
			defer sink.mu.Unlock()
			require.Len(t, sink.dets, 1)
			require.Len(t, sink.dets[0].Boxes, ca.kept)
			require.Equal(t, ca.onLand, m.AnalysisStats().OnLand)
		})
	}
}

// nadir reports a drone 120 m above pos with its camera straight down.
func nadir(fleet *gcs.Fleet, id gcs.VehicleID, pos gcs.Position, at time.Time) {
	fleet.Observe(gcs.Observation{Vehicle: id, Link: "test", SystemID: 1, At: at,
		Update: gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "GUIDED", SystemStatus: "active"}})
	fleet.Observe(gcs.Observation{Vehicle: id, At: at, Update: gcs.CameraUpdate{Camera: gcs.VehicleCamera{Component: 100,
		Streams: []gcs.VideoStream{{Key: "c100s1", ID: 1, HFOV: pipeHFOV, Width: pipeW, Height: pipeH, Source: "mavlink"}}}}})
	pos.AltAMSL, pos.AltRel = 120, 120
	fleet.Observe(gcs.Observation{Vehicle: id, At: at, Update: gcs.GlobalPosition{Position: pos}})
	fleet.Observe(gcs.Observation{Vehicle: id, At: at, Update: gcs.AttitudeUpdate{}})
	fleet.Observe(gcs.Observation{Vehicle: id, At: at, Update: gcs.GimbalUpdate{Gimbal: gcs.Gimbal{Component: 154, Pitch: -90, At: at}}})
}
