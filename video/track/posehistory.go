package track

import (
	"math"
	"time"

	"skerry/gcs"
)

// Defaults of a PoseHistory.
const (
	DefaultPoseWindow  = 10 * time.Second
	DefaultPoseSamples = 256
	DefaultPoseMaxAge  = 2 * time.Second
)

// PoseHistory keeps each vehicle's recent camera poses, from the states
// the event stream announces (gcs.VehicleEvent), and interpolates them to
// a frame's capture time.
//
// How far off it can be: between two reports the pose is interpolated
// linearly, exact for a steady turn; the simulator and ArduPilot report
// attitude at 4 Hz or more and gimbal attitude at 5–10 Hz, so a frame is
// at most 125 ms from a report. A drone cruising level turns well under
// 5°/s (0.3° of error); a gimbal slewing at 30°/s can be 2–4° off mid-
// move. Past the newest report (telemetry later than video) the newest
// pose is held. The error estimate (Pose.Error) adds the angular rate
// times that age to the attitude's sigma.
//
// It is not safe for concurrent use: one goroutine owns it.
type PoseHistory struct {
	// Window is how long poses are kept (default DefaultPoseWindow);
	// Samples bounds how many per vehicle (default DefaultPoseSamples).
	Window  time.Duration
	Samples int
	// Base is the pose error of a fresh report (default
	// DefaultPoseError).
	Base PoseError
	// HFOV is the field of view assumed for a stream that announces none
	// (0: such a stream has no pose).
	HFOV float64
	// MaxAge: a moment farther than this from every report has no pose
	// (telemetry lost, or a camera clock far off the station's); default
	// DefaultPoseMaxAge.
	MaxAge time.Duration

	vehicles map[gcs.VehicleID]*poses
}

// poses is one vehicle's history, oldest first.
type poses struct {
	at   []time.Time
	pose []gcs.CameraPose // HFOV unset: it is the stream's
	last *gcs.Vehicle     // for the streams' fields of view
}

// Pose is a camera's pose at a moment, with its uncertainty.
type Pose struct {
	Camera gcs.CameraPose
	Error  PoseError
	// Age is how far the moment is from the nearest report.
	Age time.Duration
}

// Observe records a vehicle's state as of at (its LastSeen when set).
// A vehicle whose camera's orientation is unknown adds nothing.
func (h *PoseHistory) Observe(v *gcs.Vehicle, at time.Time) {
	if v == nil {
		return
	}
	if !v.LastSeen.IsZero() {
		at = v.LastSeen
	}
	// gcs.PoseOf needs a field of view; the stream's own is applied when
	// asked (PoseAt), so a stand-in camera gives the orientation alone.
	probe := *v
	probe.Cameras = []gcs.VehicleCamera{{HFOV: 1}}
	p, _, ok := gcs.PoseOf(&probe)
	if !ok {
		return
	}
	if h.vehicles == nil {
		h.vehicles = map[gcs.VehicleID]*poses{}
	}
	ps := h.vehicles[v.ID]
	if ps == nil {
		ps = &poses{}
		h.vehicles[v.ID] = ps
	}
	ps.last = v
	n := len(ps.at)
	switch {
	case n > 0 && !at.After(ps.at[n-1]):
		// Same moment (another field changed) or out of order: the newest
		// state stands for that moment.
		if at.Equal(ps.at[n-1]) {
			ps.pose[n-1] = p
		}
		return
	}
	ps.at = append(ps.at, at)
	ps.pose = append(ps.pose, p)
	h.trim(ps, at)
}

// Forget drops a vehicle's history.
func (h *PoseHistory) Forget(id gcs.VehicleID) { delete(h.vehicles, id) }

func (h *PoseHistory) trim(ps *poses, now time.Time) {
	window, limit := h.Window, h.Samples
	if window <= 0 {
		window = DefaultPoseWindow
	}
	if limit <= 0 {
		limit = DefaultPoseSamples
	}
	drop := 0
	for drop < len(ps.at)-2 && (now.Sub(ps.at[drop]) > window || len(ps.at)-drop > limit) {
		drop++
	}
	if drop > 0 {
		ps.at = append(ps.at[:0], ps.at[drop:]...)
		ps.pose = append(ps.pose[:0], ps.pose[drop:]...)
	}
}

// PoseAt is the pose of the vehicle's camera for stream at t, for frames
// of width×height pixels; ok is false when the vehicle's pose or the
// stream's field of view is unknown.
func (h *PoseHistory) PoseAt(id gcs.VehicleID, stream string, t time.Time, width, height int) (Pose, bool) {
	ps := h.vehicles[id]
	if ps == nil || len(ps.at) == 0 {
		return Pose{}, false
	}
	hfov := streamHFOV(ps.last, stream)
	if hfov <= 0 {
		hfov = h.HFOV
	}
	if hfov <= 0 || width <= 0 || height <= 0 {
		return Pose{}, false
	}
	base := h.Base
	if base == (PoseError{}) {
		base = DefaultPoseError
	}
	// The first report after t.
	i := 0
	for i < len(ps.at) && ps.at[i].Before(t) {
		i++
	}
	var out Pose
	var rate float64 // degrees per second around t
	switch {
	case i == len(ps.at): // after the newest: hold it
		n := len(ps.at) - 1
		out.Camera, out.Age = ps.pose[n], t.Sub(ps.at[n])
		if n > 0 {
			rate = angularRate(ps.pose[n-1], ps.pose[n], ps.at[n].Sub(ps.at[n-1]))
		}
	case i == 0: // before the oldest (or exactly at it)
		out.Camera, out.Age = ps.pose[0], ps.at[0].Sub(t)
		if len(ps.at) > 1 {
			rate = angularRate(ps.pose[0], ps.pose[1], ps.at[1].Sub(ps.at[0]))
		}
	default:
		a, b := ps.at[i-1], ps.at[i]
		gap := b.Sub(a)
		frac := float64(t.Sub(a)) / float64(gap)
		out.Camera = lerpPose(ps.pose[i-1], ps.pose[i], frac)
		// Interpolation is exact for a steady turn; count half the nearer
		// report's distance for an unsteady one.
		out.Age = min(t.Sub(a), b.Sub(t)) / 2
		rate = angularRate(ps.pose[i-1], ps.pose[i], gap)
	}
	maxAge := h.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultPoseMaxAge
	}
	if out.Age > maxAge {
		return Pose{}, false
	}
	out.Camera.HFOV = hfov
	out.Camera.Aspect = float64(width) / float64(height)
	out.Error = base
	out.Error.Attitude += rate * out.Age.Seconds()
	return out, true
}

// streamHFOV is the field of view of a vehicle's stream (or its camera's).
func streamHFOV(v *gcs.Vehicle, key string) float64 {
	for _, c := range v.Cameras {
		for _, s := range c.Streams {
			if s.Key != key {
				continue
			}
			if s.HFOV > 0 {
				return s.HFOV
			}
			return c.HFOV
		}
	}
	return 0
}

// lerpPose is a + (b − a)·f, angles the short way round.
func lerpPose(a, b gcs.CameraPose, f float64) gcs.CameraPose {
	out := a
	out.Lat += (b.Lat - a.Lat) * f
	out.Lon += angleDiff(b.Lon, a.Lon) * f
	out.AltAMSL += (b.AltAMSL - a.AltAMSL) * f
	out.Yaw = math.Mod(a.Yaw+angleDiff(b.Yaw, a.Yaw)*f+360, 360)
	out.Pitch += (b.Pitch - a.Pitch) * f
	out.Roll += angleDiff(b.Roll, a.Roll) * f
	return out
}

// angularRate is the camera's fastest turn between two poses, degrees per
// second (yaw counted as seen, slower towards nadir).
func angularRate(a, b gcs.CameraPose, dt time.Duration) float64 {
	if dt <= 0 {
		return 0
	}
	pitchCos := math.Cos((a.Pitch + b.Pitch) / 2 * degToRad)
	d := math.Max(math.Abs(b.Pitch-a.Pitch), math.Abs(angleDiff(b.Yaw, a.Yaw))*pitchCos)
	return d / dt.Seconds()
}

// angleDiff is a − b in degrees, in [-180, 180).
func angleDiff(a, b float64) float64 {
	return math.Mod(math.Mod(a-b+180, 360)+360, 360) - 180
}
