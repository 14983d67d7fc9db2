package video

import (
	"context"
	"image"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/detect"
)

// boxAt finds one box in every frame.
type boxAt struct{ box detect.Box }

func (d boxAt) Detect(detect.Frame) ([]detect.Box, error) { return []detect.Box{d.box}, nil }

// In a pipeW×pipeH frame: a 40×20 px box in the middle, and one cut by
// the frame's left edge, 79 m west of the middle from 120 m up.
var (
	middleBox = detect.Box{X: pipeW/2 - 20, Y: pipeH/2 - 10, W: 40, H: 20, Score: 0.9}
	leftBox   = detect.Box{X: 0, Y: pipeH/2 - 10, W: 40, H: 20, Score: 0.9}
)

// TestDetectionsOnLandAreDropped looks straight down from 120 m, over
// Algeciras town, the bay and the shore, with the scenario's land: the
// box over the town is dropped before tracking and counted, the one over
// the bay is kept; a box 90 m in from the shore is dropped with the
// default margin, kept with a wider one; a box at the tip of a jetty is
// kept in the middle of the frame, dropped when the frame's edge cuts it
// (land running out of view), and a cut box at sea is kept; without
// land, or without a pose, nothing is dropped.
func TestDetectionsOnLandAreDropped(t *testing.T) {
	data, err := os.ReadFile("../sim/scenario/algeciras.geojson")
	require.NoError(t, err)
	land, err := gcs.ParseLand(data)
	require.NoError(t, err)
	town, bay := gcs.Position{Lat: 36.1300, Lon: -5.4550}, gcs.Position{Lat: 36.1000, Lon: -5.4000}
	inland := gcs.Position{Lat: 36.1300, Lon: -5.4400} // ~90 m in from the waterfront
	jetty := gcs.Position{Lat: 36.130886, Lon: -5.436429}
	eastOfJetty := jetty
	eastOfJetty.Lon += 79 / (111319.49 * math.Cos(jetty.Lat*math.Pi/180))
	require.Greater(t, land.Shore(town.Lat, town.Lon), 500.0)
	require.Less(t, land.Shore(bay.Lat, bay.Lon), -1000.0)
	require.InDelta(t, 0, land.Shore(jetty.Lat, jetty.Lon), 5)

	cases := []struct {
		name   string
		land   gcs.Surface
		margin float64
		over   gcs.Position
		box    detect.Box
		posed  bool
		kept   int
		stats  AnalysisStats
	}{
		{"over the town", land, 0, town, middleBox, true, 0, AnalysisStats{OnLand: 1}},
		{"over the bay", land, 0, bay, middleBox, true, 1, AnalysisStats{}},
		{"90 m in from the shore", land, 0, inland, middleBox, true, 0, AnalysisStats{OnLand: 1}},
		{"90 m in from the shore, margin 150 m", land, 150, inland, middleBox, true, 1, AnalysisStats{}},
		{"at the jetty's tip", land, 0, jetty, middleBox, true, 1, AnalysisStats{}},
		{"at the jetty's tip, cut by the frame's edge", land, 0, eastOfJetty, leftBox, true, 0, AnalysisStats{ShoreEdge: 1}},
		{"over the bay, cut by the frame's edge", land, 0, bay, leftBox, true, 1, AnalysisStats{}},
		{"over the town, no land known", nil, 0, town, middleBox, true, 1, AnalysisStats{}},
		{"over the town, no pose", land, 0, town, middleBox, false, 1, AnalysisStats{}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			events := &gcs.Events{}
			fleet := &gcs.Fleet{Events: events}
			require.NoError(t, fleet.Initialize())
			defer fleet.Close()
			sink := &contactLog{}
			m := &Manager{Events: events, Contacts: sink, Land: ca.land, LandMargin: ca.margin,
				NewDetector: func() detect.Detector { return boxAt{ca.box} }}
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
			require.Equal(t, ca.stats, m.AnalysisStats())
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
