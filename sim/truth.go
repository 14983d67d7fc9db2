package sim

import (
	"time"

	"skerry/sim/scene"
)

// FrameTruth is the ground truth of one rendered camera frame, for tests:
// a side channel the station never reads (Config.OnTruth, Sim.Truth).
type FrameTruth struct {
	Vehicle  int           // vehicle index
	Link     int           // link index
	SystemID uint8         // the vehicle's MAVLink system id
	Captured time.Time     // capture time: burned into the frame, RTP/RTCP time
	SimTime  time.Duration // simulated time the frame shows
	Pose     scene.Pose    // camera pose the frame was rendered from
	Width    int           // frame size in pixels
	Height   int
	// Vessels are the visible vessels with their boxes in pixels.
	Vessels []scene.Truth
}

// Truth returns the ground truth of the last frame rendered by vehicle i's
// camera; ok is false when it has no camera or has rendered nothing yet.
func (s *Sim) Truth(i int) (FrameTruth, bool) {
	if i < 0 || i >= len(s.vehicles) || s.vehicles[i].cam == nil {
		return FrameTruth{}, false
	}
	ft := s.vehicles[i].cam.cam.truth.Load()
	if ft == nil {
		return FrameTruth{}, false
	}
	return *ft, true
}
