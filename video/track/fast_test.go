package track

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/detect"
)

// placement is a stream's error in placing detections as real poses make
// it: a part common to all the frame's detections that wanders in time
// (the pose's attitude and position errors, a first-order Gauss–Markov
// process with time constant tau, as skerry bench vessels draws them),
// and a part of each detection's own (where the boat is in its box).
type placement struct {
	common, own float64 // metres, one sigma
	tau         float64 // seconds
	// stated is the error the placements state (0: the true one).
	stated float64
}

// mover is where a boat is at a moment, local metres.
type mover interface {
	at(sec float64) (e, n float64)
}

// turning runs at spd m/s on course until turnAt, then turns back
// through 180° on a circle of radius r (0: at once, as the simulator's
// loop routes reverse) and runs back.
type turning struct {
	e0, n0, course, spd, turnAt, r float64
}

func (b turning) at(sec float64) (e, n float64) {
	c := b.course * degToRad
	ue, un := math.Sin(c), math.Cos(c) // along
	re, rn := un, -ue                  // to the right
	if sec <= b.turnAt {
		d := b.spd * sec
		return b.e0 + ue*d, b.n0 + un*d
	}
	d0 := b.spd * b.turnAt
	pe, pn := b.e0+ue*d0, b.n0+un*d0
	turn := math.Pi * b.r / b.spd // seconds
	if t := sec - b.turnAt; t < turn {
		a := t / turn * math.Pi // around the circle, to the right
		return pe + ue*b.r*math.Sin(a) + re*b.r*(1-math.Cos(a)), pn + un*b.r*math.Sin(a) + rn*b.r*(1-math.Cos(a))
	}
	back := b.spd * (sec - b.turnAt - turn)
	return pe + re*2*b.r - ue*back, pn + rn*2*b.r - un*back
}

// observed is one boat's detections as one camera saw them at 5 Hz.
type observed struct {
	boats  []mover
	fps    float64
	dur    float64
	err    placement
	hidden func(b int, sec float64) bool
	seed   uint64
	// dup, when set, gives a boat a second, smaller box inside its own
	// in that frame (a detector's fragment or duplicate).
	dup func(b int, frame int) bool
}

// run feeds a tracker and returns the contact ids each boat's
// detections got, in order, and the tracker.
func (o observed) run(t *testing.T) (ids [][]gcs.VesselID, tr *Tracker) {
	t.Helper()
	rng := rand.New(rand.NewPCG(o.seed, 7))
	tr = NewTracker(Config{NoSnapshots: true})
	pose := &gcs.CameraPose{Lat: origin.lat0, Lon: origin.lon0, AltAMSL: 2000, Pitch: -90, HFOV: 90, Aspect: 16.0 / 9}
	stated := math.Hypot(o.err.common, o.err.own)
	if o.err.stated > 0 {
		stated = o.err.stated
	}
	var ce, cn float64 // the common error
	a := math.Exp(-1 / (o.fps * o.err.tau))
	k := math.Sqrt(1 - a*a)
	ids = make([][]gcs.VesselID, len(o.boats))
	for i := range int(o.dur * o.fps) {
		sec := float64(i) / o.fps
		if i == 0 {
			ce, cn = rng.NormFloat64()*o.err.common, rng.NormFloat64()*o.err.common
		} else {
			ce = a*ce + k*o.err.common*rng.NormFloat64()
			cn = a*cn + k*o.err.common*rng.NormFloat64()
		}
		f := Frame{Vehicle: "d", Stream: "s", Captured: t0.Add(time.Duration(sec * float64(time.Second))), Width: 1280, Height: 720, Pose: pose}
		var owner []int
		for bi, b := range o.boats {
			if o.hidden != nil && o.hidden(bi, sec) {
				continue
			}
			e, n := b.at(sec)
			e += ce + rng.NormFloat64()*o.err.own
			n += cn + rng.NormFloat64()*o.err.own
			lat, lon := origin.latLon(e, n)
			// Boxes as a camera 300 m up would draw them, 2 px a metre.
			box := detect.Box{X: 640 + 2*e - 12, Y: 360 - 2*n - 4, W: 24, H: 8, Score: 0.8}
			fix := Fix{Lat: lat, Lon: lon, ErrorM: stated, Length: 8}
			f.Detections = append(f.Detections, Detection{Box: box, Placed: true, Fix: fix})
			owner = append(owner, bi)
			if o.dup != nil && o.dup(bi, i) {
				frag := box
				frag.X, frag.W, frag.Score = box.X+box.W/2, box.W/2, 0.79
				lat, lon := origin.latLon(e+1, n)
				f.Detections = append(f.Detections, Detection{Box: frag, Placed: true, Fix: Fix{Lat: lat, Lon: lon, ErrorM: stated, Length: 4}})
				owner = append(owner, bi)
			}
		}
		d, _ := tr.Add(f)
		for j, b := range d.Boxes {
			q := ids[owner[j]]
			if b.Vessel != "" && (len(q) == 0 || q[len(q)-1] != b.Vessel) {
				ids[owner[j]] = append(q, b.Vessel)
			}
		}
	}
	return ids, tr
}

// TestFastBoatStaysOneTrack: a RIB at 18 m/s (35 kn, the scenario's
// rib-runner) seen at 5 Hz, placed with 5–15 m of error, hidden now and
// then for 1–2 s (a gimbal move, spray, glare), keeps one id.
func TestFastBoatStaysOneTrack(t *testing.T) {
	gaps := func(_ int, sec float64) bool {
		return sec > 10 && sec < 11 || sec > 22 && sec < 23.6 || sec > 35 && sec < 37 || sec > 50 && sec < 51.4
	}
	for _, sigma := range []float64{5, 10, 15} {
		for _, c := range []struct {
			name string
			err  placement
		}{
			{"white", placement{own: sigma, tau: 1}},
			{"wandering", placement{common: sigma * 0.9, own: sigma * 0.45, tau: 2}},
			// Placements off by more than they state (skerry bench vessels
			// measures a p90 of 3.5 times the stated error in glare at
			// 120 m): 1.7 times, as often.
			{"white, understated", placement{own: sigma, tau: 1, stated: sigma / 1.7}},
			{"wandering, understated", placement{common: sigma * 0.9, own: sigma * 0.45, tau: 2, stated: sigma / 1.7}},
		} {
			for seed := range uint64(5) {
				o := observed{boats: []mover{boat{"rib", -500, -300, 57, 18}}, fps: 5, dur: 60, err: c.err, hidden: gaps, seed: seed}
				ids, tr := o.run(t)
				if len(ids[0]) != 1 || len(tr.Contacts()) != 1 {
					t.Errorf("σ %g m %s, seed %d: ids %v, contacts %d", sigma, c.name, seed, ids[0], len(tr.Contacts()))
				}
			}
		}
	}
}

// TestTwoBoats30mStayTwo: two boats 30 m apart, side by side or one
// behind the other, fast or slow, seen by one camera whose placements
// wander together, stay two contacts with their own ids.
func TestTwoBoats30mStayTwo(t *testing.T) {
	for _, c := range []struct {
		name   string
		boats  []mover
		hidden func(b int, sec float64) bool
	}{
		{"abreast at 18 m/s", []mover{boat{"a", 0, 0, 90, 18}, boat{"b", 0, 30, 90, 18}}, nil},
		{"in line at 18 m/s", []mover{boat{"a", 0, 0, 90, 18}, boat{"b", -30, 0, 90, 18}}, nil},
		{"abreast at 4 m/s", []mover{boat{"a", 0, 0, 0, 4}, boat{"b", 30, 0, 0, 4}}, nil},
		{"anchored", []mover{boat{"a", 0, 0, 0, 0}, boat{"b", 30, 0, 0, 0}}, nil},
		{"abreast, turning back together", []mover{turning{0, 0, 90, 18, 10, 40}, turning{0, 30, 90, 18, 10, 10}}, nil},
		// One hidden for 2 s (behind the other, spray): both keep their ids.
		{"abreast, one hidden for 2 s", []mover{boat{"a", 0, 0, 0, 4}, boat{"b", 30, 0, 0, 4}}, func(b int, sec float64) bool {
			return b == 0 && sec >= 15 && sec < 17
		}},
		// The camera turns from one to the other: never seen together,
		// the second comes into view 0.4 s after the first leaves it.
		{"one, then the other", []mover{boat{"a", 0, 0, 0, 4}, boat{"b", 30, 0, 0, 4}}, func(b int, sec float64) bool {
			return b == 0 && sec >= 20 || b == 1 && sec < 20.4
		}},
	} {
		sigmas := []float64{5, 10}
		if strings.HasPrefix(c.name, "one, then") {
			// A boat that comes into view 30 m from where another left it
			// 0.4 s earlier, placed to ±10 m, may be the same (see stitch);
			// placed to ±6 m, its first detections may lie within the
			// gate of the other's track (3.7 sigma) when they stray
			// towards it (seen with anchored boats 30 m apart, 0.2 s).
			sigmas = sigmas[:1]
		}
		for _, sigma := range sigmas {
			for seed := range uint64(3) {
				o := observed{boats: c.boats, fps: 5, dur: 40, err: placement{common: sigma, own: 3, tau: 2}, seed: seed, hidden: c.hidden}
				ids, tr := o.run(t)
				if !strings.HasPrefix(c.name, "one, then") {
					require.Len(t, tr.Contacts(), 2, "%s σ %g seed %d: ids %v", c.name, sigma, seed, ids)
				}
				require.Len(t, ids[0], 1, "%s σ %g seed %d: ids %v", c.name, sigma, seed, ids)
				require.Len(t, ids[1], 1, "%s σ %g seed %d: ids %v", c.name, sigma, seed, ids)
				require.NotEqual(t, ids[0][0], ids[1][0], "%s σ %g seed %d: one contact", c.name, sigma, seed)
			}
		}
	}
}

// TestFragmentsAreOneBoat: a detector that now and then gives a boat a
// second box inside its own (a fragment, or the same box twice) does not
// split it into two contacts that trade its detections.
func TestFragmentsAreOneBoat(t *testing.T) {
	for seed := range uint64(5) {
		o := observed{boats: []mover{boat{"rib", 0, 0, 57, 18}}, fps: 5, dur: 30, err: placement{common: 5, own: 2, tau: 2}, seed: seed,
			dup: func(_ int, frame int) bool { return frame%7 == 3 || frame%11 == 5 }}
		ids, tr := o.run(t)
		require.Len(t, ids[0], 1, "seed %d: ids %v", seed, ids[0])
		require.Len(t, tr.Contacts(), 1)
	}
}

// TestFastBoatTurnsBack: a RIB at 18 m/s turns back, hard (a 25 m
// circle, 4.4 s at 1.3 g) or at once (the simulator's loop routes), and
// keeps its id.
func TestFastBoatTurnsBack(t *testing.T) {
	for _, r := range []float64{25, 0} {
		for _, sigma := range []float64{5, 10} {
			for seed := range uint64(5) {
				o := observed{boats: []mover{turning{0, 0, 57, 18, 15, r}}, fps: 5, dur: 35,
					err: placement{common: sigma * 0.9, own: sigma * 0.45, tau: 2}, seed: seed}
				ids, tr := o.run(t)
				if len(ids[0]) != 1 || len(tr.Contacts()) != 1 {
					t.Errorf("radius %g m, σ %g m, seed %d: ids %v, contacts %d", r, sigma, seed, ids[0], len(tr.Contacts()))
				}
			}
		}
	}
}
