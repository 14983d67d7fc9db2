package bench

import (
	"math"
	"math/rand/v2"
	"time"

	"skerry/gcs"
	"skerry/sim/scene"
)

// A flight of the vessel benchmark: a drone works one boat of the
// scenario for a few seconds, as the demo's watching drone does.
//
//   - Oblique (pitch above -70°): it circles the boat at the ground
//     distance that puts the boat on the optical axis (alt/tan(pitch)),
//     at flightSpeed, from a seeded bearing, the gimbal kept on the boat;
//     the gimbal wobbles (±3° yaw, ±2° pitch, periods of 4.1 and 3.3 s),
//     so the boat moves in the frame as it does behind a real gimbal.
//   - Nadir: it flies a straight line over the boat at flightSpeed along a
//     seeded heading, passing over it mid-flight, camera straight down.
//
// The pose the station is given is the true pose plus noise: pitch, yaw
// and roll with σ 1°, east and north with σ 2 m, altitude with σ 2 m
// (track.DefaultPoseError, a hobby-grade autopilot's), each a first-order
// Gauss–Markov process with a 2 s time constant (attitude and GNSS errors
// wander rather than jump frame to frame).
const (
	flightSpeed  = 6.0 // m/s
	noiseTau     = 2.0 // s, the pose noise's correlation time
	wobbleYaw    = 3.0 // degrees
	wobblePitch  = 2.0 // degrees
	nadirAbove   = -70 // pitch at or below which a flight passes over
	benchHFOV    = 70.0
	metresPerDeg = 111320.0
)

// PoseNoise is the benchmark's pose noise, one sigma.
type PoseNoise struct {
	Attitude float64 `json:"attitude_deg"` // pitch, yaw and roll, degrees
	Position float64 `json:"position_m"`   // east and north, metres
	Altitude float64 `json:"altitude_m"`   // metres
}

// DefaultPoseNoise is a hobby-grade autopilot's pose error.
var DefaultPoseNoise = PoseNoise{Attitude: 1, Position: 2, Altitude: 2}

// flight is one drone's pass at one boat.
type flight struct {
	target  int     // index into the world's vessels
	start   float64 // simulated seconds
	bearing float64 // degrees: oblique, from the boat to the drone at the start; nadir, the track
	alt     float64
	pitch   float64
	phase   [2]float64 // the wobbles' phases
}

// truePose is the scene camera's pose at simulated second t of the flight
// (0 at its start), looking at boat v (its state at that moment).
func (f *flight) truePose(v scene.Vessel, t, seconds float64) scene.Pose {
	if f.pitch <= nadirAbove {
		along := (t - seconds/2) * flightSpeed
		b := f.bearing * math.Pi / 180
		lat, lon := offset(v.Lat, v.Lon, along*math.Sin(b), along*math.Cos(b))
		return scene.Pose{Lat: lat, Lon: lon, Alt: f.alt, Heading: f.bearing, GimbalPitch: -90, HFOV: benchHFOV}
	}
	d := f.alt / math.Tan(-f.pitch*math.Pi/180)
	theta := f.bearing + t*flightSpeed/d*180/math.Pi
	th := theta * math.Pi / 180
	lat, lon := offset(v.Lat, v.Lon, d*math.Sin(th), d*math.Cos(th))
	heading := normDeg(theta + 90) // along the circle (clockwise)
	look := normDeg(theta + 180)
	look += wobbleYaw * math.Sin(2*math.Pi*t/4.1+f.phase[0])
	pitch := f.pitch + wobblePitch*math.Sin(2*math.Pi*t/3.3+f.phase[1])
	return scene.Pose{Lat: lat, Lon: lon, Alt: f.alt, Heading: heading, GimbalYaw: normDeg(look-heading+180) - 180,
		GimbalPitch: pitch, HFOV: benchHFOV}
}

// noise is a pose's error, wandering in time.
type noise struct {
	rng              *rand.Rand
	sigma            PoseNoise
	pitch, yaw, roll float64
	east, north, up  float64
	started          bool
}

// step moves the noise on by dt seconds (the first step draws it afresh).
func (n *noise) step(dt float64) {
	a := math.Exp(-dt / noiseTau)
	k := math.Sqrt(1 - a*a)
	if !n.started {
		a, k, n.started = 0, 1, true
	}
	g := func(x *float64, s float64) { *x = a**x + k*s*n.rng.NormFloat64() }
	g(&n.pitch, n.sigma.Attitude)
	g(&n.yaw, n.sigma.Attitude)
	g(&n.roll, n.sigma.Attitude)
	g(&n.east, n.sigma.Position)
	g(&n.north, n.sigma.Position)
	g(&n.up, n.sigma.Altitude)
}

// stationPose is the pose the station is given for p (w×h frames): the
// optical axis's bearing is the vehicle's heading plus the gimbal's yaw
// (scene cameras never roll), plus the noise.
func (n *noise) stationPose(p scene.Pose, w, h int) gcs.CameraPose {
	lat, lon := offset(p.Lat, p.Lon, n.east, n.north)
	pitch := math.Max(-90, math.Min(90, p.GimbalPitch+n.pitch))
	return gcs.CameraPose{Lat: lat, Lon: lon, AltAMSL: p.Alt + n.up, Yaw: normDeg(p.Heading + p.GimbalYaw + n.yaw),
		Pitch: pitch, Roll: n.roll, HFOV: p.HFOV, Aspect: float64(w) / float64(h)}
}

// offset moves a position east and north by metres.
func offset(lat, lon, east, north float64) (float64, float64) {
	return lat + north/metresPerDeg, lon + east/(metresPerDeg*math.Cos(lat*math.Pi/180))
}

// metresBetween is the distance between two nearby positions.
func metresBetween(lat1, lon1, lat2, lon2 float64) float64 {
	dn := (lat2 - lat1) * metresPerDeg
	de := (lon2 - lon1) * metresPerDeg * math.Cos((lat1+lat2)/2*math.Pi/180)
	return math.Hypot(de, dn)
}

func normDeg(d float64) float64 {
	d = math.Mod(d, 360)
	if d < 0 {
		d += 360
	}
	return d
}

// frameAt is the moment of frame i of a flight at fps: seconds into the
// flight and the simulated time.
func frameAt(start float64, i int, fps float64) (t float64, sim time.Duration) {
	t = float64(i) / fps
	return t, time.Duration((start + t) * float64(time.Second))
}
